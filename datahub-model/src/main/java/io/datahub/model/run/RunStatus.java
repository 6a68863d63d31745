package io.datahub.model.run;

/** The status of a pipeline run attempt or a job run, as recorded in run history (DESIGN section 5). */
public enum RunStatus {
    SUBMITTED, RUNNING, SUCCEEDED, FAILED, SKIPPED, CANCELLED;

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == SKIPPED || this == CANCELLED;
    }
}
