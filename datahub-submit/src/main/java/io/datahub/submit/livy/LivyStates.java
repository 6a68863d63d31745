package io.datahub.submit.livy;

import io.datahub.submit.SubmissionState;
import java.util.Set;

/** Livy's batch and session states, mapped to submission states. */
final class LivyStates {

    /** Session states after which a session runs nothing more. */
    static final Set<String> SESSION_GONE = Set.of("dead", "error", "killed", "shutting_down", "success");

    private LivyStates() {
    }

    /**
     * not_started, starting -> SUBMITTED; running, busy, idle, shutting_down, recovering -> RUNNING; success -> SUCCEEDED;
     * dead, error, killed -> FAILED; anything else -> UNKNOWN (keep polling).
     */
    static SubmissionState ofBatch(String state) {
        if (state == null) {
            return SubmissionState.UNKNOWN;
        }
        return switch (state) {
            case "not_started", "starting" -> SubmissionState.SUBMITTED;
            case "running", "busy", "idle", "shutting_down", "recovering" -> SubmissionState.RUNNING;
            case "success" -> SubmissionState.SUCCEEDED;
            case "dead", "error", "killed" -> SubmissionState.FAILED;
            default -> SubmissionState.UNKNOWN;
        };
    }
}
