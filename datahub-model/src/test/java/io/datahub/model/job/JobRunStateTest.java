package io.datahub.model.job;

import static io.datahub.model.job.Fixtures.at;
import static io.datahub.model.job.Fixtures.fallback;
import static io.datahub.model.job.Fixtures.retry;
import static io.datahub.model.job.Fixtures.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The stored form. Round trips after every event are checked by {@link RunDriver} in the scenario tests. */
class JobRunStateTest {

    private static final JobGraph GRAPH = Fixtures.graph(
            retry("r", 1, Duration.ofMinutes(10)),
            fallback("f", "f_backup"),
            step("after", FailurePolicy.HALT, "r", "f"));

    /** r waits for its retry, f's fallback runs, after is pending. */
    private static JobRun midRun() {
        JobRun run = JobRun.start(GRAPH, "run-1", at(0));
        run.begin(at(0));
        run.failed("r", 1, "timeout", at(1));
        run.failed("f", 1, "offline", at(2));
        return run;
    }

    @Test
    void keyLayout() {
        assertEquals(Map.ofEntries(
                Map.entry("format", "1"),
                Map.entry("jobId", "j"),
                Map.entry("jobRunId", "run-1"),
                Map.entry("status", "RUNNING"),
                Map.entry("startedAt", "2025-03-01T06:00:00Z"),
                Map.entry("begun", "true"),
                Map.entry("halted", "false"),
                Map.entry("cancelled", "false"),
                Map.entry("step.r.status", "WAITING_RETRY"),
                Map.entry("step.r.attempt", "1"),
                Map.entry("step.r.reason", "timeout"),
                Map.entry("step.r.retryAt", "2025-03-01T06:11:00Z"),
                Map.entry("step.f.status", "FAILED"),
                Map.entry("step.f.attempt", "1"),
                Map.entry("step.f.reason", "offline"),
                Map.entry("step.f.fallback", "RUNNING"),
                Map.entry("step.after.status", "PENDING"),
                Map.entry("step.after.attempt", "0")), midRun().toState());
    }

    @Test
    void finishedRunStoresItsEndAndFallbackOutcome() {
        JobRun run = midRun();
        run.failed("f_backup", 1, "backup missing", at(3));
        run.cancel(at(4));
        Map<String, String> state = run.toState();
        assertEquals("FAILED", state.get("status"));
        assertEquals("2025-03-01T06:03:00Z", state.get("finishedAt"));
        assertEquals("true", state.get("halted"));
        assertEquals("false", state.get("cancelled"));
        assertEquals("CANCELLED", state.get("step.r.status"));
        assertEquals(null, state.get("step.r.retryAt"));
        assertEquals("FAILED", state.get("step.f.fallback"));
        assertEquals("backup missing", state.get("step.f.fallbackReason"));
        assertEquals(state, JobRun.fromState(GRAPH, state).toState());
    }

    @Test
    void restoredRunCarriesOn() {
        JobRun restored = JobRun.fromState(GRAPH, midRun().toState());
        assertEquals(Fixtures.launches(JobStatus.RUNNING, Fixtures.launch("r", 2)), restored.due(at(11)));
        assertEquals(Fixtures.launches(JobStatus.RUNNING), restored.succeeded("r", 2, at(12)));
        assertEquals(Fixtures.launches(JobStatus.RUNNING, Fixtures.launch("after", 1)),
                restored.succeeded("f_backup", 1, at(13)));
    }

    static Stream<Arguments> unusableStates() {
        return Stream.of(
                unusable("another job", s -> s.put("jobId", "k"), "it belongs to job 'k'"),
                unusable("a step the job no longer has", s -> s.put("step.gone.status", "PENDING"),
                        "key 'step.gone.status' does not belong to this job (was the job definition changed?)"),
                unusable("a step the state does not know", s -> s.remove("step.after.attempt"),
                        "key 'step.after.attempt' is missing"),
                unusable("a newer format", s -> s.put("format", "2"), "format '2' is not supported (expected 1)"),
                unusable("an unknown step status", s -> s.put("step.r.status", "DONE"),
                        "step.r.status 'DONE' is not a StepStatus"),
                unusable("a negative attempt", s -> s.put("step.r.attempt", "-1"),
                        "step.r.attempt '-1' is not a non-negative integer"),
                unusable("a retry time that is no instant", s -> s.put("step.r.retryAt", "tomorrow"),
                        "step.r.retryAt 'tomorrow' is not an ISO-8601 instant"),
                unusable("a waiting retry without its time", s -> s.remove("step.r.retryAt"),
                        "step.r.retryAt must be present exactly when the step is WAITING_RETRY"),
                unusable("a flag that is no boolean", s -> s.put("halted", "yes"), "halted 'yes' is not true or false"),
                unusable("a fallback on a step without one", s -> s.put("step.r.fallback", "RUNNING"),
                        "step.r.fallback 'RUNNING' is not possible for this step"),
                unusable("a job status the steps contradict", s -> s.put("status", "SUCCEEDED"),
                        "status is SUCCEEDED but the steps say RUNNING"),
                unusable("an end time while running", s -> s.put("finishedAt", "2025-03-01T07:00:00Z"),
                        "finishedAt must be present exactly when the status is final"));
    }

    private static Arguments unusable(String name, Consumer<Map<String, String>> damage, String problem) {
        return Arguments.of(name, damage, problem);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unusableStates")
    void unusableStateIsRejected(String name, Consumer<Map<String, String>> damage, String problem) {
        Map<String, String> state = new HashMap<>(midRun().toState());
        damage.accept(state);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JobRun.fromState(GRAPH, state));
        assertEquals("stored state of job 'j' run 'run-1' is unusable: " + problem, e.getMessage());
    }
}
