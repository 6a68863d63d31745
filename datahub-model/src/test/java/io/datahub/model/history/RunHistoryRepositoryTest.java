package io.datahub.model.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datahub.model.run.ErrorCategory;
import io.datahub.model.run.RunStatus;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The repository on PostgreSQL, MariaDB and H2, each in a schema of its own dropped at the end. */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class RunHistoryRepositoryTest {

    private static final String SCHEMA = "rh_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final Instant RECORDED = Instant.parse("2024-03-12T09:00:00.250Z");

    @TempDir
    static Path h2Dir;

    @Parameter
    TestDatabase db;

    private ConnectionSource connections;
    private RunHistoryRepository repo;

    @BeforeEach
    void freshTables() throws SQLException {
        connections = db.connections(h2Dir);
        repo = new RunHistoryRepository(connections, SCHEMA, Clock.fixed(RECORDED, ZoneOffset.UTC));
        dropTables();
        repo.createTables();
    }

    @AfterParameterizedClassInvocation
    static void dropSchema(TestDatabase db) throws SQLException {
        TestDatabase.execute(db.connections(h2Dir), db.dropSchema(SCHEMA), db.dropSchema(SCHEMA + "_none"));
    }

    private void dropTables() throws SQLException {
        try (Connection c = connections.get(); Statement s = c.createStatement()) {
            if (c.getMetaData().getDatabaseProductName().equals("MariaDB")) {
                s.execute("CREATE DATABASE IF NOT EXISTS " + SCHEMA);
            } else {
                s.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
            }
            s.execute("DROP TABLE IF EXISTS " + SCHEMA + ".pipeline_runs");
            s.execute("DROP TABLE IF EXISTS " + SCHEMA + ".job_runs");
        }
    }

    // ---------------------------------------------------------------- tables

    @Test
    void createTablesTwiceKeepsTablesRowsAndIndexes() throws SQLException {
        repo.record(started("r1", 1));
        repo.createTables();
        repo.createTables();
        repo.checkTables();
        assertEquals(Optional.of(started("r1", 1)), repo.find("r1", 1));
        try (Connection c = connections.get()) {
            Set<List<String>> indexes = db.indexes(c, SCHEMA, "pipeline_runs");
            assertTrue(indexes.contains(List.of("run_id", "attempt")), indexes::toString);
            assertTrue(indexes.contains(List.of("app", "started_at")), indexes::toString);
            assertTrue(indexes.contains(List.of("job_run_id")), indexes::toString);
            Set<List<String>> jobIndexes = db.indexes(c, SCHEMA, "job_runs");
            assertTrue(jobIndexes.contains(List.of("job_run_id")), jobIndexes::toString);
            assertTrue(jobIndexes.contains(List.of("app", "started_at")), jobIndexes::toString);
        }
    }

    @Test
    void shippedDdlRunsTwiceByHand() throws SQLException {
        dropTables();
        try (Connection c = connections.get()) {
            List<String> ddl = RunHistoryRepository.ddl(RunHistoryRepository.Dialect.of(c), SCHEMA);
            assertEquals(db == TestDatabase.MARIADB ? 3 : 6, ddl.size(), ddl::toString);
            try (Statement s = c.createStatement()) {
                for (int round = 0; round < 2; round++) {
                    for (String sql : ddl) {
                        s.execute(sql);
                    }
                }
            }
        }
        repo.checkTables();
    }

    @Test
    void checkTablesNamesMissingTablesAndColumns() throws SQLException {
        repo.checkTables();
        TestDatabase.execute(connections, "DROP TABLE " + SCHEMA + ".job_runs",
                "ALTER TABLE " + SCHEMA + ".pipeline_runs DROP COLUMN sla_status",
                "ALTER TABLE " + SCHEMA + ".pipeline_runs DROP COLUMN rows_written");
        RunHistoryException e = assertThrows(RunHistoryException.class, repo::checkTables);
        assertEquals("run history is not set up in schema " + SCHEMA + ": " + SCHEMA + ".pipeline_runs lacks columns rows_written, sla_status; "
                + "missing table " + SCHEMA + ".job_runs", e.getMessage());
        assertFalse(e.unavailable());

        RunHistoryRepository none = new RunHistoryRepository(connections, SCHEMA + "_none");
        e = assertThrows(RunHistoryException.class, none::checkTables);
        assertEquals("run history is not set up in schema " + SCHEMA + "_none: missing table " + SCHEMA + "_none.pipeline_runs; "
                + "missing table " + SCHEMA + "_none.job_runs", e.getMessage());

        // Using a missing table is an error of its own kind, not "unavailable".
        e = assertThrows(RunHistoryException.class, () -> none.find("r1", 1));
        assertTrue(e.getMessage().startsWith("run history read of pipeline run r1 attempt 1 failed: "), e.getMessage());
        assertFalse(e.unavailable());

        none.createTables();
        none.checkTables();
        assertEquals(Optional.empty(), none.find("r1", 1));
    }

    // ---------------------------------------------------------------- pipeline runs

    @Test
    void startThenCompletionLeaveOneRowWithTheCompletionValues() throws SQLException {
        PipelineRunRecord start = started("r1", 1);
        repo.record(start);
        assertEquals(Optional.of(start), repo.find("r1", 1));

        PipelineRunRecord done = new PipelineRunRecord("r1", 1, "job-1", "sales", "silver", "orders_clean", "1.2.0",
                LocalDate.of(2024, 3, 5), "livy", "application_1700000000000_0042", RunStatus.FAILED,
                Instant.parse("2024-03-05T10:15:30.123Z"), Instant.parse("2024-03-05T11:20:45.987654321Z"), 3_915_864L,
                12_345_678_901L, orderedMap("sales.orders", 1_000L, "sales.order_lines", 12_345_678_901L),
                ErrorCategory.TARGET_WRITE_FAILED, "target 'sales.orders': Zürich ✓ 😀 \"quoted\" 'single'", "PT1H",
                SlaStatus.BREACHED);
        repo.record(done);

        PipelineRunRecord expected = new PipelineRunRecord("r1", 1, "job-1", "sales", "silver", "orders_clean", "1.2.0",
                LocalDate.of(2024, 3, 5), "livy", "application_1700000000000_0042", RunStatus.FAILED,
                Instant.parse("2024-03-05T10:15:30.123Z"), Instant.parse("2024-03-05T11:20:45.987Z"), 3_915_864L,
                12_345_678_901L, Map.of("sales.orders", 1_000L, "sales.order_lines", 12_345_678_901L),
                ErrorCategory.TARGET_WRITE_FAILED, "target 'sales.orders': Zürich ✓ 😀 \"quoted\" 'single'", "PT1H",
                SlaStatus.BREACHED);
        assertEquals(Optional.of(expected), repo.find("r1", 1));
        assertEquals(1, TestDatabase.count(connections, "SELECT COUNT(*) FROM " + SCHEMA + ".pipeline_runs"));
        assertEquals("{\"sales.orders\":1000,\"sales.order_lines\":12345678901}",
                text("SELECT rows_written FROM " + SCHEMA + ".pipeline_runs WHERE run_id = 'r1'"));
        try (Connection c = connections.get(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT recorded_at FROM " + SCHEMA + ".pipeline_runs")) {
            rs.next();
            assertEquals(LocalDateTime.of(2024, 3, 12, 9, 0, 0, 250_000_000), rs.getObject(1, LocalDateTime.class));
        }
    }

    @Test
    void attemptTwoIsASecondRow() {
        PipelineRunRecord first = failed("r1", 1, "sales", "2024-03-05T10:00:00.001Z", ErrorCategory.CONNECTION_FAILED, "refused", SlaStatus.UNKNOWN);
        PipelineRunRecord second = completed("r1", 2, "sales", "2024-03-05T10:05:00.002Z", SlaStatus.MET);
        PipelineRunRecord other = completed("r2", 1, "sales", "2024-03-05T09:00:00Z", SlaStatus.MET);
        repo.record(second);
        repo.record(first);
        repo.record(other);
        assertEquals(Optional.of(first), repo.find("r1", 1));
        assertEquals(Optional.of(second), repo.find("r1", 2));
        assertEquals(Optional.empty(), repo.find("r1", 3));
        assertEquals(List.of(other, first, second), repo.runsOfJob("job-1"));
        assertEquals(List.of(), repo.runsOfJob("job-unknown"));
    }

    @Test
    void recordAllWritesFiveHundredRunsInOneCall() throws SQLException {
        List<PipelineRunRecord> runs = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            runs.add(started("b" + i, 1 + i % 3));
        }
        repo.recordAll(runs);
        assertEquals(500, TestDatabase.count(connections, "SELECT COUNT(*) FROM " + SCHEMA + ".pipeline_runs"));
        assertEquals(Optional.of(runs.get(0)), repo.find("b0", 1));
        assertEquals(Optional.of(runs.get(499)), repo.find("b499", 2));

        // Half updates, half new rows; a key given twice ends with its last record.
        List<PipelineRunRecord> next = new ArrayList<>();
        for (int i = 250; i < 750; i++) {
            next.add(completed("b" + i, 1 + i % 3, "sales", "2024-03-06T00:00:00Z", SlaStatus.MET));
        }
        PipelineRunRecord last = failed("b600", 1, "sales", "2024-03-06T01:00:00Z", ErrorCategory.INTERNAL, "bug", SlaStatus.BREACHED);
        next.add(last);
        repo.recordAll(next);
        assertEquals(750, TestDatabase.count(connections, "SELECT COUNT(*) FROM " + SCHEMA + ".pipeline_runs"));
        assertEquals(499, TestDatabase.count(connections, "SELECT COUNT(*) FROM " + SCHEMA + ".pipeline_runs WHERE status = 'SUCCEEDED'")); // all but b600
        assertEquals(Optional.of(runs.get(249)), repo.find("b249", 1 + 249 % 3));
        assertEquals(Optional.of(next.get(0)), repo.find("b250", 1 + 250 % 3));
        assertEquals(Optional.of(last), repo.find("b600", 1));

        repo.recordAll(List.of());
        assertEquals(750, TestDatabase.count(connections, "SELECT COUNT(*) FROM " + SCHEMA + ".pipeline_runs"));
    }

    @Test
    void recordAllIsAllOrNothing() throws SQLException {
        repo.record(started("keep", 1));
        List<PipelineRunRecord> runs = new ArrayList<>();
        runs.add(completed("keep", 1, "sales", "2024-03-06T00:00:00Z", SlaStatus.MET));
        for (int i = 0; i < 20; i++) {
            runs.add(started("n" + i, 1));
        }
        // Longer than VARCHAR(255): every database refuses it (MariaDB in its default strict mode).
        runs.add(new PipelineRunRecord("too-long", 1, null, "sales", "silver", "p".repeat(300), null, null, null, null,
                RunStatus.RUNNING, null, null, null, null, null, null, null, null, null));
        RunHistoryException e = assertThrows(RunHistoryException.class, () -> repo.recordAll(runs));
        assertTrue(e.getMessage().startsWith("run history write of 22 pipeline runs failed: "), e.getMessage());
        assertFalse(e.unavailable());
        assertEquals(1, TestDatabase.count(connections, "SELECT COUNT(*) FROM " + SCHEMA + ".pipeline_runs"));
        assertEquals(Optional.of(started("keep", 1)), repo.find("keep", 1));
    }

    @Test
    void writeAfterAConcurrentInsertOfTheSameKeyUpdatesIt() {
        // What the retry is for: the key did not exist at our UPDATE but does at our INSERT. Simulated with a
        // connection source whose first connection inserts the row (as another writer) right after the UPDATE.
        PipelineRunRecord theirs = started("race", 1);
        PipelineRunRecord ours = completed("race", 1, "sales", "2024-03-06T00:00:00Z", SlaStatus.MET);
        AtomicBoolean raced = new AtomicBoolean();
        ConnectionSource racing = () -> WrappedConnections.racing(connections.get(), () -> {
            if (!raced.getAndSet(true)) {
                repo.record(theirs);
            }
        });
        new RunHistoryRepository(racing, SCHEMA).record(ours);
        assertTrue(raced.get());
        assertEquals(Optional.of(ours), repo.find("race", 1));
        assertEquals(Optional.of(ours), repo.find("race", 1));
    }

    @Test
    void writesWithoutPerRowBatchCountsLookUpWhichRowsExist() {
        repo.recordAll(List.of(started("a", 1), started("b", 1)));
        List<PipelineRunRecord> runs = List.of(
                completed("a", 1, "sales", "2024-03-06T00:00:00Z", SlaStatus.MET),
                completed("b", 1, "sales", "2024-03-06T00:00:00Z", SlaStatus.MET),
                completed("c", 1, "sales", "2024-03-06T00:00:00Z", SlaStatus.MET));
        new RunHistoryRepository(() -> WrappedConnections.withoutBatchCounts(connections.get()), SCHEMA).recordAll(runs);
        assertEquals(List.of(runs.get(0), runs.get(1), runs.get(2)), repo.runsOfJob("job-1"));
    }

    @Test
    void identicalRewriteWithDriversCountingChangedRows() throws SQLException {
        // MariaDB/MySQL drivers with useAffectedRows=true report 0 for an UPDATE that changes nothing;
        // the other databases count matched rows. Rewriting identical values must work either way.
        ConnectionSource affectedRows = db == TestDatabase.MARIADB
                ? () -> java.sql.DriverManager.getConnection(db.url(h2Dir) + "&useAffectedRows=true") : connections;
        RunHistoryRepository sameClock = new RunHistoryRepository(affectedRows, SCHEMA, Clock.fixed(RECORDED, ZoneOffset.UTC));
        sameClock.record(started("same", 1));
        sameClock.record(started("same", 1));
        sameClock.recordAll(List.of(started("same", 1), started("new", 1)));
        assertEquals(Optional.of(started("same", 1)), repo.find("same", 1));
        assertEquals(2, TestDatabase.count(connections, "SELECT COUNT(*) FROM " + SCHEMA + ".pipeline_runs"));
    }

    @Test
    void errorMessagesAreCutAt4000Characters() {
        String message = "x".repeat(3999) + "😀" + "y".repeat(1000);
        repo.record(failed("long", 1, "sales", "2024-03-05T10:00:00Z", ErrorCategory.INTERNAL, message, SlaStatus.UNKNOWN));
        // The emoji's two chars would straddle the limit, so it goes whole.
        assertEquals("x".repeat(3999), repo.find("long", 1).orElseThrow().errorMessage());
        repo.record(failed("long", 2, "sales", "2024-03-05T10:00:00Z", ErrorCategory.INTERNAL, "a\u0000b", SlaStatus.UNKNOWN));
        assertEquals("ab", repo.find("long", 2).orElseThrow().errorMessage());
    }

    @Test
    void timestampsSurviveAnyJvmTimeZone() {
        // UTC values that do not exist (spring forward) or exist twice (fall back) as Berlin wall-clock times.
        PipelineRunRecord run = new PipelineRunRecord("tz", 1, null, "sales", "silver", "p", null, LocalDate.of(2024, 3, 31),
                null, null, RunStatus.SUCCEEDED, Instant.parse("2024-03-31T02:30:00.001Z"), Instant.parse("2024-10-27T02:30:00.999Z"),
                1L, 0L, Map.of(), null, null, null, SlaStatus.UNKNOWN);
        TimeZone original = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Europe/Berlin"));
            repo.record(run);
            TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
            assertEquals(Optional.of(run), repo.find("tz", 1));
        } finally {
            TimeZone.setDefault(original);
        }
        assertEquals(Optional.of(run), repo.find("tz", 1));
    }

    // ---------------------------------------------------------------- job runs

    @Test
    void jobRecordIsUpserted() throws SQLException {
        JobRunRecord start = new JobRunRecord("job-1", "sales", "daily_sales", "2.0.0", LocalDate.of(2024, 3, 5),
                RunStatus.RUNNING, Instant.parse("2024-03-05T02:00:00.007Z"), null, null, 3, 0, 0, 0, 0, null, null, "PT2H",
                SlaStatus.UNKNOWN);
        repo.record(start);
        assertEquals(Optional.of(start), repo.findJob("job-1"));

        JobRunRecord done = new JobRunRecord("job-1", "sales", "daily_sales", "2.0.0", LocalDate.of(2024, 3, 5),
                RunStatus.FAILED, Instant.parse("2024-03-05T02:00:00.007Z"), Instant.parse("2024-03-05T04:30:00.993Z"),
                9_000_986L, 3, 1, 1, 0, 1, orderedMap("orders_clean", "target 'sales.orders': disk full ✗"),
                "1 of 3 pipelines failed", "PT2H", SlaStatus.BREACHED);
        repo.record(done);
        assertEquals(Optional.of(done), repo.findJob("job-1"));
        assertEquals(1, TestDatabase.count(connections, "SELECT COUNT(*) FROM " + SCHEMA + ".job_runs"));
        assertEquals(Optional.empty(), repo.findJob("job-2"));
    }

    // ---------------------------------------------------------------- summaries

    /**
     * Seven attempts from 2024-03-10 over two days and two applications, plus one the day before and one
     * never started (neither counted):
     * <pre>
     * day         app    run  status     sla       category         message
     * 2024-03-10  sales  s1   SUCCEEDED  MET
     * 2024-03-10  sales  s2   FAILED     BREACHED  SQL_ERROR        older sql error   (23:59:59.999)
     * 2024-03-10  crm    c1   SUCCEEDED  BREACHED
     * 2024-03-11  sales  s3   FAILED     UNKNOWN   SQL_ERROR        newest sql error  (00:00:00.000)
     * 2024-03-11  crm    c2   FAILED     BREACHED  INPUT_NOT_FOUND  no file
     * 2024-03-11  crm    c3   RUNNING    -
     * 2024-03-11  crm    c4   CANCELLED  MET       CANCELLED        cancelled by operator
     * 2024-03-09  sales  s0   FAILED     UNKNOWN   SQL_ERROR        too early         (23:59:59.999)
     * (none)      crm    c0   FAILED     UNKNOWN   SUBMISSION_FAILED livy down
     * </pre>
     */
    private void seed() {
        repo.recordAll(List.of(
                completed("s1", 1, "sales", "2024-03-10T08:00:00Z", SlaStatus.MET),
                failed("s2", 1, "sales", "2024-03-10T23:59:59.999Z", ErrorCategory.SQL_ERROR, "older sql error", SlaStatus.BREACHED),
                completed("c1", 1, "crm", "2024-03-10T12:00:00Z", SlaStatus.BREACHED),
                failed("s3", 1, "sales", "2024-03-11T00:00:00Z", ErrorCategory.SQL_ERROR, "newest sql error", SlaStatus.UNKNOWN),
                failed("c2", 1, "crm", "2024-03-11T05:00:00Z", ErrorCategory.INPUT_NOT_FOUND, "no file", SlaStatus.BREACHED),
                new PipelineRunRecord("c3", 1, "job-1", "crm", "silver", "p", null, null, null, null, RunStatus.RUNNING,
                        Instant.parse("2024-03-11T06:00:00Z"), null, null, null, null, null, null, null, null),
                new PipelineRunRecord("c4", 1, "job-1", "crm", "silver", "p", null, null, null, null, RunStatus.CANCELLED,
                        Instant.parse("2024-03-11T07:00:00Z"), Instant.parse("2024-03-11T07:00:01Z"), 1_000L, 0L, Map.of(),
                        ErrorCategory.CANCELLED, "cancelled by operator", "PT1M", SlaStatus.MET),
                failed("s0", 1, "sales", "2024-03-09T23:59:59.999Z", ErrorCategory.SQL_ERROR, "too early", SlaStatus.UNKNOWN),
                new PipelineRunRecord("c0", 1, null, "crm", "silver", "p", null, null, null, null, RunStatus.FAILED,
                        null, null, null, null, null, ErrorCategory.SUBMISSION_FAILED, "livy down", null, SlaStatus.UNKNOWN)));
    }

    @Test
    void dailyCountsPerUtcDayAndApplication() {
        seed();
        LocalDate from = LocalDate.of(2024, 3, 10);
        DailySummary crm10 = new DailySummary(LocalDate.of(2024, 3, 10), "crm", 1, 1, 0, 1);
        DailySummary sales10 = new DailySummary(LocalDate.of(2024, 3, 10), "sales", 2, 1, 1, 1);
        DailySummary crm11 = new DailySummary(LocalDate.of(2024, 3, 11), "crm", 3, 0, 1, 1);
        DailySummary sales11 = new DailySummary(LocalDate.of(2024, 3, 11), "sales", 1, 0, 1, 0);
        assertEquals(List.of(crm10, sales10, crm11, sales11), repo.daily(null, from));
        assertEquals(List.of(crm10, crm11), repo.daily("crm", from));
        assertEquals(List.of(sales11), repo.daily("sales", LocalDate.of(2024, 3, 11)));
        assertEquals(List.of(new DailySummary(LocalDate.of(2024, 3, 9), "sales", 1, 0, 1, 0), sales10, sales11),
                repo.daily("sales", LocalDate.of(2024, 3, 1)));
        assertEquals(List.of(), repo.daily("other", from));
    }

    @Test
    void failureReasonsCountPerCategoryWithTheLatestMessage() {
        seed();
        LocalDate from = LocalDate.of(2024, 3, 10);
        FailureReason sql = new FailureReason(ErrorCategory.SQL_ERROR, 2, "newest sql error");
        FailureReason cancelled = new FailureReason(ErrorCategory.CANCELLED, 1, "cancelled by operator");
        FailureReason input = new FailureReason(ErrorCategory.INPUT_NOT_FOUND, 1, "no file");
        assertEquals(List.of(sql, cancelled, input), repo.failureReasons(null, from, 10));
        assertEquals(List.of(sql, cancelled), repo.failureReasons(null, from, 2));
        assertEquals(List.of(cancelled, input), repo.failureReasons("crm", from, 10));
        assertEquals(List.of(new FailureReason(ErrorCategory.SQL_ERROR, 3, "newest sql error")),
                repo.failureReasons("sales", LocalDate.of(2024, 3, 9), 10));
        assertEquals(List.of(), repo.failureReasons("other", from, 10));
        assertThrows(IllegalArgumentException.class, () -> repo.failureReasons(null, from, 0));
    }

    // ---------------------------------------------------------------- fixtures

    private String text(String sql) throws SQLException {
        try (Connection c = connections.get(); PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static <V> Map<String, V> orderedMap(Object... entries) {
        Map<String, V> map = new LinkedHashMap<>();
        for (int i = 0; i < entries.length; i += 2) {
            @SuppressWarnings("unchecked")
            V value = (V) entries[i + 1];
            map.put((String) entries[i], value);
        }
        return map;
    }

    static PipelineRunRecord started(String runId, int attempt) {
        return new PipelineRunRecord(runId, attempt, "job-1", "sales", "silver", "orders_clean", "1.2.0", LocalDate.of(2024, 3, 5),
                "livy", null, RunStatus.RUNNING, Instant.parse("2024-03-05T10:15:30.123Z"), null, null, null, null, null, null,
                "PT1H", SlaStatus.UNKNOWN);
    }

    static PipelineRunRecord completed(String runId, int attempt, String app, String startedAt, SlaStatus sla) {
        Instant start = Instant.parse(startedAt);
        return new PipelineRunRecord(runId, attempt, "job-1", app, "silver", "p_" + runId, "1.0.0", LocalDate.of(2024, 3, 5),
                "embedded", "local-1", RunStatus.SUCCEEDED, start, start.plusMillis(61_001), 61_001L, 10L,
                Map.of("t", 10L), null, null, "PT1M", sla);
    }

    static PipelineRunRecord failed(String runId, int attempt, String app, String startedAt, ErrorCategory category,
                                    String message, SlaStatus sla) {
        Instant start = Instant.parse(startedAt);
        return new PipelineRunRecord(runId, attempt, "job-1", app, "silver", "p_" + runId, "1.0.0", LocalDate.of(2024, 3, 5),
                "embedded", null, RunStatus.FAILED, start, start.plusMillis(5), 5L, 0L, Map.of(), category, message,
                "PT1M", sla);
    }
}
