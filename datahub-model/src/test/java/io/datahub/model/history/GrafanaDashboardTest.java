package io.datahub.model.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every panel of docs/dashboards/datahub-runs.json run against the real PostgreSQL: the run-history
 * tables are created with the shipped DDL in a fresh schema, seeded with {@link RunHistorySeed}, and each
 * panel's SQL, interpolated as Grafana does ({@link GrafanaSql}) for the window 2026-01-13 to 2026-01-16,
 * must return exactly the rows worked out by hand below. A panel without an expectation fails the test.
 */
class GrafanaDashboardTest {

    private static final Path DASHBOARD = Path.of("../docs/dashboards/datahub-runs.json");
    private static final Path DATASOURCES = Path.of("../docs/dashboards/provisioning/datasources/datahub-postgres.yaml");
    private static final Path DOCS = Path.of("../docs/dashboards.md");
    private static final Path PROVIDERS = Path.of("../docs/dashboards/provisioning/dashboards/datahub.yaml");
    private static final String SCHEMA = "dash_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final ConnectionSource POSTGRES = TestDatabase.POSTGRESQL.connections(null);
    private static final String HOSTILE = RunHistorySeed.HOSTILE_MESSAGE;

    private static JsonNode dashboard;

    @BeforeAll
    static void seed() throws IOException, SQLException {
        dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        TestDatabase.execute(POSTGRES, TestDatabase.POSTGRESQL.dropSchema(SCHEMA));
        RunHistoryRepository history = new RunHistoryRepository(POSTGRES, SCHEMA);
        history.createTables();
        RunHistorySeed.seed(history);
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        TestDatabase.execute(POSTGRES, TestDatabase.POSTGRESQL.dropSchema(SCHEMA));
    }

    /** A panel's result: column labels, then rows, every value as text (see {@link #text}). */
    private record Table(List<String> columns, List<List<String>> rows) {
        static Table of(List<String> columns, List<?>... rows) {
            List<List<String>> texts = new ArrayList<>();
            for (List<?> row : rows) {
                texts.add(row.stream().map(String::valueOf).toList());
            }
            return new Table(columns, texts);
        }
    }

    private static List<Object> row(Object... values) {
        return java.util.Arrays.asList(values);
    }

    // ------------------------------------------------------------------ expectations, worked out from RunHistorySeed

