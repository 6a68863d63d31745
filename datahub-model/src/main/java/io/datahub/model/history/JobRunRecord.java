package io.datahub.model.history;

import io.datahub.model.run.RunStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One row of {@code job_runs}: one run of a job pipeline, keyed by its job run id. Written when the job
 * starts and again as it progresses and ends; each write replaces the row.
 *
 * @param failedPipelines the error message of each failed pipeline, by pipeline id, or null
 */
public record JobRunRecord(String jobRunId, String app, String jobId, String jobVersion, LocalDate runDate, RunStatus status,
                           Instant startedAt, Instant endedAt, Long durationMs, int pipelinesTotal, int succeeded, int failed,
                           int skipped, int cancelled, Map<String, String> failedPipelines, String errorMessage, String sla,
                           SlaStatus slaStatus) {

    public JobRunRecord {
        Objects.requireNonNull(jobRunId, "jobRunId");
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(status, "status");
        failedPipelines = failedPipelines == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(failedPipelines));
    }
}
