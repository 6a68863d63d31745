package io.datahub.nifi.processors;

import static io.datahub.nifi.processors.DatahubAttributes.APP;
import static io.datahub.nifi.processors.DatahubAttributes.ATTEMPT;
import static io.datahub.nifi.processors.DatahubAttributes.ERROR_CATEGORY;
import static io.datahub.nifi.processors.DatahubAttributes.ERROR_MESSAGE;
import static io.datahub.nifi.processors.DatahubAttributes.JOB_RUN_ID;
import static io.datahub.nifi.processors.DatahubAttributes.LAYER;
import static io.datahub.nifi.processors.DatahubAttributes.PIPELINE_ID;
import static io.datahub.nifi.processors.DatahubAttributes.PIPELINE_VERSION;
import static io.datahub.nifi.processors.DatahubAttributes.RECORD_ERROR;
import static io.datahub.nifi.processors.DatahubAttributes.RUN_DATE;
import static io.datahub.nifi.processors.DatahubAttributes.RUN_DUE;
import static io.datahub.nifi.processors.DatahubAttributes.RUN_ENDED;
import static io.datahub.nifi.processors.DatahubAttributes.RUN_ID;
import static io.datahub.nifi.processors.DatahubAttributes.RUN_STARTED;
import static io.datahub.nifi.processors.DatahubAttributes.RUN_STATUS;
import static io.datahub.nifi.processors.DatahubAttributes.SLA;
import static io.datahub.nifi.processors.DatahubAttributes.SLA_STATUS;
import static io.datahub.nifi.processors.DatahubAttributes.SPARK_APP_ID;
import static io.datahub.nifi.processors.DatahubAttributes.SUBMIT_MODE;

import io.datahub.model.history.PipelineRunRecord;
import io.datahub.model.history.RunHistoryException;
import io.datahub.model.history.SlaEvaluator;
import io.datahub.model.history.SlaStatus;
import io.datahub.model.run.ErrorCategory;
import io.datahub.model.run.PipelineRunResult;
import io.datahub.model.run.RunStatus;
import io.datahub.nifi.services.PropertyMigrations;
import io.datahub.nifi.services.RunHistoryStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.InputRequirement.Requirement;
import org.apache.nifi.annotation.behavior.ReadsAttribute;
import org.apache.nifi.annotation.behavior.ReadsAttributes;
import org.apache.nifi.annotation.behavior.SupportsBatching;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.migration.PropertyConfiguration;
import org.apache.nifi.processor.AbstractProcessor;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.VerifiableProcessor;
import org.apache.nifi.processor.exception.ProcessException;

/**
 * Records one state of a pipeline run in run history, from the FlowFile's attributes (and, for a finished run, the run's
 * result in the content): the row, the SLA status, a provenance event, bulletins and counters. The row, the SLA rule and
 * the classification of database failures are {@code datahub-model}'s.
 */
@Tags({"datahub", "run history", "sla", "monitoring", "spark", "pipeline"})
@CapabilityDescription("Records a Data Hub pipeline run in the run-history table (one row per run attempt, written again as the run"
        + " progresses: idempotent by run id and attempt), evaluates its SLA, emits a provenance event carrying the run id,"
        + " status, rows and error, raises a bulletin when the run failed or breached its SLA, and counts runs, failures and"
        + " SLA breaches in NiFi counters. The run is described by datahub.* attributes; for a finished run, the run result"
        + " JSON in the content (as SparkPipelineSubmit leaves it) adds rows and timings. When the database cannot be"
        + " reached, the FlowFile is routed to retry, so no record is lost.")
@InputRequirement(Requirement.INPUT_REQUIRED)
@SupportsBatching
@SeeAlso(classNames = {"io.datahub.nifi.processors.SparkPipelineSubmit", "io.datahub.nifi.processors.XmlPipelineLoader",
    "io.datahub.nifi.services.JdbcRunHistoryStore"})
