package io.datahub.spark.api;

import io.datahub.model.run.ErrorCategory;

/**
 * A failure the job reports as its outcome: a category and a message that names the element.
 * Strategies throw it for problems they recognise; the engine classifies everything else.
 */
public class DatahubException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCategory category;

    public DatahubException(ErrorCategory category, String message) {
        super(message);
        this.category = category;
    }

    public DatahubException(ErrorCategory category, String message, Throwable cause) {
        super(message, cause);
        this.category = category;
    }

    public ErrorCategory category() {
        return category;
    }
}
