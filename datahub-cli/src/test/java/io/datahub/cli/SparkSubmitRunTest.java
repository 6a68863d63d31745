package io.datahub.cli;

import static io.datahub.cli.Cli.datahub;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datahub.model.history.PipelineRunRecord;
import io.datahub.model.run.ErrorCategory;
import io.datahub.model.run.RunStatus;
import io.datahub.submit.launcher.SparkHome;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --submit spark-submit} for real: the retail sample's staging and standardization pipelines, each its own
 * Spark application started by the spark-submit of the SPARK_HOME datahub-submit's build assembles, running the job
 * jar the build makes (found by the CLI's default), on {@code local[2]}. The local runs share the data root's Hive
 * catalog, so the standardization run reads the staging tables the two runs before it wrote. Outputs are compared
 * with {@code src-test-data/expected/retail/} (computed there by an independent script); the Hive table's Parquet
 * files are read with DuckDB, not Spark. Row counts are derived in src-test-data/README.md.
 */
class SparkSubmitRunTest {

    private static final Path SAMPLES = Path.of("../src-test-data");
    private static final Set<String> DECIMALS = Set.of("quantity", "unit_price", "amount");

    @TempDir
    Path data;

    private Cli.Run submit(String pipeline) {
        return datahub("run", pipeline, "--app", "retail", "--run-date", "2026-01-15", "--config", "../config", "--data", data.toString(),
                "--submit", "spark-submit", "--spark-home", SparkHome.path().toString(), "--master", "local[2]",
                "--conf", "spark.driver.memory=768m", "--poll-interval", "250ms", "--timeout", "5m");
    }

    @Test
    void theRetailStagingAndStandardizationPipelinesRunThroughSparkSubmit() throws Exception {
        // Before anything is loaded: the job fails on the cluster side, and says why.
        Cli.Run early = submit("retail_sales_standardize");
        assertEquals(1, early.exitCode(), early.output());
        PipelineRunRecord failed = recorded(early);
        assertEquals(RunStatus.FAILED, failed.status());
        assertEquals(ErrorCategory.INPUT_NOT_FOUND, failed.errorCategory());
        assertTrue(failed.errorMessage().contains("staging.sales"), failed.errorMessage());
        assertTrue(early.lines().contains("  error [INPUT_NOT_FOUND]: " + failed.errorMessage().lines().findFirst().orElseThrow()),
                early.output());
        assertEquals("SPARK_LAUNCHER", failed.submitMode());

        SampleData.seed(SAMPLES, data, "retail");

        // 54 data lines, all fit the schema; T0005 x3, T0018 x2, T0040 x2 resent: 50 sale_ids.
        Cli.Run sales = submit("retail_sales_load");
        assertEquals(0, sales.exitCode(), sales.output());
        assertTrue(sales.lines().contains("> retail_sales_load 2026-01-15 (attempt 1) ..."), sales.output());
        String launcherFolder = data.resolve("_launcher").resolve(sales.runId()).toString();
        assertTrue(sales.lines().contains("  submitted to spark-submit (master local[2], SPARK_HOME " + SparkHome.path() + "): run files in "
                + launcherFolder), sales.output());
        assertTrue(sales.lines().stream().anyMatch(l -> l.matches("  RUNNING, Spark application local-\\d+")), sales.output());
        assertTrue(sales.lines().contains("Pipeline retail_sales_load (retail/staging) run date 2026-01-15, run id " + sales.runId()),
                sales.output());
        assertTrue(sales.lines().stream().anyMatch(l -> l.matches("  target hive staging\\.sales +50 +\\d+")), sales.output());
        assertTrue(sales.lines().stream().anyMatch(l -> l.matches("Outcome: SUCCEEDED in [0-9.]+ s \\(rows read 54, rows written 50, "
                + "rejected \\{sales_landing=0}\\)")), sales.output());
        assertSucceeded(recorded(sales), "staging", 54, Map.of("hive staging.sales", 50L));

        // customers.csv: 10 rows, products.csv: 8 rows.
        Cli.Run reference = submit("retail_reference_load");
        assertEquals(0, reference.exitCode(), reference.output());
        assertSucceeded(recorded(reference), "staging", 18, Map.of("hive staging.customers", 10L, "hive staging.products", 8L));

        // 50 staged sales + 8 products read; T0046, T0047 filtered; T0048, T0049, T0050 quarantined: 45 valid rows.
        Cli.Run standardize = submit("retail_sales_standardize");
        assertEquals(0, standardize.exitCode(), standardize.output());
        assertSucceeded(recorded(standardize), "standardization", 58,
                Map.of("hive standardization.sales", 45L, "csv rejects/sales/%Y/%m/%d", 3L));
        assertTrue(standardize.lines().stream().anyMatch(l -> l.matches("Outcome: SUCCEEDED in [0-9.]+ s \\(rows read 58, rows written 48, "
                + "quarantined \\{sales_rejects=3}\\)")), standardize.output());

        assertEquals(rows(expected("standardization_sales.csv")), rows(parquet(data.resolve("_catalog/warehouse/standardization.db/sales"))),
                "standardization.sales");
        assertEquals(rows(expected("standardization_sales_rejects.csv")),
                rows(csvFolder(data.resolve("applications/retail/standardization/rejects/sales/2026/01/15"))), "sales rejects");

        // The sample's development secrets went to the job as Spark configuration only: not printed, not in the run files.
        Properties secrets = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("../config/dev-secrets.properties"))) {
            secrets.load(in);
        }
        for (Cli.Run run : List.of(early, sales, reference, standardize)) {
            for (String value : secrets.stringPropertyNames().stream().map(secrets::getProperty).toList()) {
                assertFalse(run.output().contains(value), "a secret was printed");
                try (Stream<Path> files = Files.walk(data.resolve("_launcher").resolve(run.runId()))) {
                    for (Path file : files.filter(Files::isRegularFile).toList()) {
                        // Bytes as Latin-1: some run files are binary; the sample's secret values are ASCII.
                        assertFalse(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(value), "a secret is in " + file);
                    }
                }
            }
        }
    }

    private PipelineRunRecord recorded(Cli.Run run) {
        return PipelineRunner.history(data).find(run.runId(), 1).orElseThrow(() -> new AssertionError("no history row:\n" + run.output()));
    }

    private static void assertSucceeded(PipelineRunRecord r, String layer, long rowsRead, Map<String, Long> rowsWritten) {
        assertEquals(RunStatus.SUCCEEDED, r.status());
        assertEquals("retail", r.app());
        assertEquals(layer, r.layer());
        assertEquals("1.0.0", r.pipelineVersion());
        assertEquals(LocalDate.of(2026, 1, 15), r.runDate());
        assertEquals("SPARK_LAUNCHER", r.submitMode());
        assertTrue(r.sparkAppId() != null && r.sparkAppId().matches("local-\\d+"), r.sparkAppId());
        assertEquals(rowsRead, r.rowsRead());
        assertEquals(rowsWritten, r.rowsWritten());
        assertNull(r.errorCategory());
        assertNull(r.errorMessage());
        assertNotNull(r.endedAt());
    }

    // ------------------------------------------------------------ tables as text

    /** A table: its header and rows, values as text, null for an empty field. */
    private record Table(List<String> columns, List<List<String>> rows) {
    }

    private static Table expected(String file) throws IOException {
        return csv(Files.readAllLines(SAMPLES.resolve("expected/retail").resolve(file)));
    }

    /** The part files Spark's CSV writer left in a folder, one header each. */
    private static Table csvFolder(Path folder) throws IOException {
        List<String> header = null;
        List<List<String>> rows = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path part : files.filter(f -> f.getFileName().toString().startsWith("part-")).sorted().toList()) {
                Table t = csv(Files.readAllLines(part));
                header = t.columns();
                rows.addAll(t.rows());
            }
        }
        assertNotNull(header, "no part file in " + folder);
        return new Table(header, rows);
    }

    /** CSV lines (the expected files and this data quote nothing). */
    private static Table csv(List<String> lines) {
        List<String> header = List.of(lines.get(0).split(",", -1));
        List<List<String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            rows.add(Stream.of(line.split(",", -1)).map(v -> v.isEmpty() ? null : v).toList());
        }
        return new Table(header, rows);
    }

    private static Table parquet(Path folder) throws SQLException {
        String sql = "SELECT * FROM read_parquet('" + folder.toAbsolutePath().resolve("*.parquet").toString().replace("'", "''") + "')";
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnLabel(i));
            }
            List<List<String>> rows = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns.size(); i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
            return new Table(columns, rows);
        }
    }

    /**
     * The rows in the expected files' conventions, keyed by column name and sorted: timestamps {@code yyyy-MM-ddTHH:mm:ss}
     * (DuckDB prints {@code yyyy-MM-dd HH:mm:ss.0}; Spark's CSV writer {@code ...T09:10:00.000Z}, in UTC, the session time
     * zone the inputs were read in), decimals by value.
     */
    private static Set<String> rows(Table table) {
        Set<String> rows = new TreeSet<>();
        List<String> columns = new ArrayList<>(table.columns());
        columns.sort(null);
        for (List<String> row : table.rows()) {
            StringBuilder line = new StringBuilder();
            for (String column : columns) {
                String v = row.get(table.columns().indexOf(column));
                if (v != null && DECIMALS.contains(column)) {
                    v = new BigDecimal(v).stripTrailingZeros().toPlainString();
                } else if (v != null && v.matches("\\d{4}-\\d\\d-\\d\\d[ T]\\d\\d:\\d\\d:\\d\\d(\\.0+)?Z?")) {
                    v = v.substring(0, 10) + "T" + v.substring(11, 19);
                }
                line.append(column).append('=').append(v).append("; ");
            }
            rows.add(line.toString());
        }
        assertEquals(table.rows().size(), rows.size(), "duplicate rows");
        return rows;
    }
}
