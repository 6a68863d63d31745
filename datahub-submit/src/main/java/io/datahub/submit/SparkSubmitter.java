package io.datahub.submit;

import io.datahub.model.run.RunRequest;

/**
 * Hands pipeline runs to Spark and follows them. Every call does at most a few requests to the cluster manager
 * and returns: nothing here sleeps or waits for a run to finish, so a handful of threads can follow thousands of
 * runs by calling {@link #poll} from a loop (NiFi's {@code running} relationship, the CLI's wait loop).
 *
 * <p>A {@link Submission} carries everything needed to poll or cancel a run later, also from another submitter
 * instance after a restart ({@link Submission#toAttributeValue()}). Calls throw {@link SubmitException}; when it
 * is {@link SubmitException#transientFailure() transient}, make the same call again later.
 */
public interface SparkSubmitter extends AutoCloseable {

    /**
     * Starts a run. Safe to call again with the same request after a transient failure: the run id identifies
     * the run to the cluster manager, so a second call adopts what the first one started instead of starting
     * the pipeline twice.
     *
     * @return the submission, usually {@link SubmissionState#SUBMITTED} or {@link SubmissionState#RUNNING}; never final
     */
    Submission submit(RunRequest request);

    /**
     * Looks at a run once. A final submission is returned unchanged without any request.
     *
     * @return the updated submission; when final, with the run's result (if it reported one) and error category
     */
    Submission poll(Submission submission);

    /**
     * Cancels a run (kills it if it is running). A final submission is returned unchanged.
     *
     * @return the submission in state {@link SubmissionState#CANCELLED}
     */
    Submission cancel(Submission submission);

    /**
     * Releases what the submitter holds (for Livy sessions: deletes the idle pooled sessions; for the launcher: kills
     * the applications it still runs).
     */
    @Override
    void close();
}
