package io.datahub.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datahub.model.run.ErrorCategory;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RunTimeoutTest {

    private static final Instant SUBMITTED = Instant.parse("2026-01-15T06:00:00Z");

    @Test
    void aRunStillGoingAtItsTimeoutHasExceededIt() {
        Submission running = Submission.submitted("r1", SubmitMode.LIVY_BATCH, "0", SUBMITTED);
        Duration timeout = Duration.ofMinutes(30);
        assertFalse(RunTimeout.exceeded(running, timeout, SUBMITTED.plus(timeout).minusMillis(1)));
        assertTrue(RunTimeout.exceeded(running, timeout, SUBMITTED.plus(timeout)));
        Submission ended = running.ended(SubmissionState.FAILED, ErrorCategory.INTERNAL, "boom", null, SUBMITTED.plusSeconds(5));
        assertFalse(RunTimeout.exceeded(ended, timeout, SUBMITTED.plus(Duration.ofHours(2))), "a final run is never timed out");
    }

    @Test
    void theMessageSaysTheTimeoutAsPeopleWriteIt() {
        assertEquals("run r1 did not finish within 2 h of its submission; it was cancelled", RunTimeout.message("r1", Duration.ofHours(2)));
        assertEquals("5 min", RunTimeout.describe(Duration.ofMinutes(5)));
        assertEquals("90 s", RunTimeout.describe(Duration.ofSeconds(90)));
        assertEquals("1500 ms", RunTimeout.describe(Duration.ofMillis(1500)));
        assertEquals("61 min", RunTimeout.describe(Duration.ofMinutes(61)));
    }
}
