package io.datahub.model.job;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The persisted form of a {@link JobRun}: flat string keys and values, as NiFi's StateManager stores
 * them. Keys with a default value or nothing to say are left out, so the map stays small.
 *
 * <pre>
 * format                    1
 * jobId                     the job the run belongs to (checked against the graph on read)
 * jobRunId                  the run's id
 * status                    RUNNING | SUCCEEDED | FAILED | CANCELLED
 * startedAt                 ISO-8601 instant
 * finishedAt                ISO-8601 instant, once the status is final
 * begun, halted, cancelled  true | false
 * step.&lt;id&gt;.status          a StepStatus
 * step.&lt;id&gt;.attempt         last launched attempt, 0 if never launched
 * step.&lt;id&gt;.reason          latest failure reason, if any
 * step.&lt;id&gt;.retryAt         when the next attempt is due, only while WAITING_RETRY
 * step.&lt;id&gt;.fallback        RUNNING | SUCCEEDED | FAILED, once the fallback was launched
 * step.&lt;id&gt;.fallbackReason  why the fallback failed, if it did with a reason
 * </pre>
 *
 * Field names contain no dot, so a step id containing dots cannot make two keys collide.
 */
final class JobRunState {

    static final String FORMAT = "1";

    private static final String KEY_FORMAT = "format";
    private static final String KEY_JOB_ID = "jobId";
    private static final String KEY_JOB_RUN_ID = "jobRunId";
    private static final String KEY_STATUS = "status";
    private static final String KEY_STARTED_AT = "startedAt";
    private static final String KEY_FINISHED_AT = "finishedAt";
    private static final String KEY_BEGUN = "begun";
    private static final String KEY_HALTED = "halted";
    private static final String KEY_CANCELLED = "cancelled";
    private static final String STEP_STATUS = "status";
    private static final String STEP_ATTEMPT = "attempt";
    private static final String STEP_REASON = "reason";
    private static final String STEP_RETRY_AT = "retryAt";
    private static final String STEP_FALLBACK = "fallback";
    private static final String STEP_FALLBACK_REASON = "fallbackReason";

    private JobRunState() {
    }

    static Map<String, String> write(JobRun run) {
        Map<String, String> state = new LinkedHashMap<>();
        state.put(KEY_FORMAT, FORMAT);
        state.put(KEY_JOB_ID, run.graph().jobId());
        state.put(KEY_JOB_RUN_ID, run.jobRunId());
        state.put(KEY_STATUS, run.status().name());
        state.put(KEY_STARTED_AT, run.startedAt().toString());
        run.finishedAt().ifPresent(at -> state.put(KEY_FINISHED_AT, at.toString()));
        state.put(KEY_BEGUN, Boolean.toString(run.begun()));
        state.put(KEY_HALTED, Boolean.toString(run.halted()));
        state.put(KEY_CANCELLED, Boolean.toString(run.cancelled()));
        for (int i = 0; i < run.graph().size(); i++) {
            String id = run.graph().steps().get(i).pipelineId();
            StepState step = run.stepState(i);
            state.put(key(id, STEP_STATUS), step.status.name());
            state.put(key(id, STEP_ATTEMPT), Integer.toString(step.attempt));
            putIfPresent(state, key(id, STEP_REASON), step.reason);
            putIfPresent(state, key(id, STEP_RETRY_AT), step.retryAt == null ? null : step.retryAt.toString());
            putIfPresent(state, key(id, STEP_FALLBACK), step.fallback == null ? null : step.fallback.name());
            putIfPresent(state, key(id, STEP_FALLBACK_REASON), step.fallbackReason);
        }
        return Collections.unmodifiableMap(state);
    }

