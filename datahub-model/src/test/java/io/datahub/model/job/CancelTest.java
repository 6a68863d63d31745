package io.datahub.model.job;

import static io.datahub.model.job.Fixtures.at;
import static io.datahub.model.job.Fixtures.cancels;
import static io.datahub.model.job.Fixtures.fallback;
import static io.datahub.model.job.Fixtures.fallbackLaunch;
import static io.datahub.model.job.Fixtures.ignored;
import static io.datahub.model.job.Fixtures.launch;
import static io.datahub.model.job.Fixtures.launches;
import static io.datahub.model.job.Fixtures.retry;
import static io.datahub.model.job.Fixtures.statuses;
import static io.datahub.model.job.Fixtures.step;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CancelTest {

    /** a, then b after a; w independent, retried after 10 minutes. */
    private final RunDriver run = new RunDriver(Fixtures.graph(
            step("a", FailurePolicy.HALT),
            step("b", FailurePolicy.HALT, "a"),
            retry("w", 1, Duration.ofMinutes(10))));

    @Test
    void cancelStopsLaunchingAndEndsOnceRunningStepsComplete() {
        assertEquals(launches(JobStatus.RUNNING, launch("a", 1), launch("w", 1)), run.begin(at(0)));
        run.fail("w", 1, "timeout", at(1));
        assertEquals(StepStatus.WAITING_RETRY, run.run().stepStatus("w"));

        assertEquals(cancels(JobStatus.RUNNING, "b", "w"), run.cancel(at(2)));
        assertEquals(Optional.empty(), run.run().nextWakeUp());
        assertEquals(launches(JobStatus.RUNNING), run.due(at(30)));

        assertEquals(launches(JobStatus.CANCELLED), run.ok("a", 1, at(31)));
        assertEquals("a=SUCCEEDED b=CANCELLED w=CANCELLED", statuses(run.run()));
        assertEquals(Optional.of(at(31)), run.run().finishedAt());
    }

    @Test
    void cancelBeforeBeginCancelsEverything() {
        assertEquals(cancels(JobStatus.CANCELLED, "a", "b", "w"), run.cancel(at(0)));
        assertEquals(ignored(JobStatus.CANCELLED), run.begin(at(1)));
        assertEquals("a=CANCELLED b=CANCELLED w=CANCELLED", statuses(run.run()));
    }

    @Test
    void cancelIsIgnoredWhenRepeatedOrAfterTheEnd() {
        run.begin(at(0));
        run.cancel(at(1));
        assertEquals(ignored(JobStatus.RUNNING), run.cancel(at(2)));

        RunDriver finished = new RunDriver(Fixtures.graph(step("only", FailurePolicy.HALT)));
        finished.begin(at(0));
        finished.ok("only", 1, at(1));
        assertEquals(ignored(JobStatus.SUCCEEDED), finished.cancel(at(2)));
        assertEquals(JobStatus.SUCCEEDED, finished.run().status());
    }

    @Test
    void cancelAfterAHaltIsIgnoredAndTheJobStillFails() {
        run.begin(at(0));
        assertEquals(cancels(JobStatus.RUNNING, "b"), run.fail("a", 1, "broken", at(1)));
        assertEquals(ignored(JobStatus.RUNNING), run.cancel(at(2)));
        assertEquals(launches(JobStatus.FAILED), run.ok("w", 1, at(3)));
    }

    @Test
    void runningFallbackIsRecordedAfterCancel() {
        RunDriver withFallback = new RunDriver(Fixtures.graph(
                fallback("load", "load_from_backup"),
                step("report", FailurePolicy.HALT, "load")));
        withFallback.begin(at(0));
        assertEquals(launches(JobStatus.RUNNING, fallbackLaunch("load_from_backup", "load")),
                withFallback.fail("load", 1, "offline", at(1)));
        assertEquals(cancels(JobStatus.RUNNING, "report"), withFallback.cancel(at(2)));
        assertEquals(launches(JobStatus.CANCELLED), withFallback.ok("load_from_backup", 1, at(3)));
        assertEquals(Optional.of("load_from_backup"), withFallback.run().recoveredBy("load"));
        assertEquals("load=FAILED report=CANCELLED", statuses(withFallback.run()));
    }

    @Test
    void aFailureAfterCancelTriggersNoPolicy() {
        run.begin(at(0));
        run.cancel(at(1));
        // w would be retried, a would halt: neither happens, and the job ends CANCELLED, not FAILED
        assertEquals(launches(JobStatus.RUNNING), run.fail("w", 1, "timeout", at(2)));
        assertEquals(launches(JobStatus.CANCELLED), run.fail("a", 1, "broken", at(3)));
        assertEquals("a=FAILED b=CANCELLED w=FAILED", statuses(run.run()));
    }
}
