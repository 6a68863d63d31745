package io.datahub.model.job;

/** A job definition that cannot be planned: the message says which pipelineRef and why. */
public final class JobGraphException extends RuntimeException {

    public JobGraphException(String message) {
        super(message);
    }
}