    static JobRun read(JobGraph graph, Map<String, String> state) {
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(state, "state");
        Reader in = new Reader(graph, state);
        in.rejectUnknownKeys();
        if (!FORMAT.equals(in.required(KEY_FORMAT))) {
            throw in.bad("format '" + state.get(KEY_FORMAT) + "' is not supported (expected " + FORMAT + ")");
        }
        if (!graph.jobId().equals(in.required(KEY_JOB_ID))) {
            throw in.bad("it belongs to job '" + state.get(KEY_JOB_ID) + "'");
        }
        StepState[] steps = new StepState[graph.size()];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = in.step(graph.steps().get(i));
        }
        JobRun run = new JobRun(graph, in.required(KEY_JOB_RUN_ID), in.instant(KEY_STARTED_AT, true), steps,
                in.instant(KEY_FINISHED_AT, false), in.flag(KEY_BEGUN), in.flag(KEY_HALTED), in.flag(KEY_CANCELLED));
        JobStatus stored = in.enumValue(JobStatus.class, KEY_STATUS);
        if (run.status() != stored) {
            throw in.bad("status is " + stored + " but the steps say " + run.status());
        }
        if (run.finishedAt().isPresent() == (stored == JobStatus.RUNNING)) {
            throw in.bad("finishedAt must be present exactly when the status is final");
        }
        return run;
    }

    private static String key(String stepId, String field) {
        return "step." + stepId + "." + field;
    }

    private static void putIfPresent(Map<String, String> state, String key, String value) {
        if (value != null) {
            state.put(key, value);
        }
    }

    /** Parses values one key at a time, naming the key and the job in every complaint. */
    private static final class Reader {
        private final JobGraph graph;
        private final Map<String, String> state;

        Reader(JobGraph graph, Map<String, String> state) {
            this.graph = graph;
            this.state = state;
        }

        void rejectUnknownKeys() {
            Set<String> known = new LinkedHashSet<>(Set.of(KEY_FORMAT, KEY_JOB_ID, KEY_JOB_RUN_ID, KEY_STATUS,
                    KEY_STARTED_AT, KEY_FINISHED_AT, KEY_BEGUN, KEY_HALTED, KEY_CANCELLED));
            for (JobStep step : graph.steps()) {
                for (String field : new String[] {STEP_STATUS, STEP_ATTEMPT, STEP_REASON, STEP_RETRY_AT,
                        STEP_FALLBACK, STEP_FALLBACK_REASON}) {
                    known.add(key(step.pipelineId(), field));
                }
            }
            for (String key : state.keySet()) {
                if (!known.contains(key)) {
                    throw bad("key '" + key + "' does not belong to this job (was the job definition changed?)");
                }
            }
        }

        StepState step(JobStep definition) {
            String id = definition.pipelineId();
            StepState step = new StepState();
            step.status = enumValue(StepStatus.class, key(id, STEP_STATUS));
            step.attempt = attempt(key(id, STEP_ATTEMPT));
            step.reason = state.get(key(id, STEP_REASON));
            step.retryAt = instant(key(id, STEP_RETRY_AT), false);
            if ((step.retryAt != null) != (step.status == StepStatus.WAITING_RETRY)) {
                throw bad(key(id, STEP_RETRY_AT) + " must be present exactly when the step is WAITING_RETRY");
            }
            if (state.containsKey(key(id, STEP_FALLBACK))) {
                step.fallback = enumValue(StepStatus.class, key(id, STEP_FALLBACK));
                if (definition.onFailure() != FailurePolicy.FALLBACK || step.fallback != StepStatus.RUNNING
                        && step.fallback != StepStatus.SUCCEEDED && step.fallback != StepStatus.FAILED) {
                    throw bad(key(id, STEP_FALLBACK) + " '" + step.fallback + "' is not possible for this step");
                }
            }
            step.fallbackReason = state.get(key(id, STEP_FALLBACK_REASON));
            return step;
        }

        String required(String key) {
            String value = state.get(key);
            if (value == null) {
                throw bad("key '" + key + "' is missing");
            }
            return value;
        }

        boolean flag(String key) {
            String value = required(key);
            if (!value.equals("true") && !value.equals("false")) {
                throw bad(key + " '" + value + "' is not true or false");
            }
            return Boolean.parseBoolean(value);
        }

        int attempt(String key) {
            String value = required(key);
            try {
                int attempt = Integer.parseInt(value);
                if (attempt >= 0) {
                    return attempt;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw bad(key + " '" + value + "' is not a non-negative integer");
        }

        Instant instant(String key, boolean required) {
            String value = required ? required(key) : state.get(key);
            if (value == null) {
                return null;
            }
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw bad(key + " '" + value + "' is not an ISO-8601 instant");
            }
        }

        <E extends Enum<E>> E enumValue(Class<E> type, String key) {
            String value = required(key);
            try {
                return Enum.valueOf(type, value);
            } catch (IllegalArgumentException e) {
                throw bad(key + " '" + value + "' is not a " + type.getSimpleName());
            }
        }

        IllegalArgumentException bad(String problem) {
            return new IllegalArgumentException("stored state of job '" + graph.jobId() + "' run '"
                    + state.get(KEY_JOB_RUN_ID) + "' is unusable: " + problem);
        }
    }
}
