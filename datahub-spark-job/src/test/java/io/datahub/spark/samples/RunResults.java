package io.datahub.spark.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datahub.model.run.PipelineRunResult;
import io.datahub.model.run.RunStatus;
import java.util.Map;

/** Assertions on a run's outcome and counters. */
final class RunResults {

    private RunResults() {
    }

    static void assertSucceeded(PipelineRunResult result, Map<String, Long> read, Map<String, Long> written,
                                Map<String, Long> quarantined, Map<String, Long> rejected) {
        assertEquals(RunStatus.SUCCEEDED, result.status(), () -> result.pipelineId() + " failed: [" + result.errorCategory() + "] "
                + result.errorMessage());
        assertEquals(read, result.rowsRead(), result.pipelineId() + ": rows read");
        assertEquals(written, result.rowsWritten(), result.pipelineId() + ": rows written");
        assertEquals(quarantined, result.rowsQuarantined(), result.pipelineId() + ": rows quarantined");
        assertEquals(rejected, result.rowsRejected(), result.pipelineId() + ": rows rejected");
    }
}
