package io.datahub.cli;

import io.datahub.model.run.ErrorCategory;
import io.datahub.model.run.PipelineRunResult;
import io.datahub.model.run.RunRequest;
import io.datahub.model.run.RunStatus;
import io.datahub.submit.RunTimeout;
import io.datahub.submit.SparkSubmitter;
import io.datahub.submit.Submission;
import io.datahub.submit.SubmissionState;
import io.datahub.submit.SubmitException;
import io.datahub.submit.SubmitMode;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Runs through a {@link SparkSubmitter} (Livy batch, Livy session, spark-submit) and waits for the outcome: the
 * submitters never block, so this loop polls, waiting {@code pollInterval} between polls. A run still going after
 * {@code timeout} is cancelled and fails with {@link ErrorCategory#TIMEOUT}, as NiFi's SparkPipelineSubmit does.
 */
final class SubmittedEngine implements RunEngine {

    /** After this many polls in a row failed to reach the cluster manager (transient errors), the run is given up. */
    static final int MAX_TRANSIENT_POLL_FAILURES = 5;

    private final SparkSubmitter submitter;
    private final SubmitMode mode;
    private final String where;
    private final Duration pollInterval;
    private final Duration timeout;
    private final PrintWriter out;

    /**
     * @param mode         how the submitter submits (recorded as the run's submit mode)
     * @param where        what the run goes to, for the progress lines (e.g. "Livy at http://livy:8998")
     * @param timeout      cancel a run not finished this long after its submission; null: wait as long as it takes
     */
    SubmittedEngine(SparkSubmitter submitter, SubmitMode mode, String where, Duration pollInterval, Duration timeout, PrintWriter out) {
        this.submitter = submitter;
        this.mode = mode;
        this.where = where;
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
        this.timeout = timeout;
        this.out = out;
    }

    @Override
    public String submitMode() {
        // The submitters' mode names (LIVY_BATCH, ...): the values NiFi's runs carry into run history too.
        return mode.name();
    }

    @Override
    public Outcome run(RunRequest request, Progress progress) {
        Instant started = Instant.now();
        Submission submission;
        try {
            submission = submitter.submit(request);
        } catch (SubmitException e) {
            out.printf("  not submitted to %s%n", where);
            out.flush();
            return new Outcome(ended(request, RunStatus.FAILED, started, e.errorCategory(), e.getMessage()), null);
        }
        out.printf("  submitted to %s: %s%n", where, describeExternal(submission));
        out.flush();
        progress.update(status(submission), submission.sparkAppId());
        int transientFailures = 0;
        while (!submission.isFinal()) {
            if (!waitForNextPoll(submission)) {
                return new Outcome(ended(request, RunStatus.CANCELLED, started, ErrorCategory.CANCELLED,
                        "interrupted while waiting for run " + request.runId() + "; it was cancelled"), cancelQuietly(submission).sparkAppId());
            }
            if (timeout != null && RunTimeout.exceeded(submission, timeout, Instant.now())) {
                return timedOut(request, submission, started);
            }
            Submission next;
            try {
                next = submitter.poll(submission);
                transientFailures = 0;
            } catch (SubmitException e) {
                if (e.transientFailure() && ++transientFailures < MAX_TRANSIENT_POLL_FAILURES) {
                    out.printf("  %s; polling again%n", e.getMessage());
                    out.flush();
                    continue;
                }
                cancelQuietly(submission);
                return new Outcome(ended(request, RunStatus.FAILED, started, e.errorCategory(),
                        "lost track of run " + request.runId() + ": " + e.getMessage()), submission.sparkAppId());
            }
            boolean moved = !Objects.equals(next.externalId(), submission.externalId());
            if (!next.isFinal() && (moved || next.state() != submission.state() || !Objects.equals(next.sparkAppId(), submission.sparkAppId()))) {
                out.printf("  %s%s%s%n", next.state(), next.sparkAppId() == null ? "" : ", Spark application " + next.sparkAppId(),
                        moved ? " (" + describeExternal(next) + ")" : "");
                out.flush();
                progress.update(status(next), next.sparkAppId());
            }
            submission = next;
        }
        return new Outcome(outcome(request, submission, started), submission.sparkAppId());
    }

    @Override
    public void close() {
        submitter.close();
    }

    /** Waits one poll interval, less when the run's timeout comes first; false when interrupted. */
    private boolean waitForNextPoll(Submission submission) {
        long millis = pollInterval.toMillis();
        if (timeout != null && submission.submittedAt() != null) {
            millis = Math.min(millis, Math.max(0, Duration.between(Instant.now(), submission.submittedAt().plus(timeout)).toMillis()));
        }
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Outcome timedOut(RunRequest request, Submission submission, Instant started) {
        Submission cancelled = cancelQuietly(submission);
        String message = RunTimeout.message(request.runId(), timeout);
        out.printf("  %s%n", message);
        out.flush();
        return new Outcome(ended(request, RunStatus.FAILED, started, ErrorCategory.TIMEOUT, message), cancelled.sparkAppId());
    }

    /** Cancels a run being given up; a cancel that fails is reported, not thrown (the run's failure says why it ended). */
    private Submission cancelQuietly(Submission submission) {
        try {
            return submitter.cancel(submission);
        } catch (SubmitException e) {
            out.printf("  could not cancel run %s: %s%n", submission.runId(), e.getMessage());
            out.flush();
            return submission;
        }
    }

    /** The result of a final submission: the job's own report when it made one, with the submitter's category and message. */
    private static PipelineRunResult outcome(RunRequest request, Submission s, Instant started) {
        RunStatus status = switch (s.state()) {
            case SUCCEEDED -> RunStatus.SUCCEEDED;
            case CANCELLED -> RunStatus.CANCELLED;
            default -> RunStatus.FAILED;
        };
        ErrorCategory category = status == RunStatus.SUCCEEDED ? null
                : s.errorCategory() != null ? s.errorCategory() : status == RunStatus.CANCELLED ? ErrorCategory.CANCELLED : ErrorCategory.INTERNAL;
        String message = status == RunStatus.SUCCEEDED ? null
                : s.errorMessage() != null ? s.errorMessage() : "the run ended " + s.state() + " without a message";
        PipelineRunResult r = s.result();
        if (r == null) {
            return ended(request, status, started, category, message);
        }
        // Status and error as the submitter decided (it scrubbed the message of secrets); rows and steps as the job reported.
        return new PipelineRunResult(r.runId(), r.app(), r.layer(), r.pipelineId(), r.pipelineVersion(), r.runDate(), status,
                r.startedAt() != null ? r.startedAt() : started, r.endedAt() != null ? r.endedAt() : Instant.now(), r.rowsRead(),
                r.rowsWritten(), r.rowsQuarantined(), r.rowsRejected(), r.steps(), r.warnings(), category, message);
    }

    private static PipelineRunResult ended(RunRequest request, RunStatus status, Instant started, ErrorCategory category, String message) {
        return PipelineRunner.withoutJobResult(request.runId(), request.app(), request.layer(), request.pipelineId(), null,
                request.runDate(), status, started, category, message);
    }

    /** What the cluster manager calls the run, in words. */
    private String describeExternal(Submission s) {
        String id = s.externalId();
        return switch (mode) {
            case LIVY_BATCH -> "batch " + id;
            case LIVY_SESSION -> {
                if (id == null) {
                    yield "waiting for a session";
                }
                String[] parts = id.split("/", 2);
                yield parts.length == 2 ? "statement " + parts[1] + " of session " + parts[0] : id;
            }
            case SPARK_LAUNCHER -> "run files in " + id;
        };
    }

    private static RunStatus status(Submission s) {
        return s.state() == SubmissionState.SUBMITTED ? RunStatus.SUBMITTED : RunStatus.RUNNING;
    }
}
