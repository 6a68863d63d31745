package io.datahub.model.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datahub.model.run.ErrorCategory;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The report's queries on PostgreSQL, MariaDB and H2 over {@link RunHistorySeed}: the same numbers as the
 * Grafana panels in {@link GrafanaDashboardTest}, worked out from the seed's table (window from 2026-01-13).
 */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class RunStatisticsTest {

    private static final String SCHEMA = "rs_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final LocalDate FROM = RunHistorySeed.FIRST_DAY;

    @TempDir
    static Path h2Dir;

    @Parameter
    TestDatabase db;

    // The tests only read, so each database is seeded once.
    private static RunHistoryRepository history;
    private static RunStatistics statistics;

    @BeforeParameterizedClassInvocation
    static void seed(TestDatabase db) throws SQLException {
        ConnectionSource connections = db.connections(h2Dir);
        TestDatabase.execute(connections, db.dropSchema(SCHEMA));
        history = new RunHistoryRepository(connections, SCHEMA);
        history.createTables();
        RunHistorySeed.seed(history);
        statistics = new RunStatistics(history);
    }

    @AfterParameterizedClassInvocation
    static void dropSchema(TestDatabase db) throws SQLException {
        TestDatabase.execute(db.connections(h2Dir), db.dropSchema(SCHEMA));
    }

    @Test
    void pipelinesCountOutcomesAndDurationPercentiles() {
        // crm_load: a3 b4 c4 failed, c3 succeeded (90 s), c5 submitted. sales_load: a1 b1 c1 succeeded (60, 180, 300 s),
        // c6 cancelled. top_salesmen: a2 b3 succeeded (120, 240 s), b2 failed, c2 running. Percentiles as in
        // GrafanaDashboardTest: sales_load p95 = 180 000 + 0.9 * 120 000, top_salesmen p95 = 120 000 + 0.95 * 120 000.
        assertEquals(List.of(
                new PipelineStatistics("customer", "crm_load", 5, 1, 3, 90_000L, 90_000L, 90_000L),
                new PipelineStatistics("retail", "sales_load", 4, 3, 0, 180_000L, 288_000L, 300_000L),
                new PipelineStatistics("retail", "top_salesmen", 4, 2, 1, 180_000L, 234_000L, 240_000L)),
                statistics.pipelines(null, FROM));
        assertEquals(List.of(new PipelineStatistics("customer", "crm_load", 5, 1, 3, 90_000L, 90_000L, 90_000L)),
                statistics.pipelines("customer", FROM));
        // From the 15th only: crm_load c3 c4 c5; sales_load c1 c6; top_salesmen c2 (running: no duration).
        assertEquals(List.of(
                new PipelineStatistics("customer", "crm_load", 3, 1, 1, 90_000L, 90_000L, 90_000L),
                new PipelineStatistics("retail", "sales_load", 2, 1, 0, 300_000L, 300_000L, 300_000L),
                new PipelineStatistics("retail", "top_salesmen", 1, 0, 0, null, null, null)),
                statistics.pipelines(null, FROM.plusDays(2)));
    }

    @Test
    void slaComplianceCountsOutcomesPerApplication() {
        // customer: MET c3, BREACHED c4, UNKNOWN a3 b4 c5. retail: MET a1 a2 b1 c1, BREACHED b2 b3, UNKNOWN c2 c6.
        List<SlaCompliance> pipelines = statistics.pipelineSla(null, FROM);
        assertEquals(List.of(new SlaCompliance("customer", 1, 1, 3), new SlaCompliance("retail", 4, 2, 2)), pipelines);
        assertEquals(new BigDecimal("50.0"), pipelines.get(0).percent());
        assertEquals(new BigDecimal("66.7"), pipelines.get(1).percent());
        SlaCompliance total = SlaCompliance.total(pipelines);
        assertEquals(new SlaCompliance(null, 5, 3, 5), total);
        assertEquals(new BigDecimal("62.5"), total.percent());
        // Jobs: customer j2 j4 UNKNOWN, j6 BREACHED; retail j1 MET, j3 BREACHED, j5 UNKNOWN.
        List<SlaCompliance> jobs = statistics.jobSla(null, FROM);
        assertEquals(List.of(new SlaCompliance("customer", 0, 1, 2), new SlaCompliance("retail", 1, 1, 1)), jobs);
        assertEquals(new BigDecimal("33.3"), SlaCompliance.total(jobs).percent());
        assertEquals(new BigDecimal("0.0"), jobs.get(0).percent());
        assertEquals(List.of(new SlaCompliance("retail", 1, 1, 1)), statistics.jobSla("retail", FROM));
        assertNull(new SlaCompliance("x", 0, 0, 4).percent());
    }

    @Test
    void runningRunsWhenEverTheyStarted() {
        // o2 (12th 22:00, before the window), c2 (15th 23:00), c5 (15th 23:30, SUBMITTED); job j5.
        assertEquals(List.of("o2", "c2", "c5"), statistics.runningPipelines(null).stream().map(PipelineRunRecord::runId).toList());
        assertEquals(List.of("o2", "c5"), statistics.runningPipelines("customer").stream().map(PipelineRunRecord::runId).toList());
        PipelineRunRecord c2 = statistics.runningPipelines("retail").get(0);
        assertEquals(RunHistorySeed.pipelineRuns().stream().filter(r -> r.runId().equals("c2")).findFirst().orElseThrow(), c2);
        assertEquals(List.of("retail_daily-3"), statistics.runningJobs(null).stream().map(JobRunRecord::jobRunId).toList());
        assertEquals(List.of(), statistics.runningJobs("customer"));
    }

    @Test
    void dailyAndFailureReasonsAgreeWithTheDashboard() {
        // The report's other two views come from the repository; same seed, same numbers as the panels.
        assertEquals(List.of(
                new DailySummary(FROM, "customer", 1, 0, 1, 0), new DailySummary(FROM, "retail", 2, 2, 0, 0),
                new DailySummary(FROM.plusDays(1), "customer", 1, 0, 1, 0), new DailySummary(FROM.plusDays(1), "retail", 3, 2, 1, 2),
                new DailySummary(FROM.plusDays(2), "customer", 3, 1, 1, 1), new DailySummary(FROM.plusDays(2), "retail", 3, 1, 0, 0)),
                history.daily(null, FROM));
        assertEquals(List.of(
                new FailureReason(ErrorCategory.CONNECTION_FAILED, 2, "connection refused: crm-db:5432 (again)"),
                new FailureReason(ErrorCategory.CANCELLED, 1, "cancelled by an operator"),
                new FailureReason(ErrorCategory.DATA_QUALITY, 1, RunHistorySeed.HOSTILE_MESSAGE),
                new FailureReason(ErrorCategory.SQL_ERROR, 1, "relation \"sales\" does not exist")),
                history.failureReasons(null, FROM, 10));
    }

    @Test
    void percentileIsPostgresPercentileContRounded() {
        assertEquals(7, RunStatistics.percentile(new long[] {7}, 0.95));
        assertEquals(15, RunStatistics.percentile(new long[] {10, 20}, 0.5));
        // 1 + 0.95 * 2 = 2.9 -> 3; position 0.95 * 3 = 2.85 between 30 and 40 -> 38.5 -> 39 (half up).
        assertEquals(3, RunStatistics.percentile(new long[] {1, 3}, 0.95));
        assertEquals(39, RunStatistics.percentile(new long[] {10, 20, 30, 40}, 0.95));
        assertEquals(288_000, RunStatistics.percentile(new long[] {60_000, 180_000, 300_000}, 0.95));
        assertThrows(IllegalArgumentException.class, () -> RunStatistics.percentile(new long[0], 0.5));
    }
}
