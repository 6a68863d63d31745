package io.datahub.model.job;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The state machine of one run of a job pipeline. It launches nothing itself: every event returns a
 * {@link Decision} saying what to launch, and time only ever comes in as an argument. The whole state
 * fits in a flat string map ({@link #toState()}) so a NiFi processor can keep it in its StateManager.
 *
 * <p>Rules: a step is launched once every dependency is satisfied (SUCCEEDED, FAILED under CONTINUE,
 * or FAILED under FALLBACK with a succeeded fallback). Every event also launches retries that are due
 * at its {@code now}. Once the run halts or is cancelled nothing more is launched: steps not started
 * become CANCELLED and running ones are still recorded when they complete.
 */
public final class JobRun {

    /** Longer failure reasons are cut, to keep the persisted state small. */
    static final int MAX_REASON_LENGTH = 1000;

    private final JobGraph graph;
    private final String jobRunId;
    private final Instant startedAt;
    private final StepState[] steps;
    private Instant finishedAt;
    private boolean begun;
    private boolean halted;
    private boolean cancelled;
    private JobStatus status;

    JobRun(JobGraph graph, String jobRunId, Instant startedAt, StepState[] steps, Instant finishedAt,
           boolean begun, boolean halted, boolean cancelled) {
        this.graph = graph;
        this.jobRunId = jobRunId;
        this.startedAt = startedAt;
        this.steps = steps;
        this.finishedAt = finishedAt;
        this.begun = begun;
        this.halted = halted;
        this.cancelled = cancelled;
        this.status = computeStatus();
    }

    /** A new run in which nothing is launched yet; call {@link #begin} to launch the first steps. */
    public static JobRun start(JobGraph graph, String jobRunId, Instant now) {
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(jobRunId, "jobRunId");
        Objects.requireNonNull(now, "now");
        if (jobRunId.isBlank()) {
            throw new IllegalArgumentException("jobRunId is blank");
        }
        StepState[] steps = new StepState[graph.size()];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = new StepState();
        }
        return new JobRun(graph, jobRunId, now, steps, null, false, false, false);
    }

    /** Rebuilds a run from {@link #toState()}; the graph must be the job's current definition. */
    public static JobRun fromState(JobGraph graph, Map<String, String> state) {
        return JobRunState.read(graph, state);
    }

    /** The run as flat string keys and values; see {@link JobRunState} for the layout. */
    public Map<String, String> toState() {
        return JobRunState.write(this);
    }

    // ---- events ----

    /** Launches every step without dependencies. A second call, or a call after cancel, is ignored. */
    public Decision begin(Instant now) {
        Objects.requireNonNull(now, "now");
        if (begun || cancelled) {
            return ignored();
        }
        begun = true;
        Changes changes = new Changes();
        schedule(now, changes);
        return decide(now, changes);
    }

    public Decision succeeded(String pipelineId, int attempt, Instant now) {
        return complete(pipelineId, attempt, true, null, now);
    }

    /** @param reason why the attempt failed; may be null */
    public Decision failed(String pipelineId, int attempt, String reason, Instant now) {
        return complete(pipelineId, attempt, false, reason, now);
    }

    /** Launches retries whose delay has elapsed at {@code now}. */
    public Decision due(Instant now) {
        Objects.requireNonNull(now, "now");
        Changes changes = new Changes();
        schedule(now, changes);
        return decide(now, changes);
    }

    /**
     * Operator cancel: nothing more is launched, steps not started become CANCELLED, and the job ends
     * CANCELLED once the running ones have completed. Ignored once the run has halted (it already ends
     * FAILED) or finished.
     */
    public Decision cancel(Instant now) {
        Objects.requireNonNull(now, "now");
        if (cancelled || halted || status != JobStatus.RUNNING) {
            return ignored();
        }
        cancelled = true;
        Changes changes = new Changes();
        cancelNotStarted(changes);
        return decide(now, changes);
    }

    private Decision complete(String pipelineId, int attempt, boolean success, String reason, Instant now) {
        Objects.requireNonNull(pipelineId, "pipelineId");
        Objects.requireNonNull(now, "now");
        int index = graph.indexOf(pipelineId);
        if (index >= 0) {
            return completeStep(index, attempt, success, reason, now);
        }
        int owner = graph.fallbackOwnerOf(pipelineId);
        if (owner < 0 || steps[owner].fallback == null) {
            throw new IllegalArgumentException("job run " + jobRunId + " has no pipeline '" + pipelineId + "'");
        }
        return completeFallback(owner, attempt, success, reason, now);
    }

    private Decision completeStep(int index, int attempt, boolean success, String reason, Instant now) {
        StepState step = steps[index];
        if (step.status != StepStatus.RUNNING || step.attempt != attempt) {
            return ignored();
        }
        Changes changes = new Changes();
        if (success) {
            step.status = StepStatus.SUCCEEDED;
            step.reason = null;
        } else {
            step.status = StepStatus.FAILED;
            step.reason = clip(reason);
            if (!halted && !cancelled) {
                applyFailurePolicy(index, now, changes);
            }
        }
        schedule(now, changes);
        return decide(now, changes);
    }

    private Decision completeFallback(int owner, int attempt, boolean success, String reason, Instant now) {
        StepState step = steps[owner];
        if (step.fallback != StepStatus.RUNNING || attempt != 1) {
            return ignored();
        }
        Changes changes = new Changes();
        if (success) {
            step.fallback = StepStatus.SUCCEEDED;
        } else {
            step.fallback = StepStatus.FAILED;
            step.fallbackReason = clip(reason);
            if (!halted && !cancelled) {
                halt(changes);
            }
        }
        schedule(now, changes);
        return decide(now, changes);
    }

    /** SKIP and CONTINUE need nothing here: {@link #schedule} reads them from the failed step's policy. */
    private void applyFailurePolicy(int index, Instant now, Changes changes) {
        JobStep definition = graph.steps().get(index);
        StepState step = steps[index];
        switch (definition.onFailure()) {
            case RETRY -> {
                if (step.attempt < 1 + definition.maxRetries()) {
                    step.status = StepStatus.WAITING_RETRY;
                    step.retryAt = now.plus(definition.retryDelay());
                } else {
                    halt(changes);
                }
            }
            case HALT -> halt(changes);
            case FALLBACK -> {
                step.fallback = StepStatus.RUNNING;
                changes.launch(index, new LaunchRequest(definition.fallback(), 1, definition.pipelineId()));
            }
            case SKIP, CONTINUE -> {
            }
        }
    }

    private void halt(Changes changes) {
        halted = true;
        cancelNotStarted(changes);
    }

    private void cancelNotStarted(Changes changes) {
        for (int i = 0; i < steps.length; i++) {
            if (steps[i].status == StepStatus.PENDING || steps[i].status == StepStatus.WAITING_RETRY) {
                steps[i].status = StepStatus.CANCELLED;
                steps[i].retryAt = null;
                changes.cancelled(i);
            }
        }
    }

    /**
     * Launches due retries and ready steps, and skips steps behind a skipped or SKIP-failed dependency.
     * Topological order lets a skip reach all transitive dependents in one pass.
     */
    private void schedule(Instant now, Changes changes) {
        if (!begun || halted || cancelled) {
            return;
        }
        for (int i : graph.topologicalIndexes()) {
            StepState step = steps[i];
            if (step.status == StepStatus.WAITING_RETRY && !step.retryAt.isAfter(now)) {
                launch(i, step.attempt + 1, changes);
            } else if (step.status == StepStatus.PENDING) {
                if (blockedBySkip(i)) {
                    step.status = StepStatus.SKIPPED;
                    changes.skipped(i);
                } else if (ready(i)) {
                    launch(i, 1, changes);
                }
            }
        }
    }

    private void launch(int index, int attempt, Changes changes) {
        StepState step = steps[index];
        step.status = StepStatus.RUNNING;
        step.attempt = attempt;
        step.retryAt = null;
        changes.launch(index, new LaunchRequest(graph.steps().get(index).pipelineId(), attempt, null));
    }

    private boolean blockedBySkip(int index) {
        for (int d : graph.dependencyIndexes(index)) {
            StepStatus dependency = steps[d].status;
            if (dependency == StepStatus.SKIPPED
                    || dependency == StepStatus.FAILED && policy(d) == FailurePolicy.SKIP) {
                return true;
            }
        }
        return false;
    }

    private boolean ready(int index) {
        for (int d : graph.dependencyIndexes(index)) {
            if (!satisfied(d)) {
                return false;
            }
        }
        return true;
    }

    private boolean satisfied(int index) {
        StepState step = steps[index];
        return step.status == StepStatus.SUCCEEDED
                || step.status == StepStatus.FAILED && policy(index) == FailurePolicy.CONTINUE
                || step.status == StepStatus.FAILED && step.fallback == StepStatus.SUCCEEDED;
    }

    private FailurePolicy policy(int index) {
        return graph.steps().get(index).onFailure();
    }

    private Decision decide(Instant now, Changes changes) {
        status = computeStatus();
        if (status != JobStatus.RUNNING && finishedAt == null) {
            finishedAt = now;
        }
        return changes.toDecision(status);
    }

    private Decision ignored() {
        return new Decision(List.of(), List.of(), List.of(), true, status);
    }

    /**
     * RUNNING while any step or fallback runs, waits for a retry or has yet to start; then CANCELLED
     * after a cancel, SUCCEEDED if every step ended satisfied, else FAILED.
     */
    private JobStatus computeStatus() {
        boolean allSatisfied = true;
        for (int i = 0; i < steps.length; i++) {
            StepState step = steps[i];
            if (step.status == StepStatus.PENDING || step.status == StepStatus.RUNNING
                    || step.status == StepStatus.WAITING_RETRY || step.fallback == StepStatus.RUNNING) {
                return JobStatus.RUNNING;
            }
            allSatisfied &= satisfied(i);
        }
        if (cancelled) {
            return JobStatus.CANCELLED;
        }
        return allSatisfied ? JobStatus.SUCCEEDED : JobStatus.FAILED;
    }

    private static String clip(String reason) {
        if (reason == null || reason.length() <= MAX_REASON_LENGTH) {
            return reason;
        }
        int end = MAX_REASON_LENGTH - 1;
        if (Character.isHighSurrogate(reason.charAt(end - 1))) {
            end--;
        }
        return reason.substring(0, end) + "\u2026";
    }

    // ---- queries ----

    public JobGraph graph() {
        return graph;
    }

    public String jobRunId() {
        return jobRunId;
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** The {@code now} of the event that made the status final. */
    public Optional<Instant> finishedAt() {
        return Optional.ofNullable(finishedAt);
    }

    public JobStatus status() {
        return status;
    }

    /** True once nothing runs, waits for a retry or can still be launched: the status is final. */
    public boolean isFinished() {
        return status != JobStatus.RUNNING;
    }

    public StepStatus stepStatus(String pipelineId) {
        return steps[requireStep(pipelineId)].status;
    }

    /** The current (last launched) attempt, 1-based; 0 if the step was never launched. */
    public int attempt(String pipelineId) {
        return steps[requireStep(pipelineId)].attempt;
    }

    /**
     * The reason of the latest failure of a step (kept while it waits for or runs a retry, cleared when it
     * succeeds), or of a launched fallback pipeline when given its id.
     */
    public Optional<String> failureReason(String pipelineId) {
        int index = graph.indexOf(pipelineId);
        if (index >= 0) {
            return Optional.ofNullable(steps[index].reason);
        }
        int owner = graph.fallbackOwnerOf(pipelineId);
        if (owner >= 0 && steps[owner].fallback != null) {
            return Optional.ofNullable(steps[owner].fallbackReason);
        }
        throw new IllegalArgumentException("job run " + jobRunId + " has no pipeline '" + pipelineId + "'");
    }

    /** The fallback pipeline whose success made this failed step count as satisfied, if any. */
    public Optional<String> recoveredBy(String pipelineId) {
        int index = requireStep(pipelineId);
        return steps[index].fallback == StepStatus.SUCCEEDED
                ? Optional.of(graph.steps().get(index).fallback())
                : Optional.empty();
    }

    /**
     * Where the fallback pipeline of a step stands: RUNNING, SUCCEEDED or FAILED once it was launched, empty before
     * (and for steps without a fallback).
     */
    public Optional<StepStatus> fallbackStatus(String pipelineId) {
        return Optional.ofNullable(steps[requireStep(pipelineId)].fallback);
    }

    /** Steps whose status is FAILED, in document order (including tolerated and recovered ones). */
    public List<String> failedSteps() {
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < steps.length; i++) {
            if (steps[i].status == StepStatus.FAILED) {
                failed.add(graph.steps().get(i).pipelineId());
            }
        }
        return List.copyOf(failed);
    }

    /** How many steps are in each status; every status is present, zeros included. */
    public Map<StepStatus, Integer> counts() {
        Map<StepStatus, Integer> counts = new EnumMap<>(StepStatus.class);
        for (StepStatus s : StepStatus.values()) {
            counts.put(s, 0);
        }
        for (StepState step : steps) {
            counts.merge(step.status, 1, Integer::sum);
        }
        return Collections.unmodifiableMap(counts);
    }

    /** The earliest instant at which {@link #due} will launch a retry. */
    public Optional<Instant> nextWakeUp() {
        Instant earliest = null;
        for (StepState step : steps) {
            if (step.status == StepStatus.WAITING_RETRY && (earliest == null || step.retryAt.isBefore(earliest))) {
                earliest = step.retryAt;
            }
        }
        return Optional.ofNullable(earliest);
    }

    private int requireStep(String pipelineId) {
        int index = graph.indexOf(pipelineId);
        if (index < 0) {
            throw new IllegalArgumentException("job run " + jobRunId + " has no pipeline '" + pipelineId + "'");
        }
        return index;
    }

    // ---- for JobRunState ----

    boolean begun() {
        return begun;
    }

    boolean halted() {
        return halted;
    }

    boolean cancelled() {
        return cancelled;
    }

    StepState stepState(int index) {
        return steps[index];
    }

    /** Collects one event's effects, reported in document order. */
    private final class Changes {
        private final List<Integer> launchIndexes = new ArrayList<>();
        private final List<LaunchRequest> launches = new ArrayList<>();
        private final List<Integer> skipped = new ArrayList<>();
        private final List<Integer> cancelled = new ArrayList<>();

        void launch(int index, LaunchRequest request) {
            launchIndexes.add(index);
            launches.add(request);
        }

        void skipped(int index) {
            skipped.add(index);
        }

        void cancelled(int index) {
            cancelled.add(index);
        }

        Decision toDecision(JobStatus status) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < launches.size(); i++) {
                order.add(i);
            }
            order.sort(Comparator.comparingInt(launchIndexes::get));
            return new Decision(order.stream().map(launches::get).toList(), ids(skipped), ids(cancelled), false,
                    status);
        }

        private List<String> ids(List<Integer> indexes) {
            return indexes.stream().sorted().map(i -> graph.steps().get(i).pipelineId()).toList();
        }
    }
}