@ReadsAttributes({
    @ReadsAttribute(attribute = RUN_STATUS, description = "Required: SUBMITTED, RUNNING, SUCCEEDED, FAILED, SKIPPED or CANCELLED."),
    @ReadsAttribute(attribute = RUN_ID, description = "The run id (required unless the content is a run result)."),
    @ReadsAttribute(attribute = ATTEMPT, description = "The attempt number; 1 when absent."),
    @ReadsAttribute(attribute = JOB_RUN_ID, description = "The job run the run belongs to, if any."),
    @ReadsAttribute(attribute = APP, description = "The application (required unless the content is a run result)."),
    @ReadsAttribute(attribute = LAYER, description = "The layer."),
    @ReadsAttribute(attribute = PIPELINE_ID, description = "The pipeline id (required unless the content is a run result)."),
    @ReadsAttribute(attribute = PIPELINE_VERSION, description = "The pipeline version."),
    @ReadsAttribute(attribute = RUN_DATE, description = "The run date (yyyy-MM-dd)."),
    @ReadsAttribute(attribute = SUBMIT_MODE, description = "How the run was submitted (e.g. LIVY_BATCH)."),
    @ReadsAttribute(attribute = SPARK_APP_ID, description = "The Spark application id."),
    @ReadsAttribute(attribute = ERROR_CATEGORY, description = "Why the run failed (an ErrorCategory such as INPUT_NOT_FOUND, TIMEOUT)."),
    @ReadsAttribute(attribute = ERROR_MESSAGE, description = "What failed."),
    @ReadsAttribute(attribute = SLA, description = "The SLA, an ISO-8601 duration such as PT2H."),
    @ReadsAttribute(attribute = RUN_STARTED, description = "When the run started (ISO-8601 instant or epoch milliseconds)."),
    @ReadsAttribute(attribute = RUN_ENDED, description = "When the run ended; the time of recording for a finished run without it."),
    @ReadsAttribute(attribute = RUN_DUE, description = "When the SLA clock starts (e.g. the scheduled time); datahub.run.started when absent.")
})
@WritesAttributes({
    @WritesAttribute(attribute = SLA_STATUS, description = "MET, BREACHED or UNKNOWN (no SLA, or a run still within it)."),
    @WritesAttribute(attribute = RECORD_ERROR, description = "On failure or retry: why the run could not be recorded.")
})
public class RunRecorder extends AbstractProcessor implements VerifiableProcessor {

    public static final PropertyDescriptor RUN_HISTORY_STORE = new PropertyDescriptor.Builder()
            .name("Run History Store")
            .description("Where run history is written.")
            .required(true)
            .identifiesControllerService(RunHistoryStore.class)
            .build();

    public static final Relationship REL_SUCCESS = new Relationship.Builder()
            .name("success")
            .description("The run was recorded.")
            .build();

    public static final Relationship REL_FAILURE = new Relationship.Builder()
            .name("failure")
            .description("The run could not be recorded and retrying will not help: attributes missing or malformed, or the"
                    + " database refused the row. datahub.record.error says why.")
            .build();

    public static final Relationship REL_RETRY = new Relationship.Builder()
            .name("retry")
            .description("The run-history database could not be reached: the FlowFile is penalized, unchanged; route it back to"
                    + " this processor so the run is recorded once the database is back.")
            .build();

    /** Counter of recorded finished runs, also per application as {@code datahub.runs.<app>}. */
    public static final String COUNTER_RUNS = "datahub.runs";
    public static final String COUNTER_FAILURES = "datahub.failures";
    public static final String COUNTER_SLA_BREACHES = "datahub.sla.breaches";

    private static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(RUN_HISTORY_STORE);
    private static final Set<Relationship> RELATIONSHIPS = Set.of(REL_SUCCESS, REL_FAILURE, REL_RETRY);
    /** Error messages in provenance details are cut to this length; the row keeps up to 4000 characters. */
    private static final int MAX_DETAIL_MESSAGE = 500;

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    @Override
    public Set<Relationship> getRelationships() {
        return RELATIONSHIPS;
    }

    /** Former property name -> current name (never remove an entry); none renamed yet. */
    static final Map<String, String> RENAMED_PROPERTIES = Map.of();

    @Override
    public void migrateProperties(final PropertyConfiguration config) {
        PropertyMigrations.rename(config, RENAMED_PROPERTIES);
    }

    /** Whether runs can be recorded: the store's check of its connection and tables, as it is enabled. */
    @Override
    public List<ConfigVerificationResult> verify(final ProcessContext context, final ComponentLog verificationLogger,
                                                 final Map<String, String> attributes) {
        return context.getProperty(RUN_HISTORY_STORE).asControllerService(RunHistoryStore.class).verifyStore(verificationLogger);
    }

