package io.datahub.model.job;

import java.time.Instant;

/** The mutable progress of one step inside a {@link JobRun}; exactly what {@link JobRunState} persists. */
final class StepState {

    StepStatus status = StepStatus.PENDING;
    /** Last launched attempt, 1-based; 0 before the first launch. */
    int attempt;
    /** Reason of the latest failed attempt; cleared when the step succeeds. */
    String reason;
    /** When the next attempt is due; set only while WAITING_RETRY. */
    Instant retryAt;
    /** Progress of the fallback run: null until launched, then RUNNING, SUCCEEDED or FAILED. */
    StepStatus fallback;
    String fallbackReason;
}
