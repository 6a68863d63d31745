package io.datahub.model.job;

import static io.datahub.model.job.Fixtures.at;
import static io.datahub.model.job.Fixtures.launch;
import static io.datahub.model.job.Fixtures.launches;
import static io.datahub.model.job.Fixtures.skips;
import static io.datahub.model.job.Fixtures.statuses;
import static io.datahub.model.job.Fixtures.step;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two branches, a1 -> a2 -> a3 and b1 -> b2, joined by j (depends on a3 and b2). a1 fails under SKIP:
 * its whole branch and the join are skipped at once, while the b branch runs to the end.
 */
class IndependentBranchesTest {

    private final RunDriver run = new RunDriver(Fixtures.graph(
            step("a1", FailurePolicy.SKIP),
            step("a2", FailurePolicy.HALT, "a1"),
            step("a3", FailurePolicy.HALT, "a2"),
            step("b1", FailurePolicy.HALT),
            step("b2", FailurePolicy.HALT, "b1"),
            step("j", FailurePolicy.HALT, "a3", "b2")));

    @Test
    void skippedBranchDoesNotStopTheOtherOne() {
        assertEquals(launches(JobStatus.RUNNING, launch("a1", 1), launch("b1", 1)), run.begin(at(0)));
        assertEquals(skips(JobStatus.RUNNING, "a2", "a3", "j"), run.fail("a1", 1, "bad input", at(1)));
        assertEquals(launches(JobStatus.RUNNING, launch("b2", 1)), run.ok("b1", 1, at(2)));
        // the job fails because a1 failed under skip, although nothing else went wrong
        assertEquals(launches(JobStatus.FAILED), run.ok("b2", 1, at(3)));

        assertEquals("a1=FAILED a2=SKIPPED a3=SKIPPED b1=SUCCEEDED b2=SUCCEEDED j=SKIPPED", statuses(run.run()));
        assertEquals(List.of("a1"), run.run().failedSteps());
        assertEquals(2, run.run().counts().get(StepStatus.SUCCEEDED));
        assertEquals(3, run.run().counts().get(StepStatus.SKIPPED));
    }

    @Test
    void withoutTheFailureTheJoinRunsLast() {
        run.begin(at(0));
        assertEquals(launches(JobStatus.RUNNING, launch("b2", 1)), run.ok("b1", 1, at(1)));
        assertEquals(launches(JobStatus.RUNNING, launch("a2", 1)), run.ok("a1", 1, at(2)));
        assertEquals(launches(JobStatus.RUNNING), run.ok("b2", 1, at(3)));
        assertEquals(launches(JobStatus.RUNNING, launch("a3", 1)), run.ok("a2", 1, at(4)));
        assertEquals(launches(JobStatus.RUNNING, launch("j", 1)), run.ok("a3", 1, at(5)));
        assertEquals(launches(JobStatus.SUCCEEDED), run.ok("j", 1, at(6)));
    }
}