    @Override
    public void onTrigger(final ProcessContext context, final ProcessSession session) throws ProcessException {
        FlowFile flowFile = session.get();
        if (flowFile == null) {
            return;
        }
        final RunHistoryStore store = context.getProperty(RUN_HISTORY_STORE).asControllerService(RunHistoryStore.class);
        final Instant now = Instant.now();
        final PipelineRunRecord record;
        try {
            record = record(flowFile, readResult(session, flowFile), now);
        } catch (IllegalArgumentException e) {
            getLogger().error("Cannot record the run of {}: {}", flowFile, e.getMessage());
            session.transfer(session.putAttribute(flowFile, RECORD_ERROR, e.getMessage()), REL_FAILURE);
            return;
        }
        try {
            store.recordPipelineRun(record);
        } catch (RunHistoryException e) {
            if (e.unavailable()) {
                getLogger().warn("Run {} attempt {} not recorded yet, will retry: {}", record.runId(), record.attempt(), e.getMessage());
                session.transfer(session.penalize(flowFile), REL_RETRY);
                context.yield();
            } else {
                getLogger().error("Run {} attempt {} cannot be recorded: {}", record.runId(), record.attempt(), e.getMessage());
                session.transfer(session.putAttribute(flowFile, RECORD_ERROR, e.getMessage()), REL_FAILURE);
            }
            return;
        }

        flowFile = session.removeAttribute(flowFile, RECORD_ERROR);
        flowFile = session.putAttribute(flowFile, SLA_STATUS, record.slaStatus().name());
        session.getProvenanceReporter().modifyAttributes(flowFile, details(record));
        if (record.status().isFinal()) {
            session.adjustCounter(COUNTER_RUNS, 1, false);
            session.adjustCounter(COUNTER_RUNS + "." + record.app(), 1, false);
            if (record.status() == RunStatus.FAILED) {
                session.adjustCounter(COUNTER_FAILURES, 1, false);
            }
            if (record.slaStatus() == SlaStatus.BREACHED) {
                session.adjustCounter(COUNTER_SLA_BREACHES, 1, false);
            }
        }
        if (record.status() == RunStatus.FAILED) {
            getLogger().error("Pipeline run {} of {}/{} (attempt {}) FAILED: {}: {}", record.runId(), record.app(), record.pipelineId(),
                    record.attempt(), record.errorCategory(), record.errorMessage());
        }
        if (record.slaStatus() == SlaStatus.BREACHED) {
            getLogger().warn("Pipeline run {} of {}/{} (attempt {}) breached its SLA {}: {}", record.runId(), record.app(),
                    record.pipelineId(), record.attempt(), record.sla(), record.status().isFinal()
                            ? "it ended " + record.endedAt() : "still " + record.status() + " at " + now);
        }
        session.transfer(flowFile, REL_SUCCESS);
    }

