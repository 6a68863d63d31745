package io.datahub.model.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datahub.model.history.JobRunRecord;
import io.datahub.model.history.PipelineRunRecord;
import io.datahub.model.history.SlaStatus;
import io.datahub.model.job.JobRunReport.FailedPipeline;
import io.datahub.model.run.ErrorCategory;
import io.datahub.model.run.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobRunReportTest {

    private static final String ID = "daily-2026-01-15-abcd1234";
    private static final LocalDate DATE = LocalDate.of(2026, 1, 15);
    private static final Instant T0 = Instant.parse("2026-01-15T03:30:00Z");

    /**
     * load (retry 1) -> std (fallback std_alt) -> export (continue), mart (skip) -> mart_feed (halt).
     */
    private static JobGraph graph() {
        return JobGraph.of("daily", List.of(
                new JobStep("load", List.of(), FailurePolicy.RETRY, 1, Duration.ZERO, null),
                new JobStep("std", List.of("load"), FailurePolicy.FALLBACK, 0, Duration.ZERO, "std_alt"),
                new JobStep("export", List.of("std"), FailurePolicy.CONTINUE, 0, Duration.ZERO, null),
                new JobStep("mart", List.of("std"), FailurePolicy.SKIP, 0, Duration.ZERO, null),
                new JobStep("mart_feed", List.of("mart"), FailurePolicy.HALT, 0, Duration.ZERO, null)));
    }

    private static Instant at(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    /** Every policy once: a retry that succeeds, a recovered fallback, a tolerated failure, a skip. */
    private static JobRun endedRun() {
        JobRun run = JobRun.start(graph(), ID, T0);
        run.begin(at(0));
        run.failed("load", 1, "[INPUT_NOT_FOUND] no file", at(1));  // retry without delay: attempt 2 launched at once
        run.succeeded("load", 2, at(2));
        run.failed("std", 1, "[DATA_QUALITY] 3 rows broke rule r1", at(3));
        run.succeeded("std_alt", 1, at(4));
        run.failed("export", 1, "[TARGET_WRITE_FAILED] disk full", at(5));
        run.failed("mart", 1, "[SQL_ERROR] relation mart does not exist", at(7));
        return run;
    }

    @Test
    void reportsOutcomeCountsRunIdsAndFailedPipelinesOfAnEndedRun() {
        JobRunReport report = JobRunReport.of(graph(), endedRun(), "shop", "1.2.0", ID, DATE, null, T0, "PT2H", SlaStatus.MET);

        assertEquals(RunStatus.FAILED, report.status());  // mart failed under skip: not satisfied
        assertEquals(at(7), report.endedAt());
        assertEquals(420_000L, report.durationMs());
        assertEquals(1, report.counts().get(StepStatus.SUCCEEDED));
        assertEquals(3, report.counts().get(StepStatus.FAILED));
        assertEquals(1, report.counts().get(StepStatus.SKIPPED));
        assertEquals(0, report.counts().get(StepStatus.CANCELLED));
        assertEquals(List.of(ID + "-load-1", ID + "-load-2"), report.pipelines().get(0).runIds());
        assertEquals(List.of(), report.pipelines().get(4).runIds());
        assertEquals(StepStatus.SUCCEEDED, report.pipelines().get(1).fallbackStatus());
        assertEquals(ID + "-std_alt-1", report.pipelines().get(1).fallbackRunId());

        assertEquals(List.of(
                new FailedPipeline("std", ID + "-std-1", 1, "[DATA_QUALITY] 3 rows broke rule r1", FailurePolicy.FALLBACK, "std_alt", null),
                new FailedPipeline("export", ID + "-export-1", 1, "[TARGET_WRITE_FAILED] disk full", FailurePolicy.CONTINUE, null, null),
                new FailedPipeline("mart", ID + "-mart-1", 1, "[SQL_ERROR] relation mart does not exist", FailurePolicy.SKIP, null, null)),
                report.failedPipelines());
    }

    @Test
    void theJobRunsRowCarriesCountsFailuresAndSla() {
        JobRunRecord row = JobRunReport.of(graph(), endedRun(), "shop", "1.2.0", ID, DATE, null, T0, "PT2H", SlaStatus.MET).toRecord();
        Map<String, String> failed = new LinkedHashMap<>();
        failed.put("std", "[DATA_QUALITY] 3 rows broke rule r1");
        failed.put("export", "[TARGET_WRITE_FAILED] disk full");
        failed.put("mart", "[SQL_ERROR] relation mart does not exist");
        assertEquals(new JobRunRecord(ID, "shop", "daily", "1.2.0", DATE, RunStatus.FAILED, T0, at(7), 420_000L, 5, 1, 3, 1, 0, failed,
                "std, export, mart failed", "PT2H", SlaStatus.MET), row);
    }

    @Test
    void aFailedFallbackIsAFailedPipelineOfItsOwn() {
        JobRun run = JobRun.start(graph(), ID, T0);
        run.begin(at(0));
        run.succeeded("load", 1, at(1));
        run.failed("std", 1, "[DATA_QUALITY] bad", at(2));
        run.failed("std_alt", 1, "[INPUT_NOT_FOUND] no backup", at(3));  // fallback failed: halt

        JobRunReport report = JobRunReport.of(graph(), run, "shop", "1.2.0", ID, DATE, null, T0, null, null);
        assertEquals(RunStatus.FAILED, report.status());
        assertEquals(List.of(
                new FailedPipeline("std", ID + "-std-1", 1, "[DATA_QUALITY] bad", FailurePolicy.FALLBACK, null, null),
                new FailedPipeline("std_alt", ID + "-std_alt-1", 1, "[INPUT_NOT_FOUND] no backup", null, null, "std")),
                report.failedPipelines());
        assertEquals(3, report.counts().get(StepStatus.CANCELLED));  // export, mart, mart_feed never ran
        assertEquals(SlaStatus.UNKNOWN, report.slaStatus());
        assertEquals("std, std_alt failed", report.toRecord().errorMessage());
    }

    @Test
    void aRunWaitingToStartIsSubmittedWithEveryStepPending() {
        Instant due = Instant.parse("2026-01-15T03:30:00Z");
        JobRunReport report = JobRunReport.of(graph(), null, "shop", "1.2.0", ID, DATE, due, null, "PT2H", SlaStatus.BREACHED);
        assertEquals(RunStatus.SUBMITTED, report.status());
        assertEquals(5, report.counts().get(StepStatus.PENDING));
        assertNull(report.startedAt());
        assertNull(report.durationMs());
        JobRunRecord row = report.toRecord();
        assertEquals(RunStatus.SUBMITTED, row.status());
        assertEquals(SlaStatus.BREACHED, row.slaStatus());
        assertNull(row.failedPipelines());
        assertNull(row.errorMessage());
    }

    @Test
    void theJsonHasTheOutcomeCountsFailedPipelinesAndRunKeys() throws Exception {
        JsonNode json = new ObjectMapper().readTree(
                JobRunReport.of(graph(), endedRun(), "shop", "1.2.0", ID, DATE, null, T0, "PT2H", SlaStatus.MET).toJson());
        assertEquals("shop", json.get("app").asText());
        assertEquals("daily", json.get("job").asText());
        assertEquals(ID, json.get("jobRunId").asText());
        assertEquals("2026-01-15", json.get("runDate").asText());
        assertEquals("FAILED", json.get("outcome").asText());
        assertEquals("2026-01-15T03:30:00Z", json.get("startedAt").asText());
        assertEquals("2026-01-15T03:37:00Z", json.get("endedAt").asText());
        assertEquals(420000, json.get("durationMs").asLong());
        assertEquals("MET", json.get("slaStatus").asText());
        assertEquals(3, json.get("counts").get("FAILED").asInt());
        assertEquals(1, json.get("counts").get("SKIPPED").asInt());
        JsonNode std = json.get("failedPipelines").get(0);
        assertEquals("std", std.get("pipelineId").asText());
        assertEquals(ID + "-std-1", std.get("runId").asText());
        assertEquals("[DATA_QUALITY] 3 rows broke rule r1", std.get("reason").asText());
        assertEquals("fallback", std.get("onFailure").asText());
        assertEquals("std_alt", std.get("recoveredBy").asText());
        assertEquals(3, json.get("failedPipelines").size());
        JsonNode load = json.get("pipelines").get(0);
        assertEquals("SUCCEEDED", load.get("status").asText());
        assertEquals(2, load.get("attempts").asInt());
        assertEquals(ID + "-load-2", load.get("runIds").get(1).asText());
        assertEquals("std_alt", json.get("pipelines").get(1).get("fallback").get("pipelineId").asText());
    }

    @Test
    void aPipelineThatNeverRanGetsTheRowOfTheAttemptItWouldHaveBeen() {
        PipelineRunRecord row = JobRunReport.notRun("shop", ID, "mart_feed", 1, RunStatus.SKIPPED, DATE, null, at(7), null,
                JobRunReport.NOT_RUN_SKIPPED);
        assertEquals(new PipelineRunRecord(ID + "-mart_feed-1", 1, ID, "shop", null, "mart_feed", null, DATE, null, null,
                RunStatus.SKIPPED, at(7), at(7), 0L, null, null, null, JobRunReport.NOT_RUN_SKIPPED, null, SlaStatus.UNKNOWN), row);
        PipelineRunRecord cancelled = JobRunReport.notRun("shop", ID, "load", 3, RunStatus.CANCELLED, DATE, null, at(7),
                ErrorCategory.CANCELLED, JobRunReport.NOT_RUN_HALTED);
        assertEquals(ID + "-load-3", cancelled.runId());
        assertEquals(ErrorCategory.CANCELLED, cancelled.errorCategory());
    }
}
