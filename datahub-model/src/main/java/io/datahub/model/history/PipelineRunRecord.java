package io.datahub.model.history;

import io.datahub.model.run.ErrorCategory;
import io.datahub.model.run.PipelineRunResult;
import io.datahub.model.run.RunStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One row of {@code pipeline_runs}: one attempt of one pipeline run, keyed by run id and attempt.
 * A start record (SUBMITTED/RUNNING) and the completion record of the same attempt share the key;
 * the later write replaces the earlier one.
 *
 * @param runId           run id (key)
 * @param attempt         attempt number from 1 (key)
 * @param jobRunId        the job run it belongs to, or null for a standalone run
 * @param app             application
 * @param layer           layer folder
 * @param pipelineId      pipeline id
 * @param pipelineVersion pipeline version, or null
 * @param runDate         business date, or null
 * @param submitMode      how it was submitted (e.g. livy, spark-submit, embedded), or null
 * @param sparkAppId      Spark application id, or null
 * @param status          status
 * @param startedAt       start, or null; stored to the millisecond
 * @param endedAt         end, or null while running; stored to the millisecond
 * @param durationMs      duration, or null
 * @param rowsRead        rows read over all sources, or null
 * @param rowsWritten     rows written per target label, or null
 * @param errorCategory   why it failed, or null
 * @param errorMessage    what failed, or null (stored truncated to 4000 characters)
 * @param sla             ISO-8601 duration, or null
 * @param slaStatus       SLA outcome, or null
 */
public record PipelineRunRecord(String runId, int attempt, String jobRunId, String app, String layer, String pipelineId,
                                String pipelineVersion, LocalDate runDate, String submitMode, String sparkAppId,
                                RunStatus status, Instant startedAt, Instant endedAt, Long durationMs, Long rowsRead,
                                Map<String, Long> rowsWritten, ErrorCategory errorCategory, String errorMessage,
                                String sla, SlaStatus slaStatus) {

    public PipelineRunRecord {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(pipelineId, "pipelineId");
        Objects.requireNonNull(status, "status");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be 1 or more, was " + attempt);
        }
        rowsWritten = rowsWritten == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(rowsWritten));
    }

    /**
     * The record of a finished (or failed) run from the Spark job's result.
     *
     * @param measuredFrom where the SLA clock starts (schedule or submission time); null means the result's start
     * @param now          the current time, for the SLA of a result without an end
     */
    public static PipelineRunRecord from(PipelineRunResult result, int attempt, String jobRunId, String submitMode,
                                         String sparkAppId, String sla, Instant measuredFrom, Instant now) {
        Long rowsRead = result.rowsRead() == null ? null
                : result.rowsRead().values().stream().filter(Objects::nonNull).mapToLong(Long::longValue).sum();
        // PipelineRunResult.durationMs() says 0 when a timestamp is missing; history says "unknown" instead.
        Long durationMs = result.startedAt() == null || result.endedAt() == null ? null : result.durationMs();
        Instant from = measuredFrom != null ? measuredFrom : result.startedAt();
        return new PipelineRunRecord(result.runId(), attempt, jobRunId, result.app(), result.layer(), result.pipelineId(),
                result.pipelineVersion(), result.runDate() == null ? null : LocalDate.parse(result.runDate()),
                submitMode, sparkAppId, result.status(), result.startedAt(), result.endedAt(), durationMs, rowsRead,
                result.rowsWritten(), result.errorCategory(), result.errorMessage(), sla,
                SlaEvaluator.evaluate(sla, from, result.endedAt(), now));
    }
}
