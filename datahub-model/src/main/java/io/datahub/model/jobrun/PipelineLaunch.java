package io.datahub.model.jobrun;

import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;

/**
 * A pipeline run a job runner must start now.
 *
 * @param attempt     1-based; its completion must quote the same number
 * @param fallbackFor the failed step this run stands in for, or null
 * @param runId       the run id of this attempt ({@link io.datahub.model.job.JobRunIds#runId})
 * @param parameters  the job parameters
 */
public record PipelineLaunch(String jobRunId, String app, String jobId, String pipelineId, int attempt, String fallbackFor,
                             String runId, LocalDate runDate, Map<String, String> parameters) {

    public PipelineLaunch {
        Objects.requireNonNull(jobRunId, "jobRunId");
        Objects.requireNonNull(pipelineId, "pipelineId");
        Objects.requireNonNull(runId, "runId");
        parameters = Map.copyOf(parameters);
    }
}
