package io.datahub.model.jobrun;

import io.datahub.model.job.JobRun;
import io.datahub.model.run.ErrorCategory;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every job run a job runner follows, as a flat string map a NiFi StateManager can hold (one key per job run): runs in
 * progress or waiting for a concurrency slot ({@code run.<jobRunId>}, a {@link TrackedJobRun} as JSON) and, for a while
 * after their end, the runs that ended ({@code done.<jobRunId>} = {@code <status> <ended at>}), so a late duplicate
 * completion is recognised rather than reported as unknown.
 *
 * <p>Time only comes in as an argument. Events answer with {@link JobRunEffects}; {@link #tick} launches retries that
 * are due, starts waiting runs as slots free (oldest first) and raises SLA breaches. A finished run stays a {@code run.}
 * entry until its rows are recorded ({@link #recorded}), so a history database that is down loses nothing.
 */
public final class JobRunBook {

    public static final String RUN_PREFIX = "run.";
    public static final String DONE_PREFIX = "done.";

    private final Map<String, TrackedJobRun> runs = new LinkedHashMap<>();
    private final Map<String, String> done = new LinkedHashMap<>();
    /** Entries that could not be read: kept as they are (never dropped silently), reported by {@link #unreadable()}. */
    private final Map<String, String> unreadable = new LinkedHashMap<>();
    private final Map<String, String> problems = new LinkedHashMap<>();

    public JobRunBook() {
    }

    /** Reads the state; entries that cannot be read are kept unchanged and listed by {@link #unreadable()}. */
    public static JobRunBook fromState(Map<String, String> state) {
        JobRunBook book = new JobRunBook();
        for (Map.Entry<String, String> e : state.entrySet()) {
            String key = e.getKey();
            if (key.startsWith(RUN_PREFIX)) {
                try {
                    TrackedJobRun run = TrackedJobRun.fromJson(e.getValue());
                    if (!key.equals(RUN_PREFIX + run.jobRunId())) {
                        throw new IllegalArgumentException("it holds job run " + run.jobRunId());
                    }
                    book.runs.put(run.jobRunId(), run);
                } catch (IllegalArgumentException ex) {
                    book.unreadable.put(key, e.getValue());
                    book.problems.put(key, ex.getMessage());
                }
            } else if (key.startsWith(DONE_PREFIX)) {
                book.done.put(key.substring(DONE_PREFIX.length()), e.getValue());
            } else {
                book.unreadable.put(key, e.getValue());
                book.problems.put(key, "not a key of a job runner");
            }
        }
        return book;
    }

    public Map<String, String> toState() {
        Map<String, String> state = new LinkedHashMap<>(unreadable);
        runs.forEach((id, run) -> state.put(RUN_PREFIX + id, run.toJson()));
        done.forEach((id, value) -> state.put(DONE_PREFIX + id, value));
        return state;
    }

    /** Why each unreadable state key could not be read, by key. */
    public Map<String, String> unreadable() {
        return Map.copyOf(problems);
    }

    // ---------------------------------------------------------------- queries

    public Optional<TrackedJobRun> get(String jobRunId) {
        return Optional.ofNullable(runs.get(jobRunId));
    }

    /** The runs followed, waiting, running or ended but not recorded yet, oldest first. */
    public List<TrackedJobRun> runs() {
        return runs.values().stream().sorted(ORDER).toList();
    }

    /** True for a job run that ended and was recorded (and is remembered for the retention time). */
    public boolean hasEnded(String jobRunId) {
        return done.containsKey(jobRunId);
    }

    /** Runs whose job_runs row or pipeline_runs rows are still to be written. */
    public List<TrackedJobRun> pendingRecords() {
        return runs().stream().filter(TrackedJobRun::hasPendingRecords).toList();
    }

    /** How many runs of a job are running (begun and not ended). */
    public int running(String app, String jobId) {
        return (int) runs.values().stream().filter(r -> sameJob(r, app, jobId) && !r.isWaiting() && !r.isFinished()).count();
    }

    // ---------------------------------------------------------------- events

    /**
     * Takes a new run; it waits until {@link #tick} gives it a slot.
     *
     * @throws IllegalArgumentException when a run of that id is followed or ended recently
     */
    public void accept(JobRunRequest request, Instant now) {
        String id = request.jobRunId();
        if (runs.containsKey(id)) {
            throw new IllegalArgumentException("job run " + id + " is already " + describe(runs.get(id)) + "; it is not started again");
        }
        if (done.containsKey(id)) {
            throw new IllegalArgumentException("job run " + id + " already ended (" + done.get(id) + "); it is not started again");
        }
        runs.put(id, TrackedJobRun.accepted(request, now));
    }

    /**
     * A pipeline run of a job run completed.
     *
     * @param reason why it failed, or null
     * @throws IllegalArgumentException when the pipeline is not part of the job run
     */
    public JobRunEffects complete(String jobRunId, String pipelineId, int attempt, boolean succeeded, String reason, Instant now) {
        TrackedJobRun run = runs.get(jobRunId);
        if (run == null) {
            return JobRunEffects.completion(done.containsKey(jobRunId) ? JobRunEffects.Completion.DUPLICATE : JobRunEffects.Completion.UNKNOWN);
        }
        return run.complete(pipelineId, attempt, succeeded, reason, now);
    }

    /**
     * A launch could not be made (e.g. the pipeline no longer resolves): that attempt fails with this reason, its row is
     * to be written as FAILED, and the step's failure policy applies.
     */
    public JobRunEffects refuseLaunch(PipelineLaunch launch, ErrorCategory category, String message, Instant now) {
        TrackedJobRun run = runs.get(launch.jobRunId());
        if (run == null) {
            throw new IllegalArgumentException("job run " + launch.jobRunId() + " is not followed");
        }
        return run.refuse(launch.pipelineId(), launch.attempt(), category, message, now);
    }

    /**
     * Operator cancel: nothing more is launched; the run ends CANCELLED once its running pipelines completed (at once for a
     * run still waiting to start).
     */
    public JobRunEffects cancel(String jobRunId, Instant now) {
        TrackedJobRun run = runs.get(jobRunId);
        if (run == null) {
            return JobRunEffects.completion(done.containsKey(jobRunId) ? JobRunEffects.Completion.DUPLICATE : JobRunEffects.Completion.UNKNOWN);
        }
        return run.cancel(now);
    }

    /**
     * Time passed: launches retries that are due, starts waiting runs while their job has fewer than
     * {@code maxConcurrentPerJob} runs running (oldest accepted first), and raises SLA breaches, once per run.
     */
    public JobRunEffects tick(Instant now, int maxConcurrentPerJob) {
        if (maxConcurrentPerJob < 1) {
            throw new IllegalArgumentException("maxConcurrentPerJob must be >= 1, got " + maxConcurrentPerJob);
        }
        JobRunEffects effects = new JobRunEffects();
        List<TrackedJobRun> ordered = runs();
        for (TrackedJobRun run : ordered) {
            effects.addAll(run.due(now));
        }
        Map<String, Integer> running = new HashMap<>();
        for (TrackedJobRun run : ordered) {
            if (!run.isWaiting() && !run.isFinished()) {
                running.merge(jobKey(run), 1, Integer::sum);
            }
        }
        for (TrackedJobRun run : ordered) {
            if (run.isWaiting() && running.getOrDefault(jobKey(run), 0) < maxConcurrentPerJob) {
                running.merge(jobKey(run), 1, Integer::sum);
                effects.addAll(run.begin(now));
                if (run.isFinished()) {
                    running.merge(jobKey(run), -1, Integer::sum);
                }
            }
        }
        for (TrackedJobRun run : ordered) {
            effects.addAll(run.checkSla(now));
        }
        return effects;
    }

    /** The rows of a run were written: a run that ended is forgotten but for its {@code done.} entry. */
    public void recorded(String jobRunId) {
        TrackedJobRun run = runs.get(jobRunId);
        if (run == null) {
            return;
        }
        run.recorded();
        if (run.isFinished()) {
            runs.remove(jobRunId);
            JobRun plan = run.run().orElseThrow();
            done.put(jobRunId, plan.status() + " " + plan.finishedAt().orElseThrow());
        }
    }

    /** Forgets ended runs whose end is older than {@code retention}. */
    public void expire(Instant now, Duration retention) {
        done.entrySet().removeIf(e -> {
            Instant ended = endedAt(e.getValue());
            return ended == null || !ended.plus(retention).isAfter(now);
        });
    }

    private static Instant endedAt(String doneValue) {
        int space = doneValue.lastIndexOf(' ');
        try {
            return Instant.parse(doneValue.substring(space + 1));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static final Comparator<TrackedJobRun> ORDER = Comparator.comparing(TrackedJobRun::received)
            .thenComparing(TrackedJobRun::jobRunId);

    private static String jobKey(TrackedJobRun run) {
        return run.request().app() + "/" + run.request().jobId();
    }

    private static boolean sameJob(TrackedJobRun run, String app, String jobId) {
        return run.request().app().equals(app) && run.request().jobId().equals(jobId);
    }

    private static String describe(TrackedJobRun run) {
        return run.isWaiting() ? "waiting to start" : run.isFinished() ? "ended" : "running";
    }
}
