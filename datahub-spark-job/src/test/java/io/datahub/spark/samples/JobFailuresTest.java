package io.datahub.spark.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datahub.model.run.ErrorCategory;
import io.datahub.model.run.PipelineRunResult;
import io.datahub.model.run.RunRequest;
import io.datahub.model.run.RunStatus;
import io.datahub.model.schema.Column;
import io.datahub.model.schema.ColumnType;
import io.datahub.model.schema.TableSchema;
import io.datahub.spark.DatahubJob;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DatahubJob} as a cluster runs it: a JVM of its own ({@code local[2]}), a run request file, secrets
 * as {@code -Dspark.datahub.secret.*} Spark configuration. Each failure ends with the exact category, a
 * message naming the element, exit code 1, and the same result in the {@code --result} file and on the
 * marked stdout line; a success exits 0 with its row counts. No secret value ever reaches the output.
 * The child JVMs start together in {@link #startJobs} (three at a time) so the class costs little more than
 * the slowest of them.
 */
class JobFailuresTest {

    /**
     * Copy of the parent pom's {@code spark.jvm.options} (what Spark 3.5's launcher adds on Java 17); the
     * child JVM runs Spark in-process as the surefire JVM does. Keep in sync with /pom.xml.
     */
    private static final List<String> SPARK_JVM_OPTIONS = List.of("-XX:+IgnoreUnrecognizedVMOptions",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
            "--add-opens=java.base/sun.security.action=ALL-UNNAMED", "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "-Djdk.reflect.useDirectMethodHandle=false");

    /** A secret value that must never be printed; every job gets it, as salt {@code k} and as a database password. */
    private static final String SECRET = "Sup3r-Secret-Value-4711";

    private static final TableSchema ORDERS = new TableSchema("schemas/orders.avsc", List.of(
            new Column("id", ColumnType.LONG, false),
            new Column("name", ColumnType.STRING, true),
            new Column("qty", ColumnType.LONG, true)));

    private static final String ORDERS_CSV = "id,name,qty\n1,ann,10\n2,bob,20\n3,cy,30\n";

    @TempDir
    static Path work;

    private static ExecutorService pool;
    private static Future<Outcome> inputNotFound;
    private static Future<Outcome> sqlError;
    private static Future<Outcome> schemaMismatch;
    private static Future<Outcome> unknownColumn;
    private static Future<Outcome> connectionFailed;
    private static Future<Outcome> secretMissing;
    private static Future<Outcome> success;

    /** What the child left behind. */
    record Outcome(Path data, int exitCode, String stdout, String stderr, String resultFile) {
        PipelineRunResult fromFile() {
            return PipelineRunResult.fromJson(resultFile);
        }
    }

    @BeforeAll
    static void startJobs() throws IOException {
        pool = Executors.newFixedThreadPool(3);
        inputNotFound = start("input_not_found", pipeline("""
                <sources><csv id="orders" path="landing/orders/*.csv" header="true"/></sources>
                <targets><csv source="orders" path="out/orders"/></targets>"""), Map.of(), null);
        sqlError = start("sql_error", pipeline("""
                <sources><database id="orders" jdbcUrl="jdbc:postgresql://127.0.0.1:5432/test" userSecretRef="db">
                  <sql>SELECT id, name FROM datahub_e2e_no_such_table</sql>
                </database></sources>
                <targets><csv source="orders" path="out/orders"/></targets>"""), Map.of(), null);
        schemaMismatch = start("schema_mismatch", pipeline("""
                <sources><csv id="orders" path="landing/orders.csv" header="true" badRecords="fail" schemaRef="schemas/orders.avsc"/></sources>
                <targets><csv source="orders" path="out/orders"/></targets>"""), Map.of("schemas/orders.avsc", ORDERS),
                "id,name,qty\n1,ann,10\n2,bob,twenty\n");
        unknownColumn = start("unknown_column", pipeline("""
                <sources><csv id="orders" path="landing/orders.csv" header="true"/></sources>
                <transformations><deduplicate source="orders" keys="order_no"/></transformations>
                <targets><csv path="out/orders"/></targets>"""), Map.of(), ORDERS_CSV);
        connectionFailed = start("connection_failed", pipeline("""
                <sources><database id="orders" jdbcUrl="jdbc:postgresql://127.0.0.1:1/test" userSecretRef="db">
                  <table name="orders"/>
                </database></sources>
                <targets><csv source="orders" path="out/orders"/></targets>"""), Map.of(), null);
        secretMissing = start("secret_missing", pipeline("""
                <sources><csv id="orders" path="landing/orders.csv" header="true"/></sources>
                <transformations><mask source="orders" columns="name" strategy="hash" secretRef="absent_salt"/></transformations>
                <targets><csv path="out/orders"/></targets>"""), Map.of(), ORDERS_CSV);
        success = start("success", pipeline("""
                <sources><csv id="orders" path="landing/orders.csv" header="true" schemaRef="schemas/orders.avsc"/></sources>
                <transformations>
                  <filter source="orders" condition="qty &gt;= 20"/>
                  <mask source="orders" columns="name" strategy="hash" secretRef="k"/>
                </transformations>
                <targets><csv path="out/orders"/></targets>"""), Map.of("schemas/orders.avsc", ORDERS), ORDERS_CSV);
    }

    @AfterAll
    static void stopPool() {
        pool.shutdownNow();
    }

    private static String pipeline(String body) {
        return "<pipeline id=\"orders_load\" version=\"1.0.0\" layer=\"staging\">\n" + body + "\n</pipeline>\n";
    }

    /** Writes the request (and the input file, when given) under its own data root and runs the job there in the pool. */
    private static Future<Outcome> start(String name, String xml, Map<String, TableSchema> schemas, String ordersCsv) throws IOException {
        Path dir = Files.createDirectories(work.resolve(name));
        Path data = dir.resolve("data");
        if (ordersCsv != null) {
            Path landing = Files.createDirectories(data.resolve("applications/shop/staging/landing"));
            Files.writeString(landing.resolve("orders.csv"), ordersCsv);
        }
        RunRequest request = new RunRequest("run-" + name, 1, null, "shop", "staging", "orders_load", Samples.RUN_DATE, Map.of(),
                data.toString(), xml, schemas, Map.of(), Map.of());
        Path requestFile = dir.resolve("request.json");
        Files.writeString(requestFile, request.toJson());
        return pool.submit(() -> runJob(dir, data, requestFile));
    }

    private static Outcome runJob(Path dir, Path data, Path requestFile) throws IOException, InterruptedException {
        Path result = dir.resolve("result.json");
        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.addAll(SPARK_JVM_OPTIONS);
        // C1 only: these JVMs live seconds, and C2 compiling Spark's warm-up code would cost more than it saves.
        command.addAll(Arrays.asList("-XX:TieredStopAtLevel=1", "-Xmx768m", "-Dspark.master=local[2]", "-Dspark.ui.enabled=false",
                "-Dspark.sql.shuffle.partitions=2", "-Dspark.sql.warehouse.dir=" + dir.resolve("warehouse"),
                "-Dspark.datahub.secret.k=" + SECRET, "-Dspark.datahub.secret.db=postgres:" + SECRET,
                "-cp", System.getProperty("java.class.path"),
                DatahubJob.class.getName(), "--request", requestFile.toString(), "--result", result.toString()));
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        // A guard against a child that never ends, not a timing assertion.
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("DatahubJob did not end; stderr: " + Files.readString(stderr));
        }
        return new Outcome(data, process.exitValue(), Files.readString(stdout), Files.readString(stderr),
                Files.exists(result) ? Files.readString(result) : null);
    }

    /**
     * Exit code, the result in the file and on the one marked stdout line, status, category and message;
     * and no secret anywhere.
     */
    private static PipelineRunResult assertOutcome(Outcome outcome, int exitCode, RunStatus status, ErrorCategory category, String message) {
        assertFalse(outcome.stdout().contains(SECRET), "secret in stdout");
        assertFalse(outcome.stderr().contains(SECRET), "secret in stderr");
        assertTrue(outcome.resultFile() != null, "no result file; stderr: " + outcome.stderr());
        assertFalse(outcome.resultFile().contains(SECRET), "secret in the result file");
        List<String> marked = outcome.stdout().lines().filter(l -> l.startsWith(PipelineRunResult.LOG_MARKER)).toList();
        assertEquals(1, marked.size(), "marked lines in stdout: " + outcome.stdout());
        PipelineRunResult result = outcome.fromFile();
        assertEquals(result, PipelineRunResult.fromLog(marked).orElseThrow(), "stdout line and result file");
        assertEquals(status, result.status(), () -> "[" + result.errorCategory() + "] " + result.errorMessage());
        assertEquals(category, result.errorCategory(), result.errorMessage());
        assertEquals(message, result.errorMessage());
        assertEquals(exitCode, outcome.exitCode(), "exit code; stderr: " + outcome.stderr());
        assertEquals("orders_load", result.pipelineId());
        assertEquals("2026-01-15", result.runDate());
        return result;
    }

    private static PipelineRunResult assertFailed(Future<Outcome> job, ErrorCategory category, String message) throws Exception {
        return assertOutcome(job.get(), 1, RunStatus.FAILED, category, message);
    }

    private static String sha256Hex(String text) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String layer(Outcome outcome) {
        return outcome.data() + "/applications/shop/staging";
    }

    @Test
    void aMissingInputPathIsInputNotFound() throws Exception {
        Outcome outcome = inputNotFound.get();
        assertFailed(inputNotFound, ErrorCategory.INPUT_NOT_FOUND,
                "<csv> source 'orders': path " + layer(outcome) + "/landing/orders/*.csv matches no file");
    }

    @Test
    void aBadStatementOnPostgresqlIsSqlError() throws Exception {
        assertFailed(sqlError, ErrorCategory.SQL_ERROR,
                "<database> source 'orders': query failed: ERROR: relation \"datahub_e2e_no_such_table\" does not exist Position: 22");
    }

    @Test
    void aValueNotFittingItsSchemaIsSchemaMismatch() throws Exception {
        Outcome outcome = schemaMismatch.get();
        assertFailed(schemaMismatch, ErrorCategory.SCHEMA_MISMATCH, "<csv> source 'orders': record does not fit schema schemas/orders.avsc"
                + " (file file://" + layer(outcome) + "/landing/orders.csv): 2,bob,twenty");
    }

    @Test
    void aKeyColumnMissingFromTheDataIsUnknownColumn() throws Exception {
        assertFailed(unknownColumn, ErrorCategory.UNKNOWN_COLUMN, "<deduplicate> keys: column 'order_no' does not exist (columns: id, name, qty)");
    }

    @Test
    void aRefusedConnectionIsConnectionFailed() throws Exception {
        assertFailed(connectionFailed, ErrorCategory.CONNECTION_FAILED, "<database> source 'orders': cannot connect to"
                + " jdbc:postgresql://127.0.0.1:1/test: Connection to 127.0.0.1:1 refused. Check that the hostname and port are correct"
                + " and that the postmaster is accepting TCP/IP connections.");
    }

    @Test
    void aSecretWithoutValueIsSecretMissing() throws Exception {
        assertFailed(secretMissing, ErrorCategory.SECRET_MISSING,
                "secret 'absent_salt' has no value (set Spark configuration spark.datahub.secret.absent_salt)");
    }

    @Test
    void aSuccessfulRunExitsZeroWithItsRowCounts() throws Exception {
        Outcome outcome = success.get();
        PipelineRunResult result = assertOutcome(outcome, 0, RunStatus.SUCCEEDED, null, null);
        assertEquals(Map.of("orders", 3L), result.rowsRead());
        assertEquals(Map.of("csv out/orders", 2L), result.rowsWritten());
        Table written = Table.csvFolder(Path.of(layer(outcome), "out/orders"), "id", "qty");
        assertEquals(List.of("id", "name", "qty"), written.columns());
        List<List<String>> rows = written.rows().stream().sorted((a, b) -> a.get(0).compareTo(b.get(0))).toList();
        assertEquals(List.of("2", "3"), rows.stream().map(r -> r.get(0)).toList());
        assertEquals(List.of("20", "30"), rows.stream().map(r -> r.get(2)).toList());
        // hash with secretRef: hex SHA-256 of salt + value (docs/language-decisions.md): the secret arrived.
        assertEquals(List.of(sha256Hex(SECRET + "bob"), sha256Hex(SECRET + "cy")), rows.stream().map(r -> r.get(1)).toList());
        assertNull(result.errorMessage());
    }
}
