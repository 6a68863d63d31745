package io.datahub.cli;

import io.datahub.model.run.PipelineRunResult;
import io.datahub.model.run.RunRequest;
import io.datahub.model.run.RunStatus;

/**
 * How {@link PipelineRunner} executes a resolved run: in this JVM ({@link EmbeddedEngine}) or through a Spark
 * submitter ({@link SubmittedEngine}). The runner resolves the request and records the run; the engine runs it.
 */
interface RunEngine extends AutoCloseable {

    /** The run history's submit mode of the runs this engine makes. */
    String submitMode();

    /**
     * Runs the request to its end and returns its result; never throws for a run that failed (the result says so).
     * Reports each change of where the run stands to {@code progress}.
     */
    Outcome run(RunRequest request, Progress progress);

    /** Releases what the engine holds (submitters: their sessions and launched processes). */
    @Override
    default void close() {
    }

    /** The run's result and the Spark application id it ran as (or null when unknown). */
    record Outcome(PipelineRunResult result, String sparkAppId) {
    }

    /** Told when a run is submitted or starts running, so the history shows it before it ends. */
    @FunctionalInterface
    interface Progress {
        void update(RunStatus status, String sparkAppId);
    }
}
