package io.datahub.model.job;

import static io.datahub.model.job.Fixtures.at;
import static io.datahub.model.job.Fixtures.cancels;
import static io.datahub.model.job.Fixtures.fallbackLaunch;
import static io.datahub.model.job.Fixtures.launch;
import static io.datahub.model.job.Fixtures.launches;
import static io.datahub.model.job.Fixtures.skips;
import static io.datahub.model.job.Fixtures.statuses;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The diamond a -> b, a -> c, {b, c} -> d, with the policy under test on b. In every scenario a
 * succeeds, b fails while c is still running, then c succeeds.
 */
class DiamondTest {

    private static RunDriver diamond(FailurePolicy policyOnB) {
        JobStep b = new JobStep("b", List.of("a"), policyOnB, policyOnB == FailurePolicy.RETRY ? 1 : 0,
                Duration.ZERO, policyOnB == FailurePolicy.FALLBACK ? "b_fallback" : null);
        RunDriver run = new RunDriver(Fixtures.graph(
                Fixtures.step("a", FailurePolicy.HALT),
                b,
                Fixtures.step("c", FailurePolicy.HALT, "a"),
                Fixtures.step("d", FailurePolicy.HALT, "b", "c")));
        assertEquals(launches(JobStatus.RUNNING, launch("a", 1)), run.begin(at(0)));
        assertEquals(launches(JobStatus.RUNNING, launch("b", 1), launch("c", 1)), run.ok("a", 1, at(1)));
        return run;
    }

    @Test
    void haltOnB() {
        RunDriver run = diamond(FailurePolicy.HALT);
        // c is still running, so the job is not finished yet
        assertEquals(cancels(JobStatus.RUNNING, "d"), run.fail("b", 1, "boom", at(2)));
        assertEquals(launches(JobStatus.FAILED), run.ok("c", 1, at(3)));
        assertEquals("a=SUCCEEDED b=FAILED c=SUCCEEDED d=CANCELLED", statuses(run.run()));
    }

    @Test
    void skipOnB() {
        RunDriver run = diamond(FailurePolicy.SKIP);
        assertEquals(skips(JobStatus.RUNNING, "d"), run.fail("b", 1, "boom", at(2)));
        assertEquals(launches(JobStatus.FAILED), run.ok("c", 1, at(3)));
        assertEquals("a=SUCCEEDED b=FAILED c=SUCCEEDED d=SKIPPED", statuses(run.run()));
    }

    @Test
    void continueOnB() {
        RunDriver run = diamond(FailurePolicy.CONTINUE);
        assertEquals(launches(JobStatus.RUNNING), run.fail("b", 1, "boom", at(2)));
        assertEquals(launches(JobStatus.RUNNING, launch("d", 1)), run.ok("c", 1, at(3)));
        assertEquals(launches(JobStatus.SUCCEEDED), run.ok("d", 1, at(4)));
        assertEquals("a=SUCCEEDED b=FAILED c=SUCCEEDED d=SUCCEEDED", statuses(run.run()));
        assertEquals(List.of("b"), run.run().failedSteps());
    }

    @Test
    void retryOnBSucceedsOnSecondAttempt() {
        RunDriver run = diamond(FailurePolicy.RETRY);
        assertEquals(launches(JobStatus.RUNNING, launch("b", 2)), run.fail("b", 1, "boom", at(2)));
        // d still waits for b
        assertEquals(launches(JobStatus.RUNNING), run.ok("c", 1, at(3)));
        assertEquals(launches(JobStatus.RUNNING, launch("d", 1)), run.ok("b", 2, at(4)));
        assertEquals(launches(JobStatus.SUCCEEDED), run.ok("d", 1, at(5)));
        assertEquals("a=SUCCEEDED b=SUCCEEDED c=SUCCEEDED d=SUCCEEDED", statuses(run.run()));
        assertEquals(List.of(), run.run().failedSteps());
    }

    @Test
    void fallbackOnBRecovers() {
        RunDriver run = diamond(FailurePolicy.FALLBACK);
        assertEquals(launches(JobStatus.RUNNING, fallbackLaunch("b_fallback", "b")), run.fail("b", 1, "boom", at(2)));
        // b is not satisfied while its fallback runs, so c's success launches nothing
        assertEquals(launches(JobStatus.RUNNING), run.ok("c", 1, at(3)));
        assertEquals(launches(JobStatus.RUNNING, launch("d", 1)), run.ok("b_fallback", 1, at(4)));
        assertEquals(launches(JobStatus.SUCCEEDED), run.ok("d", 1, at(5)));
        assertEquals("a=SUCCEEDED b=FAILED c=SUCCEEDED d=SUCCEEDED", statuses(run.run()));
        assertEquals(Optional.of("b_fallback"), run.run().recoveredBy("b"));
        assertEquals(List.of("b"), run.run().failedSteps());
    }

    /**
     * The same diamond when b never gets through: every run of b (and of its fallback) fails, every other
     * launch succeeds. Launches are answered in the order they were requested.
     */
    @ParameterizedTest(name = "b {0} and never succeeds: job {1}, d {2}")
    @CsvSource({
            "HALT,     FAILED,    CANCELLED",
            "SKIP,     FAILED,    SKIPPED",
            "CONTINUE, SUCCEEDED, SUCCEEDED",
            "RETRY,    FAILED,    CANCELLED",
            "FALLBACK, FAILED,    CANCELLED"})
    void bNeverSucceeds(FailurePolicy policyOnB, JobStatus job, StepStatus d) {
        RunDriver run = diamond(policyOnB);
        Deque<LaunchRequest> queue = new ArrayDeque<>(List.of(launch("b", 1), launch("c", 1)));
        int minute = 2;
        while (!queue.isEmpty()) {
            LaunchRequest next = queue.poll();
            boolean failing = next.pipelineId().startsWith("b");
            Decision decision = failing
                    ? run.fail(next.pipelineId(), next.attempt(), "boom", at(minute++))
                    : run.ok(next.pipelineId(), next.attempt(), at(minute++));
            queue.addAll(decision.launches());
        }
        assertEquals(job, run.run().status());
        assertEquals(d, run.run().stepStatus("d"));
        assertEquals(StepStatus.FAILED, run.run().stepStatus("b"));
        assertEquals(StepStatus.SUCCEEDED, run.run().stepStatus("c"));
        assertEquals(policyOnB == FailurePolicy.RETRY ? 2 : 1, run.run().attempt("b"));
    }
}
