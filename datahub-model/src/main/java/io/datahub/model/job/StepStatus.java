package io.datahub.model.job;

/** Where one pipelineRef of a job run stands. */
public enum StepStatus {
    /** Not launched yet: waiting for its dependencies, or for {@link JobRun#begin}. */
    PENDING,
    /** Launched; its completion has not arrived. */
    RUNNING,
    /** Failed under {@link FailurePolicy#RETRY}; the next attempt is due at a known instant. */
    WAITING_RETRY,
    SUCCEEDED,
    /** The last attempt failed (the step may still count as satisfied: CONTINUE, or a fallback). */
    FAILED,
    /** Not run because a dependency failed under {@link FailurePolicy#SKIP} or was skipped. */
    SKIPPED,
    /** Not run (or not retried) because the job halted or an operator cancelled it. */
    CANCELLED
}
