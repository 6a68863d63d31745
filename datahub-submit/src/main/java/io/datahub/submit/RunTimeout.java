package io.datahub.submit;

import java.time.Duration;
import java.time.Instant;

/**
 * The run timeout callers of a {@link SparkSubmitter} apply (NiFi's SparkPipelineSubmit, the CLI's wait loop): a run
 * not finished this long after its submission is cancelled and fails with category {@code TIMEOUT}, with one message.
 */
public final class RunTimeout {

    private RunTimeout() {
    }

    /** Whether {@code submission}, not final, has run past {@code timeout} at {@code now}. */
    public static boolean exceeded(Submission submission, Duration timeout, Instant now) {
        return !submission.isFinal() && submission.submittedAt() != null && !now.isBefore(submission.submittedAt().plus(timeout));
    }

    /** The failure message of a run cancelled for its timeout. */
    public static String message(String runId, Duration timeout) {
        return "run " + runId + " did not finish within " + describe(timeout) + " of its submission; it was cancelled";
    }

    /** A duration as a person writes it: "2 h", "5 min", "90 s", "1500 ms". */
    public static String describe(Duration duration) {
        if (duration.toMillis() % 3_600_000 == 0 && duration.toHours() > 0) {
            return duration.toHours() + " h";
        }
        if (duration.toMillis() % 60_000 == 0 && duration.toMinutes() > 0) {
            return duration.toMinutes() + " min";
        }
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
