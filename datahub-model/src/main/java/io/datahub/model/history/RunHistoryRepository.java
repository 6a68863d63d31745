package io.datahub.model.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datahub.model.run.ErrorCategory;
import io.datahub.model.run.RunStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Run history in {@code <schema>.pipeline_runs} and {@code <schema>.job_runs} over plain JDBC, on
 * PostgreSQL, MariaDB/MySQL and H2 (DESIGN section 5, docs/run-history.md).
 *
 * <p>Every call takes a connection from the {@link ConnectionSource} and closes it before returning,
 * so a pool can replace broken connections between calls. Writes are idempotent by key: writing a key
 * again replaces the row. Failures are {@link RunHistoryException}s; {@link RunHistoryException#unavailable()}
 * tells a database that cannot be reached (retry later) from other errors.
 *
 * <p>Timestamps are stored as UTC wall-clock values (TIMESTAMP / DATETIME without zone) truncated to the
 * millisecond, and bound and read as {@link LocalDateTime}, so no driver or session time zone shifts them.
 */
public final class RunHistoryRepository {

    /** Longest error message stored; longer ones are cut (the full text is in the run's log). */
    public static final int MAX_ERROR_MESSAGE = 4000;

    // The schema is pasted into SQL (identifiers cannot be bound), so it must be a plain identifier.
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    // PostgreSQL silently truncates longer identifiers, which would make the schema checks miss.
    private static final int MAX_IDENTIFIER = 63;
    private static final int BATCH_SIZE = 500;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Long>> LONG_MAP = new TypeReference<>() { };
    private static final TypeReference<LinkedHashMap<String, String>> STRING_MAP = new TypeReference<>() { };

    private static final Pattern CREATE_SCHEMA = Pattern.compile("(?is)CREATE\\s+(SCHEMA|DATABASE)\\s+IF\\s+NOT\\s+EXISTS\\b.*");
    private static final Pattern CREATE_TABLE = Pattern.compile("(?is)CREATE\\s+TABLE\\s+IF\\s+NOT\\s+EXISTS\\s+\\w+\\.(\\w+).*");
    private static final Pattern CREATE_INDEX = Pattern.compile("(?is)CREATE\\s+INDEX\\s+IF\\s+NOT\\s+EXISTS\\s+\\S+\\s+ON\\s+\\w+\\.(\\w+).*");

    private static final Table<PipelineRunRecord> PIPELINE_RUNS = new Table<>("pipeline_runs", 2, List.of(
            new Column("run_id", Types.VARCHAR), new Column("attempt", Types.INTEGER),
            new Column("job_run_id", Types.VARCHAR), new Column("app", Types.VARCHAR), new Column("layer", Types.VARCHAR),
            new Column("pipeline_id", Types.VARCHAR), new Column("pipeline_version", Types.VARCHAR),
            new Column("run_date", Types.DATE), new Column("submit_mode", Types.VARCHAR),
            new Column("spark_app_id", Types.VARCHAR), new Column("status", Types.VARCHAR),
            new Column("started_at", Types.TIMESTAMP), new Column("ended_at", Types.TIMESTAMP),
            new Column("duration_ms", Types.BIGINT), new Column("rows_read", Types.BIGINT),
            new Column("rows_written", Types.VARCHAR), new Column("error_category", Types.VARCHAR),
            new Column("error_message", Types.VARCHAR), new Column("sla", Types.VARCHAR),
            new Column("sla_status", Types.VARCHAR)),
            r -> new Object[] {r.runId(), r.attempt(), r.jobRunId(), r.app(), r.layer(), r.pipelineId(), r.pipelineVersion(),
                r.runDate(), r.submitMode(), r.sparkAppId(), r.status().name(), utc(r.startedAt()), utc(r.endedAt()),
                r.durationMs(), r.rowsRead(), json(r.rowsWritten()), name(r.errorCategory()), truncate(r.errorMessage()),
                r.sla(), name(r.slaStatus())});

    private static final Table<JobRunRecord> JOB_RUNS = new Table<>("job_runs", 1, List.of(
            new Column("job_run_id", Types.VARCHAR), new Column("app", Types.VARCHAR), new Column("job_id", Types.VARCHAR),
            new Column("job_version", Types.VARCHAR), new Column("run_date", Types.DATE), new Column("status", Types.VARCHAR),
            new Column("started_at", Types.TIMESTAMP), new Column("ended_at", Types.TIMESTAMP),
            new Column("duration_ms", Types.BIGINT), new Column("pipelines_total", Types.INTEGER),
            new Column("succeeded", Types.INTEGER), new Column("failed", Types.INTEGER), new Column("skipped", Types.INTEGER),
            new Column("cancelled", Types.INTEGER), new Column("failed_pipelines", Types.VARCHAR),
            new Column("error_message", Types.VARCHAR), new Column("sla", Types.VARCHAR), new Column("sla_status", Types.VARCHAR)),
            r -> new Object[] {r.jobRunId(), r.app(), r.jobId(), r.jobVersion(), r.runDate(), r.status().name(),
                utc(r.startedAt()), utc(r.endedAt()), r.durationMs(), r.pipelinesTotal(), r.succeeded(), r.failed(),
                r.skipped(), r.cancelled(), json(r.failedPipelines()), truncate(r.errorMessage()), r.sla(),
                name(r.slaStatus())});

    private final ConnectionSource connections;
    private final String schema;
    private final Clock clock;

    /**
     * @param schema the schema (a database on MariaDB/MySQL) holding the tables; a plain identifier
     * @throws IllegalArgumentException if the schema is not {@code [A-Za-z_][A-Za-z0-9_]*} (at most 63 characters)
     */
    public RunHistoryRepository(ConnectionSource connections, String schema) {
        this(connections, schema, Clock.systemUTC());
    }

    RunHistoryRepository(ConnectionSource connections, String schema, Clock clock) {
        if (connections == null) {
            throw new IllegalArgumentException("no connection source");
        }
        if (schema == null || !IDENTIFIER.matcher(schema).matches() || schema.length() > MAX_IDENTIFIER) {
            throw new IllegalArgumentException("run history schema must be a plain identifier ([A-Za-z_][A-Za-z0-9_]*, at most "
                    + MAX_IDENTIFIER + " characters), was " + (schema == null ? "null" : "'" + schema + "'"));
        }
        this.connections = connections;
        this.schema = schema;
        this.clock = clock;
    }

    public String schema() {
        return schema;
    }

    // ---------------------------------------------------------------- tables

    /**
     * Creates the schema and both tables with their indexes where missing, from the shipped DDL of the
     * database's dialect. Safe to call every time: objects that exist are left alone and their CREATE is
     * not even sent (PostgreSQL checks the CREATE privilege before IF NOT EXISTS, so a user who may only
     * use an existing schema would fail otherwise). Indexes are created only with their table.
     */
    public void createTables() {
        // One transaction where DDL is transactional (PostgreSQL): a table never exists without its indexes.
        transaction("creation of the tables in schema " + schema, c -> {
            List<String> statements = ddl(Dialect.of(c), schema);
            Set<String> created = new HashSet<>();
            for (String sql : statements) {
                Matcher table = CREATE_TABLE.matcher(sql);
                Matcher index = CREATE_INDEX.matcher(sql);
                if (CREATE_SCHEMA.matcher(sql).matches()) {
                    if (schemaExists(c)) {
                        continue;
                    }
                } else if (table.matches()) {
                    String name = table.group(1).toLowerCase(Locale.ROOT);
                    if (columnsByTable(c).containsKey(name)) {
                        continue;
                    }
                    created.add(name);
                } else if (index.matches() && !created.contains(index.group(1).toLowerCase(Locale.ROOT))) {
                    continue;
                }
                try (Statement s = c.createStatement()) {
                    s.execute(sql);
                }
            }
        });
    }

    /**
     * @throws RunHistoryException naming each missing table and each missing column of an existing table
     */
    public void checkTables() {
        call("check of the tables in schema " + schema, c -> {
            Map<String, Set<String>> existing = columnsByTable(c);
            List<String> problems = new ArrayList<>();
            for (Table<?> table : List.of(PIPELINE_RUNS, JOB_RUNS)) {
                Set<String> have = existing.get(table.name);
                if (have == null) {
                    problems.add("missing table " + schema + "." + table.name);
                    continue;
                }
                List<String> lacking = table.allColumnNames().stream().filter(col -> !have.contains(col)).toList();
                if (!lacking.isEmpty()) {
                    problems.add(schema + "." + table.name + " lacks columns " + String.join(", ", lacking));
                }
            }
            if (!problems.isEmpty()) {
                throw new RunHistoryException("run history is not set up in schema " + schema + ": " + String.join("; ", problems));
            }
            return null;
        });
    }

    /** The shipped DDL of a dialect with the schema filled in, one statement per element. */
    static List<String> ddl(Dialect dialect, String schema) {
        String text;
        try (InputStream in = RunHistoryRepository.class.getResourceAsStream(dialect.resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + dialect.resource);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder code = new StringBuilder();
        for (String line : text.split("\n")) {
            if (!line.strip().startsWith("--")) {
                code.append(line).append('\n');
            }
        }
        List<String> statements = new ArrayList<>();
        for (String statement : code.toString().split(";[ \\t\\r]*\n")) {
            if (!statement.isBlank()) {
                statements.add(statement.strip().replace("${schema}", schema));
            }
        }
        return statements;
    }

    private boolean schemaExists(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT schema_name FROM information_schema.schemata WHERE LOWER(schema_name) = ?")) {
            s.setString(1, schema.toLowerCase(Locale.ROOT));
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Lower-case column names by lower-case table name, for the tables of the schema (information_schema is on all three). */
    private Map<String, Set<String>> columnsByTable(Connection c) throws SQLException {
        // Identifiers are compared in lower case: PostgreSQL folds unquoted names to lower case, H2 to upper case.
        Map<String, Set<String>> columns = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT table_name, column_name FROM information_schema.columns"
                + " WHERE LOWER(table_schema) = ? AND LOWER(table_name) IN (?, ?)")) {
            s.setString(1, schema.toLowerCase(Locale.ROOT));
            s.setString(2, PIPELINE_RUNS.name);
            s.setString(3, JOB_RUNS.name);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    columns.computeIfAbsent(rs.getString(1).toLowerCase(Locale.ROOT), k -> new HashSet<>())
                            .add(rs.getString(2).toLowerCase(Locale.ROOT));
                }
            }
        }
        return columns;
    }

    // ---------------------------------------------------------------- writes

    /** Inserts or replaces the row of this run id and attempt. */
    public void record(PipelineRunRecord run) {
        upsert(PIPELINE_RUNS, List.of(run), "write of pipeline run " + run.runId() + " attempt " + run.attempt());
    }

    /**
     * Inserts or replaces the rows of all these runs in one transaction (all or none). When a key appears
     * more than once, the last record of it wins, as with consecutive {@link #record(PipelineRunRecord)} calls.
     */
    public void recordAll(List<PipelineRunRecord> runs) {
        upsert(PIPELINE_RUNS, runs, "write of " + runs.size() + " pipeline runs");
    }

    /** Inserts or replaces the row of this job run. */
    public void record(JobRunRecord job) {
        upsert(JOB_RUNS, List.of(job), "write of job run " + job.jobRunId());
    }

    /*
     * Portable upsert (no MERGE / ON CONFLICT / ON DUPLICATE KEY, which differ per database): in one
     * transaction, UPDATE every row by key, then INSERT those no UPDATE matched. Should a concurrent writer
     * insert one of those keys in between, our INSERT fails on the key; its row then exists, so the whole
     * write is rolled back and done once more, where the UPDATE finds it.
     */
    private <T> void upsert(Table<T> table, List<T> records, String what) {
        Map<List<Object>, Object[]> byKey = new LinkedHashMap<>();
        for (T record : records) {
            Object[] values = table.values.apply(record);
            List<Object> key = Arrays.asList(values).subList(0, table.keyColumns);
            byKey.remove(key); // the last one wins, and in its position
            byKey.put(key, values);
        }
        if (byKey.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>(byKey.values());
        LocalDateTime recordedAt = utc(clock.instant());
        transaction(what, c -> {
            try {
                write(c, table, rows, recordedAt, false);
            } catch (SQLException e) {
                if (!isDuplicateKey(e)) {
                    throw e;
                }
                rollback(c, e);
                write(c, table, rows, recordedAt, true);
            }
        });
    }

    private <T> void write(Connection c, Table<T> table, List<Object[]> rows, LocalDateTime recordedAt, boolean again)
            throws SQLException {
        int[] counts = new int[rows.size()];
        try (PreparedStatement update = c.prepareStatement(table.updateSql(schema))) {
            for (int start = 0; start < rows.size(); start += BATCH_SIZE) {
                int end = Math.min(rows.size(), start + BATCH_SIZE);
                for (Object[] row : rows.subList(start, end)) {
                    table.bindUpdate(update, row, recordedAt);
                    update.addBatch();
                }
                System.arraycopy(update.executeBatch(), 0, counts, start, end - start);
            }
        }
        List<Object[]> missing = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            // A driver may not report per-row counts (SUCCESS_NO_INFO), and one reporting "changed" rather
            // than "matched" rows says 0 for an identical row; on the second pass look rather than guess.
            boolean look = counts[i] == Statement.SUCCESS_NO_INFO || (again && counts[i] == 0);
            if (counts[i] == 0 && !look || look && !exists(c, table, rows.get(i))) {
                missing.add(rows.get(i));
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = c.prepareStatement(table.insertSql(schema))) {
            for (int start = 0; start < missing.size(); start += BATCH_SIZE) {
                for (Object[] row : missing.subList(start, Math.min(missing.size(), start + BATCH_SIZE))) {
                    table.bindInsert(insert, row, recordedAt);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
    }

    private <T> boolean exists(Connection c, Table<T> table, Object[] row) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM " + schema + "." + table.name + " WHERE " + table.keyCondition())) {
            for (int i = 0; i < table.keyColumns; i++) {
                table.bind(s, i + 1, table.columns.get(i), row[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    static boolean isDuplicateKey(Throwable error) {
        Set<Throwable> seen = new HashSet<>();
        List<Throwable> todo = new ArrayList<>(List.of(error));
        while (!todo.isEmpty()) {
            Throwable t = todo.remove(todo.size() - 1);
            if (t == null || !seen.add(t)) {
                continue;
            }
            if (t instanceof SQLException sql) {
                // 23505: unique violation (PostgreSQL, H2); 1062: ER_DUP_ENTRY (MariaDB, MySQL, SQLState 23000).
                if ("23505".equals(sql.getSQLState()) || sql.getErrorCode() == 1062 && "23000".equals(sql.getSQLState())) {
                    return true;
                }
                todo.add(sql.getNextException());
            }
            todo.add(t.getCause());
        }
        return false;
    }

    // ---------------------------------------------------------------- reads

    public Optional<PipelineRunRecord> find(String runId, int attempt) {
        return call("read of pipeline run " + runId + " attempt " + attempt, c -> {
            try (PreparedStatement s = c.prepareStatement(PIPELINE_RUNS.selectSql(schema) + " WHERE run_id = ? AND attempt = ?")) {
                s.setString(1, runId);
                s.setInt(2, attempt);
                List<PipelineRunRecord> found = readPipelineRuns(s);
                return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
            }
        });
    }

    /** Every attempt of every pipeline of a job run, by start time (unstarted last), pipeline id, attempt. */
    public List<PipelineRunRecord> runsOfJob(String jobRunId) {
        return call("read of the pipeline runs of job run " + jobRunId, c -> {
            try (PreparedStatement s = c.prepareStatement(PIPELINE_RUNS.selectSql(schema) + " WHERE job_run_id = ?")) {
                s.setString(1, jobRunId);
                List<PipelineRunRecord> runs = new ArrayList<>(readPipelineRuns(s));
                // Sorted here: NULL order and string collation differ between the databases.
                runs.sort(Comparator.comparing(PipelineRunRecord::startedAt, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(PipelineRunRecord::pipelineId)
                        .thenComparingInt(PipelineRunRecord::attempt)
                        .thenComparing(PipelineRunRecord::runId));
                return List.copyOf(runs);
            }
        });
    }

    public Optional<JobRunRecord> findJob(String jobRunId) {
        return call("read of job run " + jobRunId, c -> {
            try (PreparedStatement s = c.prepareStatement(JOB_RUNS.selectSql(schema) + " WHERE job_run_id = ?")) {
                s.setString(1, jobRunId);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(jobRun(rs)) : Optional.empty();
                }
            }
        });
    }

    /**
     * Pipeline run attempts per UTC day of their start and application, from {@code from} (inclusive),
     * ordered by day then application. Attempts without a start time are not counted.
     *
     * @param app one application, or null for all
     */
    public List<DailySummary> daily(String app, LocalDate from) {
        return call("read of the daily summary", c -> {
            String sql = "SELECT CAST(started_at AS DATE) AS run_day, app, COUNT(*) AS runs,"
                    + " SUM(CASE WHEN status = 'SUCCEEDED' THEN 1 ELSE 0 END) AS succeeded,"
                    + " SUM(CASE WHEN status = 'FAILED' THEN 1 ELSE 0 END) AS failed,"
                    + " SUM(CASE WHEN sla_status = 'BREACHED' THEN 1 ELSE 0 END) AS sla_breached"
                    + " FROM " + schema + ".pipeline_runs WHERE started_at >= ?" + (app == null ? "" : " AND app = ?")
                    + " GROUP BY CAST(started_at AS DATE), app";
            try (PreparedStatement s = c.prepareStatement(sql)) {
                bindWindow(s, app, from);
                List<DailySummary> days = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        days.add(new DailySummary(rs.getObject("run_day", LocalDate.class), rs.getString("app"), rs.getLong("runs"),
                                rs.getLong("succeeded"), rs.getLong("failed"), rs.getLong("sla_breached")));
                    }
                }
                days.sort(Comparator.comparing(DailySummary::day).thenComparing(DailySummary::app));
                return List.copyOf(days);
            }
        });
    }

    /**
     * Pipeline run attempts with an error category, started on or after {@code from}, counted per category:
     * the {@code limit} most frequent, ordered by count (descending) then category name.
     *
     * @param app one application, or null for all
     */
    public List<FailureReason> failureReasons(String app, LocalDate from, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be 1 or more, was " + limit);
        }
        return call("read of the failure reasons", c -> {
            String window = " WHERE started_at >= ?" + (app == null ? "" : " AND app = ?");
            Map<ErrorCategory, Long> counts = new LinkedHashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT error_category, COUNT(*) FROM " + schema + ".pipeline_runs"
                    + window + " AND error_category IS NOT NULL GROUP BY error_category")) {
                bindWindow(s, app, from);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        counts.put(enumValue(ErrorCategory.class, rs.getString(1), "error_category"), rs.getLong(2));
                    }
                }
            }
            List<Map.Entry<ErrorCategory, Long>> top = counts.entrySet().stream()
                    .sorted(Map.Entry.<ErrorCategory, Long>comparingByValue().reversed()
                            .thenComparing(e -> e.getKey().name()))
                    .limit(limit).toList();
            List<FailureReason> reasons = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT error_message FROM " + schema + ".pipeline_runs" + window
                    + " AND error_category = ? AND error_message IS NOT NULL ORDER BY started_at DESC, recorded_at DESC, run_id DESC, attempt DESC")) {
                // setMaxRows rather than LIMIT / FETCH FIRST, whose support differs.
                s.setMaxRows(1);
                for (Map.Entry<ErrorCategory, Long> entry : top) {
                    int next = bindWindow(s, app, from);
                    s.setString(next, entry.getKey().name());
                    try (ResultSet rs = s.executeQuery()) {
                        reasons.add(new FailureReason(entry.getKey(), entry.getValue(), rs.next() ? rs.getString(1) : null));
                    }
                }
            }
            return List.copyOf(reasons);
        });
    }

    /** {@code SELECT <every column> FROM <schema>.pipeline_runs}, for {@link #readPipelineRuns}. */
    String selectPipelineRuns() {
        return PIPELINE_RUNS.selectSql(schema);
    }

    /** {@code SELECT <every column> FROM <schema>.job_runs}, for {@link #jobRun}. */
    String selectJobRuns() {
        return JOB_RUNS.selectSql(schema);
    }

    /** Binds {@code started_at >= ?} and, with an app, {@code app = ?}; returns the next parameter index. */
    static int bindWindow(PreparedStatement s, String app, LocalDate from) throws SQLException {
        s.setObject(1, from.atStartOfDay());
        if (app == null) {
            return 2;
        }
        s.setString(2, app);
        return 3;
    }

    static List<PipelineRunRecord> readPipelineRuns(PreparedStatement s) throws SQLException {
        List<PipelineRunRecord> runs = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                runs.add(pipelineRun(rs));
            }
        }
        return runs;
    }

    private static PipelineRunRecord pipelineRun(ResultSet rs) throws SQLException {
        return new PipelineRunRecord(rs.getString("run_id"), rs.getInt("attempt"), rs.getString("job_run_id"),
                rs.getString("app"), rs.getString("layer"), rs.getString("pipeline_id"), rs.getString("pipeline_version"),
                rs.getObject("run_date", LocalDate.class), rs.getString("submit_mode"), rs.getString("spark_app_id"),
                enumValue(RunStatus.class, rs.getString("status"), "status"), instant(rs, "started_at"),
                instant(rs, "ended_at"), rs.getObject("duration_ms", Long.class), rs.getObject("rows_read", Long.class),
                fromJson(rs.getString("rows_written"), LONG_MAP, "rows_written"),
                enumValue(ErrorCategory.class, rs.getString("error_category"), "error_category"),
                rs.getString("error_message"), rs.getString("sla"),
                enumValue(SlaStatus.class, rs.getString("sla_status"), "sla_status"));
    }

    static JobRunRecord jobRun(ResultSet rs) throws SQLException {
        return new JobRunRecord(rs.getString("job_run_id"), rs.getString("app"), rs.getString("job_id"),
                rs.getString("job_version"), rs.getObject("run_date", LocalDate.class),
                enumValue(RunStatus.class, rs.getString("status"), "status"), instant(rs, "started_at"),
                instant(rs, "ended_at"), rs.getObject("duration_ms", Long.class), rs.getInt("pipelines_total"),
                rs.getInt("succeeded"), rs.getInt("failed"), rs.getInt("skipped"), rs.getInt("cancelled"),
                fromJson(rs.getString("failed_pipelines"), STRING_MAP, "failed_pipelines"), rs.getString("error_message"),
                rs.getString("sla"), enumValue(SlaStatus.class, rs.getString("sla_status"), "sla_status"));
    }

    // ---------------------------------------------------------------- values

    private static LocalDateTime utc(Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        LocalDateTime value = rs.getObject(column, LocalDateTime.class);
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }

    static String truncate(String message) {
        if (message == null) {
            return null;
        }
        // PostgreSQL rejects NUL in text; a message quoting binary data may carry one.
        String text = message.replace("\u0000", "");
        if (text.length() <= MAX_ERROR_MESSAGE) {
            return text;
        }
        int end = MAX_ERROR_MESSAGE;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--; // never split a surrogate pair
        }
        return text.substring(0, end);
    }

    private static String json(Map<String, ?> map) {
        if (map == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + map + " as JSON", e);
        }
    }

    private static <M> M fromJson(String json, TypeReference<M> type, String column) throws SQLException {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new SQLDataException("column " + column + " holds no valid JSON map: " + e.getOriginalMessage(), e);
        }
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String value, String column) throws SQLException {
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw new SQLDataException("column " + column + " holds unknown value '" + value + "'", e);
        }
    }

    // ---------------------------------------------------------------- connections

    @FunctionalInterface
    interface Work<R> {
        R apply(Connection c) throws SQLException;
    }

    <R> R call(String what, Work<R> work) {
        try (Connection c = connections.get()) {
            return work.apply(c);
        } catch (SQLException e) {
            throw RunHistoryException.of(what, e);
        }
    }

    @FunctionalInterface
    interface TransactionWork {
        void apply(Connection c) throws SQLException;
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    private void transaction(String what, TransactionWork work) {
        call(what, c -> {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                work.apply(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                rollback(c, e);
                throw e;
            } finally {
                restoreAutoCommit(c, autoCommit);
            }
            return null;
        });
    }

    private static void rollback(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static void restoreAutoCommit(Connection c, boolean autoCommit) {
        try {
            if (!c.isClosed()) {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException ignored) {
            // The connection is broken; the pool discards it, and the original error is what matters.
        }
    }

    /** The database families with shipped DDL. */
    enum Dialect {
        POSTGRESQL("ddl-postgresql.sql"), MYSQL("ddl-mysql.sql"), H2("ddl-h2.sql");

        final String resource;

        Dialect(String resource) {
            this.resource = resource;
        }

        static Dialect of(Connection c) throws SQLException {
            String product = c.getMetaData().getDatabaseProductName();
            String p = product == null ? "" : product.toLowerCase(Locale.ROOT);
            if (p.contains("postgresql")) {
                return POSTGRESQL;
            }
            if (p.contains("mariadb") || p.contains("mysql")) {
                return MYSQL;
            }
            if (p.equals("h2")) {
                return H2;
            }
            throw new RunHistoryException("run history has no DDL for database '" + product
                    + "' (PostgreSQL, MariaDB, MySQL and H2 are supported); create the tables by hand, see docs/run-history.md");
        }
    }

    private record Column(String name, int sqlType) {
    }

    /** A table: its columns (key columns first, recorded_at implied last) and how a record fills them. */
    private static final class Table<T> {
        final String name;
        final int keyColumns;
        final List<Column> columns;
        final Function<T, Object[]> values;

        Table(String name, int keyColumns, List<Column> columns, Function<T, Object[]> values) {
            this.name = name;
            this.keyColumns = keyColumns;
            this.columns = columns;
            this.values = values;
        }

        List<String> allColumnNames() {
            List<String> names = new ArrayList<>(columns.stream().map(Column::name).toList());
            names.add("recorded_at");
            return names;
        }

        String keyCondition() {
            return String.join(" AND ", columns.subList(0, keyColumns).stream().map(col -> col.name() + " = ?").toList());
        }

        String updateSql(String schema) {
            List<String> sets = new ArrayList<>(columns.subList(keyColumns, columns.size()).stream()
                    .map(col -> col.name() + " = ?").toList());
            sets.add("recorded_at = ?");
            return "UPDATE " + schema + "." + name + " SET " + String.join(", ", sets) + " WHERE " + keyCondition();
        }

        String insertSql(String schema) {
            List<String> names = allColumnNames();
            return "INSERT INTO " + schema + "." + name + " (" + String.join(", ", names) + ") VALUES ("
                    + String.join(", ", names.stream().map(n -> "?").toList()) + ")";
        }

        String selectSql(String schema) {
            return "SELECT " + String.join(", ", columns.stream().map(Column::name).toList()) + " FROM " + schema + "." + name;
        }

        void bindUpdate(PreparedStatement s, Object[] row, LocalDateTime recordedAt) throws SQLException {
            int p = 1;
            for (int i = keyColumns; i < columns.size(); i++) {
                bind(s, p++, columns.get(i), row[i]);
            }
            s.setObject(p++, recordedAt);
            for (int i = 0; i < keyColumns; i++) {
                bind(s, p++, columns.get(i), row[i]);
            }
        }

        void bindInsert(PreparedStatement s, Object[] row, LocalDateTime recordedAt) throws SQLException {
            for (int i = 0; i < columns.size(); i++) {
                bind(s, i + 1, columns.get(i), row[i]);
            }
            s.setObject(columns.size() + 1, recordedAt);
        }

        void bind(PreparedStatement s, int index, Column column, Object value) throws SQLException {
            if (value == null) {
                // Typed NULL: PostgreSQL refuses a VARCHAR-typed NULL for a TIMESTAMP column.
                s.setNull(index, column.sqlType());
            } else {
                s.setObject(index, value);
            }
        }
    }
}
