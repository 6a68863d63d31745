package io.datahub.cli;

import static io.datahub.cli.Cli.datahub;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.datahub.model.history.PipelineRunRecord;
import io.datahub.model.run.ErrorCategory;
import io.datahub.model.run.PipelineRunResult;
import io.datahub.model.run.RunStatus;
import io.datahub.model.run.StepMetrics;
import io.datahub.submit.livy.FakeLivyServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --submit livy-batch} and {@code --submit livy-session} against a real HTTP server speaking Livy's REST
 * API (datahub-submit's FakeLivyServer): the run is resolved from the sample config, submitted, followed by polling,
 * summarized and recorded. What the "cluster" reports is scripted per test: the job's result line, a dead batch's log,
 * a session that dies, no Livy at all.
 */
class LivySubmitRunTest {

    private static final String JOB_JAR = "hdfs:///apps/datahub/datahub-spark-job.jar";
    /** A value of config/dev-secrets.properties, which the sample config's runs get as secrets. */
    private static final String SECRET = "dev-only-retail-salt";

    @TempDir
    Path data;

    private FakeLivyServer livy;

    @BeforeEach
    void startLivy() throws IOException {
        livy = new FakeLivyServer();
    }

    @AfterEach
    void stopLivy() {
        livy.close();
    }

    private Cli.Run submit(String mode, String... more) {
        List<String> args = new ArrayList<>(List.of("run", "retail_sales_load", "--app", "retail", "--run-date", "2026-01-15",
                "--config", "../config", "--data", data.toString(), "--submit", mode, "--livy-url", livy.url().toString(),
                "--job-jar", JOB_JAR, "--conf", "spark.executor.memory=2g", "--poll-interval", "20ms"));
        args.addAll(List.of(more));
        return datahub(args.toArray(String[]::new));
    }

    /** What the job prints when it has loaded the sample's sales: 54 lines read, 50 sale ids written. */
    private static PipelineRunResult jobResult(String runId) {
        Instant start = Instant.parse("2026-01-15T06:00:00Z");
        return new PipelineRunResult(runId, "retail", "staging", "retail_sales_load", "1.0.0", "2026-01-15", RunStatus.SUCCEEDED, start,
                start.plusMillis(7300), Map.of("sales_landing", 54L), Map.of("hive staging.sales", 50L), Map.of(), Map.of("sales_landing", 0L),
                List.of(new StepMetrics("sales_landing", "source", 54, 2100), new StepMetrics("hive staging.sales", "target", 50, 4200)),
                List.of(), null, null);
    }

    private PipelineRunRecord recorded(Cli.Run run) {
        return PipelineRunner.history(data).find(run.runId(), 1).orElseThrow(() -> new AssertionError("no history row:\n" + run.output()));
    }

    private static void assertLoaded(Cli.Run run, PipelineRunRecord r, String mode) {
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.lines().contains("Pipeline retail_sales_load (retail/staging) run date 2026-01-15, run id " + run.runId()), run.output());
        assertTrue(run.lines().stream().anyMatch(l -> l.matches("  source sales_landing +54 +2100")), run.output());
        assertTrue(run.lines().stream().anyMatch(l -> l.matches("  target hive staging\\.sales +50 +4200")), run.output());
        assertTrue(run.lines().contains("Outcome: SUCCEEDED in 7.3 s (rows read 54, rows written 50, rejected {sales_landing=0})"), run.output());
        assertFalse(run.output().contains(SECRET), "the secret was printed");

        assertEquals(RunStatus.SUCCEEDED, r.status());
        assertEquals(mode, r.submitMode());
        assertNull(r.sparkAppId(), "Livy reports no application id in local mode");
        assertEquals("retail", r.app());
        assertEquals("staging", r.layer());
        assertEquals("retail_sales_load", r.pipelineId());
        assertEquals(LocalDate.of(2026, 1, 15), r.runDate());
        assertEquals(Instant.parse("2026-01-15T06:00:00Z"), r.startedAt());
        assertEquals(7300L, r.durationMs());
        assertEquals(54L, r.rowsRead());
        assertEquals(Map.of("hive staging.sales", 50L), r.rowsWritten());
        assertNull(r.errorCategory());
    }

    private static void assertFailed(Cli.Run run, PipelineRunRecord r, String mode, ErrorCategory category, String message) {
        assertEquals(1, run.exitCode(), run.output());
        assertTrue(run.out().contains("\n  error [" + category + "]: " + message + "\n"), run.output());
        assertEquals(RunStatus.FAILED, r.status());
        assertEquals(mode, r.submitMode());
        assertEquals(category, r.errorCategory());
        assertEquals(message, r.errorMessage());
        assertFalse(run.output().contains(SECRET), "the secret was printed");
        assertFalse(message.contains(SECRET), "the secret was recorded");
    }

    // ------------------------------------------------------------ livy-batch

    @Test
    void aBatchRunsToSuccessAndIsRecorded() {
        livy.scriptBatches(name -> new FakeLivyServer.BatchScript(List.of("starting", "running", "success"),
                List.of("stdout: ", "stdout: Spark job started", "stdout: " + jobResult(name).toLogLine(), "stderr: ")));

        Cli.Run run = submit("livy-batch");

        assertTrue(run.lines().contains("  submitted to Livy at " + livy.url() + ": batch 0"), run.output());
        assertTrue(run.lines().contains("  RUNNING"), run.output());
        assertLoaded(run, recorded(run), "LIVY_BATCH");
        // The batch Livy got: the job jar, the run named by its run id, the --conf, the secrets as redacted Spark configuration.
        JsonNode batch = livy.requests().stream().filter(r -> r.target().equals("POST /batches")).findFirst().orElseThrow().json();
        assertEquals(JOB_JAR, batch.path("file").asText());
        assertEquals(run.runId(), batch.path("name").asText());
        assertEquals("2g", batch.path("conf").path("spark.executor.memory").asText());
        assertEquals(SECRET, batch.path("conf").path("spark.datahub.secret.retail_hash_salt").asText());
        assertEquals(1, livy.count("DELETE", "/batches/0"), "the finished batch is deleted");
    }

    @Test
    void aBatchThatGoesDeadFailsWithItsLog() {
        livy.scriptBatches(name -> new FakeLivyServer.BatchScript(List.of("starting", "running", "dead"), List.of(
                "stdout: Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space",
                "stderr: \tat io.datahub.spark.DatahubJob.main(DatahubJob.java:44)")));

        Cli.Run run = submit("livy-batch");

        String message = "Spark job of run " + run.runId() + " (Livy batch 0) ended dead without reporting a result; last log lines:\n"
                + "stdout: Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space\n"
                + "stderr: \tat io.datahub.spark.DatahubJob.main(DatahubJob.java:44)";
        assertFailed(run, recorded(run), "LIVY_BATCH", ErrorCategory.INTERNAL, message);
        assertTrue(run.lines().stream().anyMatch(l -> l.startsWith("Outcome: FAILED in ")), run.output());
    }

    @Test
    void anUnreachableLivyFailsTheRunAndRecordsIt() {
        livy.stop();  // nothing listens at its address any more: connection refused

        Cli.Run run = submit("livy-batch");

        assertTrue(run.lines().contains("  not submitted to Livy at " + livy.url()), run.output());
        PipelineRunRecord r = recorded(run);
        assertFailed(run, r, "LIVY_BATCH", ErrorCategory.SUBMISSION_FAILED,
                "cannot reach Livy at " + livy.url() + " (POST /batches): ConnectException: could not connect (refused or unreachable)");
        assertNull(r.sparkAppId());
    }

    @Test
    void aRunPastItsTimeoutIsCancelledAndFailsWithTimeout() {
        livy.scriptBatches(name -> new FakeLivyServer.BatchScript(List.of("starting", "running"), List.of()));

        Cli.Run run = submit("livy-batch", "--timeout", "300ms");

        String message = "run " + run.runId() + " did not finish within 300 ms of its submission; it was cancelled";
        assertFailed(run, recorded(run), "LIVY_BATCH", ErrorCategory.TIMEOUT, message);
        assertEquals(1, livy.count("DELETE", "/batches/0"), "the batch is deleted (killed)");
        assertTrue(livy.batches().isEmpty());
    }

    @Test
    void pollsThatCannotReachLivyAreRetriedAFewTimes() {
        livy.scriptBatches(name -> new FakeLivyServer.BatchScript(List.of("starting", "running", "success"),
                List.of("stdout: " + jobResult(name).toLogLine())));
        for (int i = 0; i < SubmittedEngine.MAX_TRANSIENT_POLL_FAILURES - 1; i++) {
            livy.failNext("GET", "/batches/0", 503, "{\"msg\":\"Livy is restarting\"}");
        }

        Cli.Run run = submit("livy-batch");

        String failedPoll = "  cannot follow run " + run.runId() + ": Livy at " + livy.url()
                + " answered HTTP 503 to GET /batches/0: Livy is restarting; polling again";
        assertEquals(SubmittedEngine.MAX_TRANSIENT_POLL_FAILURES - 1, run.lines().stream().filter(failedPoll::equals).count(), run.output());
        assertLoaded(run, recorded(run), "LIVY_BATCH");
    }

    @Test
    void aRunWhoseLivyStaysUnreachableIsGivenUpAndCancelled() {
        livy.scriptBatches(name -> new FakeLivyServer.BatchScript(List.of("starting", "running"), List.of()));
        for (int i = 0; i < SubmittedEngine.MAX_TRANSIENT_POLL_FAILURES; i++) {
            livy.failNext("GET", "/batches/0", 503, "{\"msg\":\"Livy is restarting\"}");
        }

        Cli.Run run = submit("livy-batch");

        String message = "lost track of run " + run.runId() + ": cannot follow run " + run.runId() + ": Livy at " + livy.url()
                + " answered HTTP 503 to GET /batches/0: Livy is restarting";
        assertFailed(run, recorded(run), "LIVY_BATCH", ErrorCategory.SUBMISSION_FAILED, message);
        assertEquals(1, livy.count("DELETE", "/batches/0"), "the run given up is cancelled");
    }

    // ------------------------------------------------------------ livy-session

    @Test
    void aSessionStatementRunsToSuccessAndTheSessionIsDeletedAfterwards() {
        livy.sessionStartGets(2);
        livy.scriptStatements(runId -> new FakeLivyServer.StatementScript(List.of("waiting", "running", "available"),
                FakeLivyServer.okOutput(jobResult(runId).toJson() + "\n")));

        Cli.Run run = submit("livy-session");

        assertTrue(run.lines().contains("  submitted to Livy at " + livy.url() + ": waiting for a session"), run.output());
        assertTrue(run.lines().contains("  RUNNING (statement 0 of session 0)"), run.output());
        assertLoaded(run, recorded(run), "LIVY_SESSION");
        JsonNode session = livy.requests().stream().filter(r -> r.target().equals("POST /sessions")).findFirst().orElseThrow().json();
        assertEquals("spark", session.path("kind").asText());
        assertEquals(JOB_JAR, session.path("jars").path(0).asText());
        assertEquals(SECRET, session.path("conf").path("spark.datahub.secret.retail_hash_salt").asText());
        List<String> statements = livy.requests().stream().filter(r -> r.target().equals("POST /sessions/0/statements"))
                .map(r -> FakeLivyServer.runIdOf(r.json().path("code").asText())).toList();
        assertEquals(List.of(run.runId()), statements);
        assertTrue(livy.sessions().isEmpty(), "the command deletes its session when it ends");
    }

    @Test
    void aSessionThatDiesUnderTheRunFailsItWithTheSessionLog() {
        // The session dies as soon as the run's statement is on it.
        livy.scriptStatements(runId -> {
            livy.killSession(0, "stdout: 26/01/15 06:00:01 ERROR SparkContext: Error initializing SparkContext.",
                    "stderr: java.lang.OutOfMemoryError: Java heap space");
            return new FakeLivyServer.StatementScript(List.of("running"), null);
        });

        Cli.Run run = submit("livy-session");

        String message = "Livy session 0 died (state dead) while running run " + run.runId() + "; last log lines:\n"
                + "stdout: 26/01/15 06:00:01 ERROR SparkContext: Error initializing SparkContext.\n"
                + "stderr: java.lang.OutOfMemoryError: Java heap space";
        assertFailed(run, recorded(run), "LIVY_SESSION", ErrorCategory.SUBMISSION_FAILED, message);
    }

    @Test
    void anUnreachableLivyFailsASessionRunToo() {
        livy.stop();

        Cli.Run run = submit("livy-session");

        assertFailed(run, recorded(run), "LIVY_SESSION", ErrorCategory.SUBMISSION_FAILED,
                "cannot reach Livy at " + livy.url() + " (POST /sessions): ConnectException: could not connect (refused or unreachable)");
    }
}
