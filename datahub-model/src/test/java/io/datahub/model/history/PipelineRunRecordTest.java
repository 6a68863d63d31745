package io.datahub.model.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datahub.model.run.ErrorCategory;
import io.datahub.model.run.PipelineRunResult;
import io.datahub.model.run.RunStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineRunRecordTest {

    private static final Instant START = Instant.parse("2024-03-05T10:00:00.100Z");
    private static final Instant END = Instant.parse("2024-03-05T10:30:00.350Z");

    @Test
    void fromResult() {
        Map<String, Long> read = new LinkedHashMap<>();
        read.put("orders", 1_000L);
        read.put("customers", 250L);
        PipelineRunResult result = new PipelineRunResult("r1", "sales", "silver", "orders_clean", "1.2.0", "2024-03-04",
                RunStatus.FAILED, START, END, read, Map.of("sales.orders", 900L), Map.of("bad", 3L), Map.of(), List.of(),
                List.of(), ErrorCategory.DATA_QUALITY, "rule 'positive' failed for 3 rows");
        PipelineRunRecord record = PipelineRunRecord.from(result, 2, "job-1", "livy", "application_1_2", "PT20M",
                START.minusSeconds(600), END.plusSeconds(3600));
        assertEquals(new PipelineRunRecord("r1", 2, "job-1", "sales", "silver", "orders_clean", "1.2.0", LocalDate.of(2024, 3, 4),
                "livy", "application_1_2", RunStatus.FAILED, START, END, 1_800_250L, 1_250L, Map.of("sales.orders", 900L),
                ErrorCategory.DATA_QUALITY, "rule 'positive' failed for 3 rows", "PT20M", SlaStatus.BREACHED), record);

        // Measured from the start when no other moment is given: 30m00.25s within PT31M.
        assertEquals(SlaStatus.MET, PipelineRunRecord.from(result, 1, null, null, null, "PT31M", null, END).slaStatus());
    }

    @Test
    void fromResultWithoutCountsOrEnd() {
        PipelineRunResult result = new PipelineRunResult("r1", "sales", "silver", "p", null, null, RunStatus.FAILED, START, null,
                null, null, null, null, null, null, ErrorCategory.SUBMISSION_FAILED, "livy down");
        PipelineRunRecord record = PipelineRunRecord.from(result, 1, null, "livy", null, null, null, END);
        assertEquals(new PipelineRunRecord("r1", 1, null, "sales", "silver", "p", null, null, "livy", null, RunStatus.FAILED,
                START, null, null, null, null, ErrorCategory.SUBMISSION_FAILED, "livy down", null, SlaStatus.UNKNOWN), record);
    }

    @Test
    void keyFieldsAreRequired() {
        assertThrows(IllegalArgumentException.class, () -> new PipelineRunRecord("r1", 0, null, "a", null, "p", null, null, null,
                null, RunStatus.RUNNING, null, null, null, null, null, null, null, null, null));
        assertThrows(NullPointerException.class, () -> new PipelineRunRecord(null, 1, null, "a", null, "p", null, null, null,
                null, RunStatus.RUNNING, null, null, null, null, null, null, null, null, null));
    }
}
