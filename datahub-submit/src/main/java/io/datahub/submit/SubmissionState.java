package io.datahub.submit;

/**
 * Where a submitted run stands, as far as the submitter can tell.
 * {@link #UNKNOWN} is not final: the cluster reported a state the submitter does not know; keep polling.
 */
public enum SubmissionState {
    /** Accepted (or queued for a free session) but not running yet. */
    SUBMITTED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED,
    UNKNOWN;

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
