package io.datahub.model.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The machine-readable result of one pipeline run, written by the Spark job to the location its caller
 * names and to the driver log on one line starting with {@link #LOG_MARKER} (a caller that only sees
 * Livy's batch log can still read it). The NiFi side and the CLI record it in run history.
 *
 * @param runId           the run id
 * @param app             application
 * @param layer           layer
 * @param pipelineId      pipeline id
 * @param pipelineVersion pipeline version
 * @param runDate         run date (ISO yyyy-MM-dd)
 * @param status          SUCCEEDED or FAILED
 * @param startedAt       when the job started working
 * @param endedAt         when it ended
 * @param rowsRead        rows read per source id
 * @param rowsWritten     rows written per target label
 * @param rowsQuarantined rows sent to quarantine datasets, per validate output name
 * @param rowsRejected    rows of sources that did not fit their schema (badRecords=reject/drop), per source id
 * @param steps           per-element metrics in execution order
 * @param warnings        data-quality warnings (action="warn") and similar, human-readable
 * @param errorCategory   why it failed, or null
 * @param errorMessage    what failed, naming the element, or null (never a secret)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PipelineRunResult(String runId, String app, String layer, String pipelineId, String pipelineVersion, String runDate,
                                RunStatus status, Instant startedAt, Instant endedAt,
                                Map<String, Long> rowsRead, Map<String, Long> rowsWritten, Map<String, Long> rowsQuarantined,
                                Map<String, Long> rowsRejected, List<StepMetrics> steps, List<String> warnings,
                                ErrorCategory errorCategory, String errorMessage) {

    /** Prefix of the one log line carrying the result as JSON. */
    public static final String LOG_MARKER = "DATAHUB_RESULT ";

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public long durationMs() {
        return startedAt == null || endedAt == null ? 0 : endedAt.toEpochMilli() - startedAt.toEpochMilli();
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write run result", e);
        }
    }

    public static PipelineRunResult fromJson(String json) {
        try {
            return JSON.readValue(json, PipelineRunResult.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a run result: " + e.getOriginalMessage(), e);
        }
    }

    /** The result in a driver log (Livy's batch log lines, possibly prefixed with "stdout: "), if present. */
    public static Optional<PipelineRunResult> fromLog(List<String> lines) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i);
            int at = line.indexOf(LOG_MARKER);
            if (at >= 0) {
                return Optional.of(fromJson(line.substring(at + LOG_MARKER.length()).strip()));
            }
        }
        return Optional.empty();
    }

    /** The log line: marker plus compact JSON on a single line. */
    public String toLogLine() {
        return LOG_MARKER + toJson();
    }
}
