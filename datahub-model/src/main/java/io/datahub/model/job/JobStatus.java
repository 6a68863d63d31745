package io.datahub.model.job;

/** Where a job run stands; everything but {@link #RUNNING} is final. */
public enum JobStatus {
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED
}
