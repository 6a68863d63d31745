package io.datahub.model.job;

import static io.datahub.model.job.Fixtures.at;
import static io.datahub.model.job.Fixtures.fallback;
import static io.datahub.model.job.Fixtures.fallbackLaunch;
import static io.datahub.model.job.Fixtures.ignored;
import static io.datahub.model.job.Fixtures.launch;
import static io.datahub.model.job.Fixtures.launches;
import static io.datahub.model.job.Fixtures.statuses;
import static io.datahub.model.job.Fixtures.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** load falls back to load_from_backup; report depends on load; other is an independent step. */
class FallbackTest {

    private final RunDriver run = new RunDriver(Fixtures.graph(
            fallback("load", "load_from_backup"),
            step("report", FailurePolicy.HALT, "load"),
            step("other", FailurePolicy.HALT)));

    @Test
    void fallbackSuccessLetsDependentsRunAndTheJobSucceed() {
        assertEquals(launches(JobStatus.RUNNING, launch("load", 1), launch("other", 1)), run.begin(at(0)));
        assertEquals(launches(JobStatus.RUNNING, fallbackLaunch("load_from_backup", "load")),
                run.fail("load", 1, "source offline", at(1)));
        assertEquals(Optional.empty(), run.run().recoveredBy("load"));
        assertEquals(launches(JobStatus.RUNNING, launch("report", 1)), run.ok("load_from_backup", 1, at(2)));
        assertEquals(ignored(JobStatus.RUNNING), run.ok("load_from_backup", 1, at(3)));
        run.ok("other", 1, at(4));
        assertEquals(launches(JobStatus.SUCCEEDED), run.ok("report", 1, at(5)));

        assertEquals("load=FAILED report=SUCCEEDED other=SUCCEEDED", statuses(run.run()));
        assertEquals(Optional.of("load_from_backup"), run.run().recoveredBy("load"));
        assertEquals(Optional.of("source offline"), run.run().failureReason("load"));
        assertEquals(Optional.empty(), run.run().failureReason("load_from_backup"));
        assertEquals(List.of("load"), run.run().failedSteps());
    }

    @Test
    void fallbackFailureHaltsTheJob() {
        run.begin(at(0));
        run.fail("load", 1, "source offline", at(1));
        assertEquals(Fixtures.cancels(JobStatus.RUNNING, "report"),
                run.fail("load_from_backup", 1, "backup missing", at(2)));
        assertEquals(ignored(JobStatus.RUNNING), run.fail("load_from_backup", 1, "backup missing", at(3)));
        assertEquals(launches(JobStatus.FAILED), run.ok("other", 1, at(4)));

        assertEquals("load=FAILED report=CANCELLED other=SUCCEEDED", statuses(run.run()));
        assertEquals(Optional.empty(), run.run().recoveredBy("load"));
        assertEquals(Optional.of("backup missing"), run.run().failureReason("load_from_backup"));
    }

    @Test
    void fallbackCompletionWithAnotherAttemptIsIgnored() {
        run.begin(at(0));
        run.fail("load", 1, "source offline", at(1));
        assertEquals(ignored(JobStatus.RUNNING), run.ok("load_from_backup", 2, at(2)));
        assertEquals(Optional.empty(), run.run().recoveredBy("load"));
    }

    @Test
    void fallbackThatWasNeverLaunchedIsNotAPipelineOfTheRun() {
        run.begin(at(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> run.ok("load_from_backup", 1, at(1)));
        assertEquals("job run run-1 has no pipeline 'load_from_backup'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> run.run().failureReason("load_from_backup"));
    }

    @Test
    void noFallbackIsLaunchedOnceTheJobHalted() {
        RunDriver halting = new RunDriver(Fixtures.graph(
                fallback("load", "load_from_backup"),
                step("guard", FailurePolicy.HALT)));
        halting.begin(at(0));
        assertEquals(launches(JobStatus.RUNNING), halting.fail("guard", 1, "check failed", at(1)));
        assertEquals(launches(JobStatus.FAILED), halting.fail("load", 1, "source offline", at(2)));
        assertThrows(IllegalArgumentException.class, () -> halting.ok("load_from_backup", 1, at(3)));
    }
}
