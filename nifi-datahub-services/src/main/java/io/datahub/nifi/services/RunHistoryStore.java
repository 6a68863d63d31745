package io.datahub.nifi.services;

import io.datahub.model.history.JobRunRecord;
import io.datahub.model.history.PipelineRunRecord;
import java.util.List;
import java.util.Optional;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.controller.ControllerService;
import org.apache.nifi.logging.ComponentLog;

/**
 * The run-history table (DESIGN section 5) for processors. Writes are idempotent: a record replaces the row of
 * its key (run id and attempt; job run id). Failures are {@link io.datahub.model.history.RunHistoryException}s;
 * {@code unavailable()} says the database could not be reached, so the caller should retry later.
 */
public interface RunHistoryStore extends ControllerService {

    /** Inserts or replaces the row of this run id and attempt. */
    void recordPipelineRun(PipelineRunRecord run);

    /** Inserts or replaces several pipeline run rows in one transaction. */
    void recordPipelineRuns(List<PipelineRunRecord> runs);

    /** Inserts or replaces the row of this job run id. */
    void recordJobRun(JobRunRecord job);

    /** The row of one pipeline run attempt, if recorded. */
    Optional<PipelineRunRecord> find(String runId, int attempt);

    /**
     * Whether runs can be recorded now, as this service is enabled: the database answers, and the tables exist (or will
     * be created by the next write). For a processor's verification (RunRecorder); writes nothing.
     *
     * @return one result per step checked; a single FAILED result when the service is not enabled
     */
    List<ConfigVerificationResult> verifyStore(ComponentLog verificationLogger);
}
