package io.datahub.model.job;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/** Short builders so each test reads like the job definition and the expected decisions. */
final class Fixtures {

    static final String RUN_ID = "run-1";
    static final Instant T0 = Instant.parse("2025-03-01T06:00:00Z");

    private Fixtures() {
    }

    /** T0 plus some minutes: events in tests happen on a minute grid. */
    static Instant at(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    static JobStep step(String id, FailurePolicy onFailure, String... dependsOn) {
        return new JobStep(id, List.of(dependsOn), onFailure, 0, Duration.ZERO, null);
    }

    static JobStep retry(String id, int maxRetries, Duration delay, String... dependsOn) {
        return new JobStep(id, List.of(dependsOn), FailurePolicy.RETRY, maxRetries, delay, null);
    }

    static JobStep fallback(String id, String fallbackId, String... dependsOn) {
        return new JobStep(id, List.of(dependsOn), FailurePolicy.FALLBACK, 0, Duration.ZERO, fallbackId);
    }

    static JobGraph graph(JobStep... steps) {
        return JobGraph.of("j", List.of(steps));
    }

    static LaunchRequest launch(String id, int attempt) {
        return new LaunchRequest(id, attempt, null);
    }

    static LaunchRequest fallbackLaunch(String fallbackId, String forStep) {
        return new LaunchRequest(fallbackId, 1, forStep);
    }

    /** A decision that only launches (possibly nothing). */
    static Decision launches(JobStatus status, LaunchRequest... launches) {
        return new Decision(List.of(launches), List.of(), List.of(), false, status);
    }

    static Decision skips(JobStatus status, String... skipped) {
        return new Decision(List.of(), List.of(skipped), List.of(), false, status);
    }

    static Decision cancels(JobStatus status, String... cancelled) {
        return new Decision(List.of(), List.of(), List.of(cancelled), false, status);
    }

    static Decision ignored(JobStatus status) {
        return new Decision(List.of(), List.of(), List.of(), true, status);
    }

    /** Every step's status in document order, e.g. {@code "a=SUCCEEDED b=RUNNING"}. */
    static String statuses(JobRun run) {
        return run.graph().steps().stream()
                .map(s -> s.pipelineId() + "=" + run.stepStatus(s.pipelineId()))
                .collect(Collectors.joining(" "));
    }
}
