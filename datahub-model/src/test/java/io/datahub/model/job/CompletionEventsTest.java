package io.datahub.model.job;

import static io.datahub.model.job.Fixtures.at;
import static io.datahub.model.job.Fixtures.ignored;
import static io.datahub.model.job.Fixtures.launch;
import static io.datahub.model.job.Fixtures.launches;
import static io.datahub.model.job.Fixtures.retry;
import static io.datahub.model.job.Fixtures.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Events that do not match a running attempt change nothing; unknown pipelines are rejected. */
class CompletionEventsTest {

    /**
     * The situation every case starts from: a runs attempt 2 (attempt 1 failed), b succeeded with
     * attempt 1, c (after b and a) has not been launched.
     */
    private static RunDriver situation() {
        RunDriver run = new RunDriver(Fixtures.graph(
                retry("a", 2, Duration.ZERO),
                step("b", FailurePolicy.HALT),
                step("c", FailurePolicy.HALT, "a", "b")));
        assertEquals(launches(JobStatus.RUNNING, launch("a", 1), launch("b", 1)), run.begin(at(0)));
        assertEquals(launches(JobStatus.RUNNING, launch("a", 2)), run.fail("a", 1, "first", at(1)));
        assertEquals(launches(JobStatus.RUNNING), run.ok("b", 1, at(2)));
        return run;
    }

    static Stream<Arguments> ignoredEvents() {
        return Stream.of(
                event("stale success of a's first attempt", run -> run.ok("a", 1, at(3))),
                event("stale failure of a's first attempt", run -> run.fail("a", 1, "late", at(3))),
                event("success of an attempt of a not launched yet", run -> run.ok("a", 3, at(3))),
                event("attempt 0 of a", run -> run.ok("a", 0, at(3))),
                event("duplicate success of b", run -> run.ok("b", 1, at(3))),
                event("failure of b after its success", run -> run.fail("b", 1, "late", at(3))),
                event("success of c, never launched", run -> run.ok("c", 1, at(3))),
                event("second begin", run -> run.begin(at(3))));
    }

    private static Arguments event(String name, Function<RunDriver, Decision> event) {
        return Arguments.of(name, event);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ignoredEvents")
    void eventIsIgnoredAndChangesNothing(String name, Function<RunDriver, Decision> event) {
        RunDriver run = situation();
        Map<String, String> before = run.run().toState();
        assertEquals(ignored(JobStatus.RUNNING), event.apply(run));
        assertEquals(before, run.run().toState());
    }

    @Test
    void duplicateFailureIsIgnored() {
        RunDriver run = situation();
        assertEquals(launches(JobStatus.RUNNING, launch("a", 3)), run.fail("a", 2, "second", at(3)));
        Map<String, String> before = run.run().toState();
        assertEquals(ignored(JobStatus.RUNNING), run.fail("a", 2, "second", at(4)));
        assertEquals(before, run.run().toState());
    }

    @Test
    void completionsAfterTheEndAreIgnored() {
        RunDriver run = situation();
        run.ok("a", 2, at(3));
        assertEquals(launches(JobStatus.SUCCEEDED), run.ok("c", 1, at(4)));
        assertEquals(ignored(JobStatus.SUCCEEDED), run.ok("c", 1, at(5)));
        assertEquals(ignored(JobStatus.SUCCEEDED), run.fail("a", 1, "very late", at(6)));
        assertEquals(launches(JobStatus.SUCCEEDED), run.due(at(7)));
        assertEquals(Optional.of(at(4)), run.run().finishedAt());
    }

    @Test
    void unknownPipelineIsRejected() {
        RunDriver run = situation();
        IllegalArgumentException success = assertThrows(IllegalArgumentException.class,
                () -> run.ok("zz", 1, at(3)));
        assertEquals("job run run-1 has no pipeline 'zz'", success.getMessage());
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> run.fail("zz", 1, "?", at(3)));
        assertEquals("job run run-1 has no pipeline 'zz'", failure.getMessage());
        IllegalArgumentException query = assertThrows(IllegalArgumentException.class,
                () -> run.run().stepStatus("zz"));
        assertEquals("job run run-1 has no pipeline 'zz'", query.getMessage());
    }

    @Test
    void longFailureReasonsAreCut() {
        RunDriver run = situation();
        run.fail("a", 2, "x".repeat(5000), at(3));
        String reason = run.run().failureReason("a").orElseThrow();
        assertEquals(JobRun.MAX_REASON_LENGTH, reason.length());
        assertEquals("x".repeat(JobRun.MAX_REASON_LENGTH - 1) + "\u2026", reason);
    }

    @Test
    void failureWithoutReasonHasNone() {
        RunDriver run = situation();
        run.fail("a", 2, null, at(3));
        assertEquals(Optional.empty(), run.run().failureReason("a"));
    }
}
