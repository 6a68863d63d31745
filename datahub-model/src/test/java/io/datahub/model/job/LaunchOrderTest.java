package io.datahub.model.job;

import static io.datahub.model.job.Fixtures.at;
import static io.datahub.model.job.Fixtures.fallback;
import static io.datahub.model.job.Fixtures.fallbackLaunch;
import static io.datahub.model.job.Fixtures.launch;
import static io.datahub.model.job.Fixtures.launches;
import static io.datahub.model.job.Fixtures.retry;
import static io.datahub.model.job.Fixtures.step;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Launches in one decision follow document order, not the order in which the planner found them. */
class LaunchOrderTest {

    @Test
    void newStepBeforeAnEarlierReadyRetry() {
        // p is written first but depends on s, so it comes after r and s in topological order
        RunDriver run = new RunDriver(Fixtures.graph(
                step("p", FailurePolicy.HALT, "s"),
                retry("r", 1, Duration.ofMinutes(5)),
                step("s", FailurePolicy.HALT)));
        assertEquals(launches(JobStatus.RUNNING, launch("r", 1), launch("s", 1)), run.begin(at(0)));
        run.fail("r", 1, "timeout", at(1));  // due at 6
        assertEquals(launches(JobStatus.RUNNING, launch("p", 1), launch("r", 2)), run.ok("s", 1, at(7)));
    }

    @Test
    void dueRetryBeforeALaterFallback() {
        RunDriver run = new RunDriver(Fixtures.graph(
                retry("r", 1, Duration.ofMinutes(5)),
                fallback("f", "f_backup")));
        run.begin(at(0));
        run.fail("r", 1, "timeout", at(1));  // due at 6
        assertEquals(launches(JobStatus.RUNNING, launch("r", 2), fallbackLaunch("f_backup", "f")),
                run.fail("f", 1, "offline", at(7)));
    }
}