    /** All applications selected: every row of the window counts (o1, o2, jo lie before it). */
    private static Map<String, Table> allApplications() {
        Map<String, Table> expected = new LinkedHashMap<>();
        // 13 attempts in the window: a1-a3, b1-b4 (b3 is run b2 attempt 2), c1-c6. Succeeded a1 a2 b1 b3 c1 c3;
        // failed a3 b2 b4 c4; running c2 (RUNNING) c5 (SUBMITTED); cancelled c6.
        expected.put("Pipeline runs", Table.of(List.of("Runs", "Succeeded", "Failed", "Running", "Skipped or cancelled"),
                row(13, 6, 4, 2, 1)));
        // Pipelines: MET a1 a2 b1 c1 c3 = 5, BREACHED b2 b3 c4 = 3: 5/8 = 62.5 %.
        // Jobs: MET j1, BREACHED j3 j6: 1/3 = 33.3 % (rounded to one decimal).
        expected.put("SLA compliance", Table.of(List.of("Pipeline runs", "Job runs"), row("62.5", "33.3")));
        // 13th: succeeded a1 a2, failed a3. 14th: succeeded b1 b3, failed b2 b4.
        // 15th: succeeded c1 c3, failed c4, other c2 c5 c6.
        expected.put("Succeeded and failed runs per day", Table.of(List.of("time", "Succeeded", "Failed", "Other"),
                row("2026-01-13T00:00", 2, 1, 0), row("2026-01-14T00:00", 2, 2, 0), row("2026-01-15T00:00", 2, 1, 3)));
        // customer: a3 | b4 | c3 c4 c5; retail: a1 a2 | b1 b2 b3 | c1 c2 c6.
        expected.put("Runs per day by application", Table.of(List.of("time", "metric", "runs"),
                row("2026-01-13T00:00", "customer", 1), row("2026-01-13T00:00", "retail", 2),
                row("2026-01-14T00:00", "customer", 1), row("2026-01-14T00:00", "retail", 3),
                row("2026-01-15T00:00", "customer", 3), row("2026-01-15T00:00", "retail", 3)));
        // Categories: a3 b4 CONNECTION_FAILED; b2 SQL_ERROR; c4 DATA_QUALITY; c6 CANCELLED. Ties by name.
        expected.put("Top failure reasons", Table.of(List.of("Category", "Failures"),
                row("CONNECTION_FAILED", 2), row("CANCELLED", 1), row("DATA_QUALITY", 1), row("SQL_ERROR", 1)));
        // FAILED attempts, latest start first: c4 (15th 04:00), b4 (14th 03:00), b2 (14th 02:00), a3 (13th 03:00).
        expected.put("Latest failures", Table.of(List.of("Started", "Application", "Pipeline", "Run id", "Attempt", "Category", "Message"),
                row("2026-01-15T04:00", "customer", "crm_load", "c4", 1, "DATA_QUALITY", HOSTILE),
                row("2026-01-14T03:00", "customer", "crm_load", "b4", 1, "CONNECTION_FAILED", "connection refused: crm-db:5432 (again)"),
                row("2026-01-14T02:00", "retail", "top_salesmen", "b2", 1, "SQL_ERROR", "relation \"sales\" does not exist"),
                row("2026-01-13T03:00", "customer", "crm_load", "a3", 1, "CONNECTION_FAILED", "connection refused: crm-db:5432")));
        // customer: MET c3, BREACHED c4, UNKNOWN a3 b4 c5: 1/2 = 50 %.
        // retail: MET a1 a2 b1 c1, BREACHED b2 b3, UNKNOWN c2 c6: 4/6 = 66.7 %.
        expected.put("SLA by application", Table.of(List.of("Application", "Met", "Breached", "Unknown", "Compliance %"),
                row("customer", 1, 1, 3, "50"), row("retail", 4, 2, 2, "66.7")));
        // Succeeded durations (percentile_cont: position p * (n - 1), linear between neighbours):
        // crm_load [90 s]: all 90 000. sales_load [60, 180, 300 s]: p50 position 1 = 180 000,
        // p95 position 1.9 = 180 000 + 0.9 * 120 000 = 288 000. top_salesmen [120, 240 s]: p50 position 0.5
        // = 180 000, p95 position 0.95 = 120 000 + 0.95 * 120 000 = 234 000.
        expected.put("Duration percentiles", Table.of(List.of("Application", "Pipeline", "Succeeded runs", "p50", "p95", "Max"),
                row("customer", "crm_load", 1, 90000, 90000, 90000),
                row("retail", "sales_load", 3, 180000, 288000, 300000),
                row("retail", "top_salesmen", 2, 180000, 234000, 240000)));
        // SUBMITTED or RUNNING whenever started, by start: o2 (12th 22:00, 74 h = 266 400 s before the 16th 00:00),
        // j5 (15th 00:55, 23 h 05 min = 83 100 s), c2 (15th 23:00, 3 600 s), c5 (15th 23:30, 1 800 s).
        expected.put("Currently running", Table.of(List.of("Kind", "Application", "Pipeline or job", "Run id", "Attempt", "Status",
                        "Started", "Running for", "SLA", "SLA status"),
                row("pipeline", "customer", "crm_load", "o2", 1, "RUNNING", "2026-01-12T22:00", 266400, null, "UNKNOWN"),
                row("job", "retail", "retail_daily", "retail_daily-3", null, "RUNNING", "2026-01-15T00:55", 83100, "PT2H", "UNKNOWN"),
                row("pipeline", "retail", "top_salesmen", "c2", 1, "RUNNING", "2026-01-15T23:00", 3600, "PT1H", "UNKNOWN"),
                row("pipeline", "customer", "crm_load", "c5", 1, "SUBMITTED", "2026-01-15T23:30", 1800, null, "UNKNOWN")));
        // Latest day first. 15th: crm_load c3 (S) c4 (F, BREACHED) c5; sales_load c1 (S) c6; top_salesmen c2.
        // 14th: crm_load b4 (F); sales_load b1 (S); top_salesmen b2 (F, BREACHED) b3 (S, BREACHED). 13th: one each.
        expected.put("Runs per day by application and pipeline", Table.of(
                List.of("Day", "Application", "Pipeline", "Runs", "Succeeded", "Failed", "SLA breached"),
                row("2026-01-15", "customer", "crm_load", 3, 1, 1, 1),
                row("2026-01-15", "retail", "sales_load", 2, 1, 0, 0),
                row("2026-01-15", "retail", "top_salesmen", 1, 0, 0, 0),
                row("2026-01-14", "customer", "crm_load", 1, 0, 1, 0),
                row("2026-01-14", "retail", "sales_load", 1, 1, 0, 0),
                row("2026-01-14", "retail", "top_salesmen", 2, 1, 1, 2),
                row("2026-01-13", "customer", "crm_load", 1, 0, 1, 0),
                row("2026-01-13", "retail", "sales_load", 1, 1, 0, 0),
                row("2026-01-13", "retail", "top_salesmen", 1, 1, 0, 0)));
        // One job run per day and application: j6 j5 | j4 j3 | j2 j1 (failed pipelines: the job's failed count).
        expected.put("Job runs per day", Table.of(
                List.of("Day", "Application", "Job", "Runs", "Succeeded", "Failed", "Failed pipelines", "SLA breached"),
                row("2026-01-15", "customer", "customer_daily", 1, 0, 1, 1, 1),
                row("2026-01-15", "retail", "retail_daily", 1, 0, 0, 0, 0),
                row("2026-01-14", "customer", "customer_daily", 1, 0, 1, 1, 0),
                row("2026-01-14", "retail", "retail_daily", 1, 1, 0, 0, 1),
                row("2026-01-13", "customer", "customer_daily", 1, 0, 1, 1, 0),
                row("2026-01-13", "retail", "retail_daily", 1, 1, 0, 0, 0)));
        return expected;
    }

