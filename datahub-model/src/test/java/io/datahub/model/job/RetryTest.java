package io.datahub.model.job;

import static io.datahub.model.job.Fixtures.at;
import static io.datahub.model.job.Fixtures.launch;
import static io.datahub.model.job.Fixtures.launches;
import static io.datahub.model.job.Fixtures.retry;
import static io.datahub.model.job.Fixtures.statuses;
import static io.datahub.model.job.Fixtures.step;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryTest {

    private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

    @Test
    void retryWaitsForItsDelayAndSucceedsOnAttemptTwo() {
        RunDriver run = new RunDriver(Fixtures.graph(
                retry("s", 3, TEN_MINUTES),
                step("next", FailurePolicy.HALT, "s")));
        assertEquals(launches(JobStatus.RUNNING, launch("s", 1)), run.begin(at(0)));

        assertEquals(launches(JobStatus.RUNNING), run.fail("s", 1, "timeout", at(1)));
        assertEquals(StepStatus.WAITING_RETRY, run.run().stepStatus("s"));
        assertEquals(1, run.run().attempt("s"));
        assertEquals(Optional.of(at(11)), run.run().nextWakeUp());

        assertEquals(launches(JobStatus.RUNNING), run.due(at(10)));
        assertEquals(StepStatus.WAITING_RETRY, run.run().stepStatus("s"));

        assertEquals(launches(JobStatus.RUNNING, launch("s", 2)), run.due(at(11)));
        assertEquals(Optional.empty(), run.run().nextWakeUp());
        assertEquals(launches(JobStatus.RUNNING, launch("next", 1)), run.ok("s", 2, at(12)));
        assertEquals(launches(JobStatus.SUCCEEDED), run.ok("next", 1, at(13)));
    }

    @Test
    void wakeUpIsTheEarliestDueRetryAndAnyEventLaunchesRetriesThatAreDue() {
        RunDriver run = new RunDriver(Fixtures.graph(
                retry("x", 1, Duration.ofMinutes(5)),
                retry("y", 1, Duration.ofMinutes(2)),
                step("z", FailurePolicy.HALT)));
        assertEquals(launches(JobStatus.RUNNING, launch("x", 1), launch("y", 1), launch("z", 1)), run.begin(at(0)));
        run.fail("x", 1, "x broke", at(0));  // due at 5
        run.fail("y", 1, "y broke", at(1));  // due at 3
        assertEquals(Optional.of(at(3)), run.run().nextWakeUp());

        assertEquals(launches(JobStatus.RUNNING, launch("y", 2)), run.due(at(3)));
        assertEquals(Optional.of(at(5)), run.run().nextWakeUp());

        // z's completion at minute 6 comes after x's retry fell due, so it launches x's retry too
        assertEquals(launches(JobStatus.RUNNING, launch("x", 2)), run.ok("z", 1, at(6)));
        assertEquals(Optional.empty(), run.run().nextWakeUp());
        run.ok("x", 2, at(7));
        assertEquals(launches(JobStatus.SUCCEEDED), run.ok("y", 2, at(8)));
    }

    @Test
    void retriesDueAtTheSameInstantLaunchInDocumentOrder() {
        RunDriver run = new RunDriver(Fixtures.graph(
                retry("x", 1, Duration.ofMinutes(2)),
                retry("y", 1, Duration.ofMinutes(5))));
        run.begin(at(0));
        run.fail("y", 1, "y broke", at(0));  // due at 5
        run.fail("x", 1, "x broke", at(3));  // due at 5
        assertEquals(launches(JobStatus.RUNNING, launch("x", 2), launch("y", 2)), run.due(at(9)));
    }

    /**
     * r (retry once, no delay), w (retry once after 10 minutes), long (halt), next_r after r, next_long
     * after long. r fails twice while w waits for its retry and long is still running.
     */
    @Test
    void exhaustedRetryHaltsTheJobWhileAnotherBranchFinishes() {
        RunDriver run = new RunDriver(Fixtures.graph(
                retry("r", 1, Duration.ZERO),
                retry("w", 1, TEN_MINUTES),
                step("long", FailurePolicy.HALT),
                step("next_r", FailurePolicy.HALT, "r"),
                step("next_long", FailurePolicy.HALT, "long")));
        assertEquals(launches(JobStatus.RUNNING, launch("r", 1), launch("w", 1), launch("long", 1)),
                run.begin(at(0)));
        assertEquals(launches(JobStatus.RUNNING), run.fail("w", 1, "w broke", at(1)));
        assertEquals(launches(JobStatus.RUNNING, launch("r", 2)), run.fail("r", 1, "r broke", at(2)));

        assertEquals(Fixtures.cancels(JobStatus.RUNNING, "w", "next_r", "next_long"),
                run.fail("r", 2, "r broke again", at(3)));
        assertEquals("r=FAILED w=CANCELLED long=RUNNING next_r=CANCELLED next_long=CANCELLED",
                statuses(run.run()));
        assertEquals(Optional.empty(), run.run().nextWakeUp());
        // w's retry time passes: nothing is launched once the job halted
        assertEquals(launches(JobStatus.RUNNING), run.due(at(20)));

        assertEquals(launches(JobStatus.FAILED), run.ok("long", 1, at(21)));
        assertEquals("r=FAILED w=CANCELLED long=SUCCEEDED next_r=CANCELLED next_long=CANCELLED",
                statuses(run.run()));
        assertEquals(2, run.run().attempt("r"));
        assertEquals(1, run.run().attempt("w"));
        assertEquals(Optional.of("w broke"), run.run().failureReason("w"));
        assertEquals(List.of("r"), run.run().failedSteps());
        assertEquals(Optional.of(at(21)), run.run().finishedAt());
    }

    @Test
    void retryWithoutRetriesLeftIsAHalt() {
        RunDriver run = new RunDriver(Fixtures.graph(
                retry("r", 0, TEN_MINUTES),
                step("after", FailurePolicy.HALT, "r")));
        run.begin(at(0));
        assertEquals(Fixtures.cancels(JobStatus.FAILED, "after"), run.fail("r", 1, "broke", at(1)));
        assertEquals(1, run.run().attempt("r"));
    }
}
