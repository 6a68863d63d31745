package io.datahub.model.job;

import static io.datahub.model.job.Fixtures.at;
import static io.datahub.model.job.Fixtures.cancels;
import static io.datahub.model.job.Fixtures.launch;
import static io.datahub.model.job.Fixtures.launches;
import static io.datahub.model.job.Fixtures.retry;
import static io.datahub.model.job.Fixtures.statuses;
import static io.datahub.model.job.Fixtures.step;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * h (halt), r (retry twice), s (skip) run side by side; after_r and after_s follow r and s. h fails
 * first: what is still running finishes and is recorded, but no policy acts any more.
 */
class HaltTest {

    private final RunDriver run = new RunDriver(Fixtures.graph(
            step("h", FailurePolicy.HALT),
            retry("r", 2, Duration.ZERO),
            step("s", FailurePolicy.SKIP),
            step("after_r", FailurePolicy.HALT, "r"),
            step("after_s", FailurePolicy.HALT, "s")));

    @Test
    void runningStepsAreRecordedButNeitherRetriedNorSkipped() {
        assertEquals(launches(JobStatus.RUNNING, launch("h", 1), launch("r", 1), launch("s", 1)), run.begin(at(0)));

        assertEquals(cancels(JobStatus.RUNNING, "after_r", "after_s"), run.fail("h", 1, "invalid config", at(1)));
        assertEquals(JobStatus.RUNNING, run.run().status());

        // r would have two retries left, but a halted job launches nothing
        assertEquals(launches(JobStatus.RUNNING), run.fail("r", 1, "timeout", at(2)));
        assertEquals(StepStatus.FAILED, run.run().stepStatus("r"));

        assertEquals(launches(JobStatus.FAILED), run.ok("s", 1, at(3)));
        assertEquals("h=FAILED r=FAILED s=SUCCEEDED after_r=CANCELLED after_s=CANCELLED", statuses(run.run()));
        assertEquals(List.of("h", "r"), run.run().failedSteps());
        assertEquals(1, run.run().attempt("r"));
    }
}
