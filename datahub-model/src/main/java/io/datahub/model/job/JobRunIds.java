package io.datahub.model.job;

import java.time.LocalDate;
import java.util.Objects;
import java.util.UUID;

/**
 * The ids of a job run and of its pipeline runs. A pipeline run id is derived from the job run, the pipeline and the
 * attempt, so a job runner needs to keep none of them, and every attempt has its own (Livy refuses a second batch of the
 * same name; the launcher keeps one work directory per run id).
 */
public final class JobRunIds {

    private JobRunIds() {
    }

    /** A new job run id: {@code <jobId>-<runDate>-<8 hex digits>}. */
    public static String newJobRunId(String jobId, LocalDate runDate) {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(runDate, "runDate");
        return jobId + "-" + runDate + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The run id of one attempt of a pipeline in a job run: {@code <jobRunId>-<pipelineId>-<attempt>}. */
    public static String runId(String jobRunId, String pipelineId, int attempt) {
        Objects.requireNonNull(jobRunId, "jobRunId");
        Objects.requireNonNull(pipelineId, "pipelineId");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be >= 1, got " + attempt);
        }
        return jobRunId + "-" + pipelineId + "-" + attempt;
    }
}
