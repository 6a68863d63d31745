package io.datahub.submit;

import io.datahub.model.run.ErrorCategory;

/**
 * A submitter call could not be completed. {@link #transientFailure()} tells the caller whether to try the
 * same call again later (the cluster manager could not be reached, timed out, or answered HTTP 5xx) or to give
 * up (the request was refused). The message never contains a secret.
 */
public class SubmitException extends RuntimeException {

    private final boolean transientFailure;
    private final ErrorCategory errorCategory;
    private final int httpStatus;

    public SubmitException(String message, boolean transientFailure) {
        this(message, transientFailure, 0, null);
    }

    public SubmitException(String message, boolean transientFailure, Throwable cause) {
        this(message, transientFailure, 0, cause);
    }

    public SubmitException(String message, boolean transientFailure, int httpStatus, Throwable cause) {
        this(message, transientFailure, ErrorCategory.SUBMISSION_FAILED, httpStatus, cause);
    }

    public SubmitException(String message, boolean transientFailure, ErrorCategory errorCategory, int httpStatus, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
        this.errorCategory = errorCategory == null ? ErrorCategory.SUBMISSION_FAILED : errorCategory;
        this.httpStatus = httpStatus;
    }

    /** True when trying the same call again later may succeed (unreachable, timeout, HTTP 5xx). */
    public boolean transientFailure() {
        return transientFailure;
    }

    /** The category to record when the caller gives up: {@link ErrorCategory#SUBMISSION_FAILED}. */
    public ErrorCategory errorCategory() {
        return errorCategory;
    }

    /** The HTTP status the cluster manager answered, or 0 when there was no answer. */
    public int httpStatus() {
        return httpStatus;
    }
}