    /** Only customer selected: a3 b4 c3 c4 c5 in the window, o2 running, jobs j2 j4 j6. */
    private static Map<String, Table> customerOnly() {
        Map<String, Table> expected = new LinkedHashMap<>();
        // a3 b4 c4 failed, c3 succeeded, c5 submitted.
        expected.put("Pipeline runs", Table.of(List.of("Runs", "Succeeded", "Failed", "Running", "Skipped or cancelled"),
                row(5, 1, 3, 1, 0)));
        // Pipelines: MET c3, BREACHED c4 = 50 %. Jobs: j6 BREACHED, j2 j4 UNKNOWN = 0 %.
        expected.put("SLA compliance", Table.of(List.of("Pipeline runs", "Job runs"), row("50", "0")));
        expected.put("Succeeded and failed runs per day", Table.of(List.of("time", "Succeeded", "Failed", "Other"),
                row("2026-01-13T00:00", 0, 1, 0), row("2026-01-14T00:00", 0, 1, 0), row("2026-01-15T00:00", 1, 1, 1)));
        expected.put("Runs per day by application", Table.of(List.of("time", "metric", "runs"),
                row("2026-01-13T00:00", "customer", 1), row("2026-01-14T00:00", "customer", 1), row("2026-01-15T00:00", "customer", 3)));
        expected.put("Top failure reasons", Table.of(List.of("Category", "Failures"), row("CONNECTION_FAILED", 2), row("DATA_QUALITY", 1)));
        Table latest = allApplications().get("Latest failures");
        expected.put("Latest failures", new Table(latest.columns(), List.of(latest.rows().get(0), latest.rows().get(1), latest.rows().get(3))));
        expected.put("SLA by application", Table.of(List.of("Application", "Met", "Breached", "Unknown", "Compliance %"),
                row("customer", 1, 1, 3, "50")));
        expected.put("Duration percentiles", Table.of(List.of("Application", "Pipeline", "Succeeded runs", "p50", "p95", "Max"),
                row("customer", "crm_load", 1, 90000, 90000, 90000)));
        Table running = allApplications().get("Currently running");
        expected.put("Currently running", new Table(running.columns(), List.of(running.rows().get(0), running.rows().get(3))));
        Table perPipeline = allApplications().get("Runs per day by application and pipeline");
        expected.put("Runs per day by application and pipeline", new Table(perPipeline.columns(),
                List.of(perPipeline.rows().get(0), perPipeline.rows().get(3), perPipeline.rows().get(6))));
        Table jobs = allApplications().get("Job runs per day");
        expected.put("Job runs per day", new Table(jobs.columns(), List.of(jobs.rows().get(0), jobs.rows().get(2), jobs.rows().get(4))));
        return expected;
    }

