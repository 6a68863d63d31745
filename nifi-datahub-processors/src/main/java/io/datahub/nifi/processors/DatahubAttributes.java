package io.datahub.nifi.processors;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The FlowFile attributes the Data Hub processors read and write: a run travels between them as attributes (and its
 * request or result as content). None of them ever holds a secret.
 */
public final class DatahubAttributes {

    public static final String APP = "datahub.app";
    public static final String LAYER = "datahub.layer";
    public static final String PIPELINE_ID = "datahub.pipeline.id";
    public static final String PIPELINE_VERSION = "datahub.pipeline.version";
    public static final String RUN_ID = "datahub.run.id";
    public static final String RUN_DATE = "datahub.run.date";
    public static final String ATTEMPT = "datahub.attempt";
    public static final String JOB_RUN_ID = "datahub.job.run.id";
    /** Prefix of the run's parameter values: {@code datahub.param.<name>}. */
    public static final String PARAM_PREFIX = "datahub.param.";
    public static final String SLA = "datahub.sla";
    public static final String SCHEDULE = "datahub.schedule";
    public static final String VALIDATION_ERRORS = "datahub.validation.errors";
    public static final String DEFINITION_FILE = "datahub.definition.file";
    /** The job a job-run FlowFile names (PipelineScheduler writes it). */
    public static final String JOB_ID = "datahub.job.id";

    public static final String RUN_STATUS = "datahub.run.status";
    public static final String RUN_STARTED = "datahub.run.started";
    public static final String RUN_ENDED = "datahub.run.ended";
    public static final String RUN_DUE = "datahub.run.due";
    public static final String SUBMIT_MODE = "datahub.submit.mode";
    public static final String SUBMISSION = "datahub.submission";
    public static final String SPARK_APP_ID = "datahub.spark.app.id";
    public static final String LIVY_BATCH_ID = "datahub.livy.batch.id";
    public static final String ROWS_READ = "datahub.rows.read";
    public static final String ROWS_WRITTEN = "datahub.rows.written";
    public static final String ERROR_CATEGORY = "datahub.error.category";
    public static final String ERROR_MESSAGE = "datahub.error.message";
    public static final String SLA_STATUS = "datahub.sla.status";
    public static final String RECORD_ERROR = "datahub.record.error";

    public static final String FILENAME = "filename";
    public static final String ABSOLUTE_PATH = "absolute.path";
    public static final String MIME_TYPE = "mime.type";

    private DatahubAttributes() {
    }

    /** The run's parameters from {@code datahub.param.<name>} attributes. */
    static Map<String, String> parameters(final Map<String, String> attributes) {
        final Map<String, String> parameters = new LinkedHashMap<>();
        attributes.forEach((name, value) -> {
            if (name.startsWith(PARAM_PREFIX) && name.length() > PARAM_PREFIX.length()) {
                parameters.put(name.substring(PARAM_PREFIX.length()), value);
            }
        });
        return parameters;
    }

    /** A time attribute: an ISO-8601 instant ({@code 2026-01-05T06:00:00Z}) or epoch milliseconds; null when absent. */
    static Instant instant(final Map<String, String> attributes, final String name) {
        final String value = attributes.get(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        final String text = value.strip();
        try {
            return text.chars().allMatch(Character::isDigit) ? Instant.ofEpochMilli(Long.parseLong(text)) : Instant.parse(text);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException("attribute " + name + " = '" + value
                    + "' is not a time (an ISO-8601 instant such as 2026-01-05T06:00:00Z, or epoch milliseconds)");
        }
    }

    /** A positive attempt number; 1 when absent. */
    static int attempt(final Map<String, String> attributes) {
        final String value = attributes.get(ATTEMPT);
        if (value == null || value.isBlank()) {
            return 1;
        }
        try {
            final int attempt = Integer.parseInt(value.strip());
            if (attempt >= 1) {
                return attempt;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("attribute " + ATTEMPT + " = '" + value + "' is not an attempt number (1 or more)");
    }
}