    /** The run result in the content of a finished run, or null (no content, or content that is not a result). */
    private static PipelineRunResult readResult(final ProcessSession session, final FlowFile flowFile) {
        if (flowFile.getSize() == 0 || !isFinal(flowFile.getAttribute(RUN_STATUS))) {
            return null;
        }
        final AtomicReference<String> content = new AtomicReference<>();
        session.read(flowFile, in -> content.set(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        try {
            final PipelineRunResult result = PipelineRunResult.fromJson(content.get());
            // Other JSON (a run request) reads as a result without a status.
            return result.status() == null ? null : result;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean isFinal(final String status) {
        return status != null && Arrays.stream(RunStatus.values()).anyMatch(s -> s.isFinal() && s.name().equals(status.strip()));
    }

    /**
     * The row from the attributes, completed by the result: the attributes say who the run is and how it ended (a
     * submitter may fail a run the job reported on, e.g. on timeout); the result adds times, rows and its own error.
     */
    static PipelineRunRecord record(final FlowFile flowFile, final PipelineRunResult result, final Instant now) {
        final Map<String, String> a = flowFile.getAttributes();
        final RunStatus status = enumValue(RunStatus.class, RUN_STATUS, a.get(RUN_STATUS), true);
        final int attempt = DatahubAttributes.attempt(a);
        final String runId = required(RUN_ID, first(a.get(RUN_ID), result == null ? null : result.runId()));
        final String app = required(APP, first(a.get(APP), result == null ? null : result.app()));
        final String pipelineId = required(PIPELINE_ID, first(a.get(PIPELINE_ID), result == null ? null : result.pipelineId()));
        final String layer = first(a.get(LAYER), result == null ? null : result.layer());
        final String version = first(a.get(PIPELINE_VERSION), result == null ? null : result.pipelineVersion());
        final LocalDate runDate = date(first(a.get(RUN_DATE), result == null ? null : result.runDate()));
        final String sla = first(a.get(SLA), null);

        Instant startedAt = DatahubAttributes.instant(a, RUN_STARTED);
        Instant endedAt = DatahubAttributes.instant(a, RUN_ENDED);
        if (result != null) {
            startedAt = result.startedAt() != null ? result.startedAt() : startedAt;
            endedAt = result.endedAt() != null ? result.endedAt() : endedAt;
        }
        if (status.isFinal() && endedAt == null) {
            endedAt = now;
        }
        if (!status.isFinal()) {
            endedAt = null;
        }
        final Long durationMs = startedAt == null || endedAt == null ? null : endedAt.toEpochMilli() - startedAt.toEpochMilli();

        ErrorCategory category = enumValue(ErrorCategory.class, ERROR_CATEGORY, a.get(ERROR_CATEGORY), false);
        String message = first(a.get(ERROR_MESSAGE), null);
        if (result != null && status == result.status()) {
            category = category != null ? category : result.errorCategory();
            message = message != null ? message : result.errorMessage();
        }
        if (status == RunStatus.FAILED && category == null) {
            category = ErrorCategory.INTERNAL;  // every failure carries a category; the message says what is known
            message = message != null ? message : "the run failed without an error category or message";
        }
        Long rowsRead = null;
        Map<String, Long> rowsWritten = null;
        if (result != null) {
            rowsRead = result.rowsRead() == null ? null
                    : result.rowsRead().values().stream().filter(Objects::nonNull).mapToLong(Long::longValue).sum();
            rowsWritten = result.rowsWritten();
        }
        final Instant due = DatahubAttributes.instant(a, RUN_DUE);
        final SlaStatus slaStatus = SlaEvaluator.evaluate(sla, due != null ? due : startedAt, endedAt, now);
        return new PipelineRunRecord(runId, attempt, first(a.get(JOB_RUN_ID), null), app, layer, pipelineId, version, runDate,
                first(a.get(SUBMIT_MODE), null), first(a.get(SPARK_APP_ID), null), status, startedAt, endedAt, durationMs, rowsRead,
                rowsWritten, category, message, sla, slaStatus);
    }

    /** Provenance details: the run id and its outcome. */
    static String details(final PipelineRunRecord record) {
        final StringBuilder details = new StringBuilder("run ").append(record.runId()).append(" attempt ").append(record.attempt())
                .append(": ").append(record.status());
        if (record.rowsRead() != null) {
            details.append("; rows read ").append(record.rowsRead());
        }
        if (record.rowsWritten() != null) {
            details.append("; rows written ").append(record.rowsWritten());
        }
        if (record.errorCategory() != null) {
            final String message = record.errorMessage() == null ? "" : record.errorMessage();
            details.append("; error ").append(record.errorCategory()).append(": ")
                    .append(message.length() > MAX_DETAIL_MESSAGE ? message.substring(0, MAX_DETAIL_MESSAGE) + "..." : message);
        }
        details.append("; SLA ").append(record.slaStatus());
        return details.toString();
    }

    private static String first(final String attribute, final String fallback) {
        return attribute == null || attribute.isBlank() ? fallback : attribute.strip();
    }

    private static String required(final String attribute, final String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("attribute " + attribute + " is missing");
        }
        return value;
    }

    private static LocalDate date(final String value) {
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("attribute " + RUN_DATE + " = '" + value + "' is not a date (yyyy-MM-dd)");
        }
    }

    private static <E extends Enum<E>> E enumValue(final Class<E> type, final String attribute, final String value, final boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw new IllegalArgumentException("attribute " + attribute + " is missing");
            }
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("attribute " + attribute + " = '" + value + "' is not one of "
                    + Arrays.toString(type.getEnumConstants()));
        }
    }
}
