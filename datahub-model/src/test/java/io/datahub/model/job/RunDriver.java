package io.datahub.model.job;

import static io.datahub.model.job.Fixtures.RUN_ID;
import static io.datahub.model.job.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Feeds events to a run and, after every one, replaces the run by {@code fromState(toState())}: each
 * scenario thereby proves that a run restored from its stored state at any point is equivalent and
 * carries on the same way.
 */
final class RunDriver {

    private JobRun run;

    RunDriver(JobGraph graph) {
        run = roundTrip(JobRun.start(graph, RUN_ID, T0));
    }

    Decision begin(Instant now) {
        return then(run.begin(now));
    }

    Decision ok(String pipelineId, int attempt, Instant now) {
        return then(run.succeeded(pipelineId, attempt, now));
    }

    Decision fail(String pipelineId, int attempt, String reason, Instant now) {
        return then(run.failed(pipelineId, attempt, reason, now));
    }

    Decision due(Instant now) {
        return then(run.due(now));
    }

    Decision cancel(Instant now) {
        return then(run.cancel(now));
    }

    JobRun run() {
        return run;
    }

    private Decision then(Decision decision) {
        run = roundTrip(run);
        return decision;
    }

    static JobRun roundTrip(JobRun original) {
        Map<String, String> state = original.toState();
        JobRun restored = JobRun.fromState(original.graph(), new HashMap<>(state));
        assertEquals(state, restored.toState(), "state map after fromState(toState())");
        assertEquals(describe(original), describe(restored), "queries after fromState(toState())");
        return restored;
    }

    /** Every query answer in one string, so equivalence is checked on behaviour, not only on the map. */
    static String describe(JobRun run) {
        StringBuilder text = new StringBuilder()
                .append(run.jobRunId()).append(' ').append(run.status())
                .append(" finished=").append(run.isFinished())
                .append(" startedAt=").append(run.startedAt())
                .append(" finishedAt=").append(run.finishedAt())
                .append(" wakeUp=").append(run.nextWakeUp())
                .append(" failed=").append(run.failedSteps())
                .append(" counts=").append(run.counts());
        for (JobStep step : run.graph().steps()) {
            String id = step.pipelineId();
            text.append('\n').append(id).append(' ').append(run.stepStatus(id))
                    .append(" attempt=").append(run.attempt(id))
                    .append(" reason=").append(run.failureReason(id))
                    .append(" recoveredBy=").append(run.recoveredBy(id));
        }
        return text.toString();
    }
}