    // ------------------------------------------------------------------ tests

    @Test
    void everyPanelReturnsTheHandComputedNumbersForAllApplications() throws SQLException {
        // "All" sends every value of the app variable, as Grafana does without a custom all value.
        checkEveryPanel(GrafanaSql.Variable.multi("customer", "retail"), allApplications());
    }

    @Test
    void everyPanelHonoursTheSelectedApplication() throws SQLException {
        checkEveryPanel(GrafanaSql.Variable.multi("customer"), customerOnly());
    }

    @Test
    void applicationVariableListsTheApplicationsOfBothTables() throws SQLException {
        JsonNode app = variable("app");
        assertEquals("query", app.path("type").asText());
        assertTrue(app.path("multi").asBoolean() && app.path("includeAll").asBoolean(), app::toString);
        assertEquals(app.path("definition").asText(), app.path("query").asText());
        String sql = GrafanaSql.interpolate(app.path("query").asText(), Map.of("schema", GrafanaSql.Variable.single(SCHEMA)),
                RunHistorySeed.FROM, RunHistorySeed.NOW);
        assertEquals(Table.of(List.of("app"), row("customer"), row("retail")), query(sql));
    }

    @Test
    void panelsQueryTheProvisionedPostgresDataSource() throws IOException {
        JsonNode datasource = variable("datasource");
        assertEquals("datasource", datasource.path("type").asText());
        assertEquals("grafana-postgresql-datasource", datasource.path("query").asText());
        assertEquals("datahub-postgres", datasource.path("current").path("value").asText());
        JsonNode schema = variable("schema");
        assertEquals("constant", schema.path("type").asText());
        assertEquals("ops", schema.path("query").asText());
        assertEquals("utc", dashboard.path("timezone").asText(), "days are UTC days, as in the run history");
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode ref : List.of(panel.path("datasource"), panel.path("targets").path(0).path("datasource"))) {
                assertEquals("grafana-postgresql-datasource", ref.path("type").asText(), panel.path("title").asText());
                assertEquals("${datasource}", ref.path("uid").asText(), panel.path("title").asText());
            }
        }
        // The provisioned data source is the one the variable defaults to; the provider reads the folder the
        // dashboard is mounted into.
        List<String> datasources = Files.readAllLines(DATASOURCES).stream().map(String::strip).toList();
        assertTrue(datasources.contains("type: grafana-postgresql-datasource"), datasources::toString);
        assertTrue(datasources.contains("uid: datahub-postgres"), datasources::toString);
        assertTrue(datasources.contains("password: ${DATAHUB_HISTORY_DB_PASSWORD}"), "no password in the file");
        List<String> providers = Files.readAllLines(PROVIDERS).stream().map(String::strip).toList();
        assertTrue(providers.contains("path: /var/lib/grafana/dashboards/datahub"), providers::toString);
    }

    @Test
    void docsShowEachPanelsSqlAsInTheDashboard() throws IOException {
        String docs = Files.readString(DOCS);
        for (JsonNode panel : dashboard.path("panels")) {
            String title = panel.path("title").asText();
            String section = "### " + title + "\n";
            assertTrue(docs.contains(section), "docs/dashboards.md has no section for panel " + title);
            String after = docs.substring(docs.indexOf(section));
            String sql = panel.path("targets").path(0).path("rawSql").asText();
            assertTrue(after.contains("```sql\n" + sql + "\n```"), "docs/dashboards.md shows other SQL for panel " + title);
        }
        assertTrue(docs.contains("```sql\n" + variable("app").path("query").asText() + "\n```"), "the app variable's query");
    }

    @Test
    void interpolationFollowsGrafana() {
        Instant from = Instant.parse("2026-01-13T00:00:00Z");
        Instant to = Instant.parse("2026-01-16T00:00:00.250Z");
        String sql = "SELECT 1 FROM ${schema}.t WHERE $__timeFilter( started_at ) AND app IN ($app) AND x < $__timeTo()"
                + " AND y > $__timeFrom() AND z = '$name'";
        assertEquals("SELECT 1 FROM ops.t WHERE started_at BETWEEN '2026-01-13T00:00:00Z' AND '2026-01-16T00:00:00.25Z'"
                        + " AND app IN ('o''hara','retail') AND x < '2026-01-16T00:00:00.25Z'"
                        + " AND y > '2026-01-13T00:00:00Z' AND z = 'it''s'",
                GrafanaSql.interpolate(sql, Map.of("schema", GrafanaSql.Variable.single("ops"),
                        "app", GrafanaSql.Variable.multi("o'hara", "retail"), "name", GrafanaSql.Variable.single("it's")), from, to));
        assertThrows(IllegalArgumentException.class, () -> GrafanaSql.interpolate("SELECT $nope", Map.of(), from, to));
        assertThrows(IllegalArgumentException.class, () -> GrafanaSql.interpolate("SELECT $__timeGroup(t, '1d')", Map.of(), from, to));
        assertThrows(IllegalArgumentException.class, () -> GrafanaSql.interpolate("SELECT $__interval", Map.of(), from, to));
    }

    // ------------------------------------------------------------------ helpers

    private void checkEveryPanel(GrafanaSql.Variable app, Map<String, Table> expected) throws SQLException {
        Map<String, GrafanaSql.Variable> variables = Map.of("schema", GrafanaSql.Variable.single(SCHEMA), "app", app);
        Set<String> titles = new LinkedHashSet<>();
        List<String> failures = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            String title = panel.path("title").asText();
            assertTrue(titles.add(title), "two panels are titled " + title);
            JsonNode targets = panel.path("targets");
            assertEquals(1, targets.size(), title + ": one query per panel");
            String rawSql = targets.get(0).path("rawSql").asText();
            assertFalse(rawSql.isBlank(), title + " has no SQL");
            Table want = expected.get(title);
            if (want == null) {
                failures.add("panel '" + title + "' has no expectation in this test");
                continue;
            }
            Table got = query(GrafanaSql.interpolate(rawSql, variables, RunHistorySeed.FROM, RunHistorySeed.NOW));
            if (!want.equals(got)) {
                failures.add("panel '" + title + "':\n  expected " + want + "\n  but was  " + got);
            }
        }
        Set<String> unknown = new LinkedHashSet<>(expected.keySet());
        unknown.removeAll(titles);
        if (!unknown.isEmpty()) {
            failures.add("expectations for panels the dashboard does not have: " + unknown);
        }
        assertEquals(11, titles.size(), titles::toString);
        if (!failures.isEmpty()) {
            fail(String.join("\n", failures));
        }
    }

    private static Table query(String sql) throws SQLException {
        try (Connection c = POSTGRES.get(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnLabel(i));
            }
            List<List<String>> rows = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.add(text(rs.getObject(i)));
                }
                rows.add(row);
            }
            return new Table(columns, rows);
        } catch (SQLException e) {
            throw new SQLException(e.getMessage() + "\nSQL: " + sql, e);
        }
    }

    /** Numbers without trailing zeros (62.5, 50, 90000), dates and timestamps in ISO form, NULL as "null". */
    private static String text(Object value) {
        if (value instanceof Double d) {
            return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
        if (value instanceof Number n) {
            return new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
        }
        if (value instanceof Timestamp t) {
            return t.toLocalDateTime().toString();
        }
        if (value instanceof Date d) {
            return d.toLocalDate().toString();
        }
        return String.valueOf(value);
    }

    private static JsonNode variable(String name) {
        for (JsonNode v : dashboard.path("templating").path("list")) {
            if (name.equals(v.path("name").asText())) {
                return v;
            }
        }
        throw new AssertionError("the dashboard has no variable " + name);
    }
}
