package io.datahub.submit.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.datahub.model.run.ErrorCategory;
import io.datahub.model.run.PipelineRunResult;
import io.datahub.model.run.RunRequest;
import io.datahub.model.run.RunStatus;
import io.datahub.submit.Submission;
import io.datahub.submit.SubmissionState;
import io.datahub.submit.SubmitMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real runs: the job jar datahub-spark-job builds, through the assembled SPARK_HOME's spark-submit, on
 * {@code local[2]}, each its own JVM on a JDK 17-21. Only the test sleeps (between polls); the submitter never waits.
 */
class SparkLauncherSubmitterTest {

    private static final String SECRET = "s4lt-Not_In-Any-Log";
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path data;
    @TempDir
    Path work;

    private SparkLauncherSubmitter submitter;

    @BeforeEach
    void start() {
        submitter = new SparkLauncherSubmitter(settings(SparkHome.jobJar().toString()));
    }

    @AfterEach
    void stop() {
        submitter.close();
    }

    private LauncherSettings settings(String jobJar) {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.ui.enabled", "false");
        conf.put("spark.driver.memory", "768m");
        conf.put("spark.sql.shuffle.partitions", "2");
        conf.put("spark.sql.session.timeZone", "UTC");
        return new LauncherSettings(SparkHome.path(), "local[2]", null, SparkHome.javaHome(), jobJar, conf,
                Map.of("salt", SECRET), work, null);
    }

    /** Input of app "app", layer staging: {@code <dataRoot>/applications/app/staging/landing/people.csv}. */
    private void writeInput() throws IOException {
        Path landing = data.resolve("applications/app/staging/landing");
        Files.createDirectories(landing);
        Files.writeString(landing.resolve("people.csv"), """
                id,name,email,amount
                1,Ada,ada@example.com,10
                2,Bob,bob@example.com,5
                3,Cy,cy@example.com,20
                """);
    }

    private RunRequest request(String runId, String xml) {
        return new RunRequest(runId, 1, null, "app", "staging", "p", LocalDate.of(2026, 1, 15), Map.of(),
                data.toAbsolutePath().toString(), xml, Map.of(), Map.of(), Map.of());
    }

    private static String pipeline(String transformations) {
        return """
                <pipeline id="p" version="1.0.0" layer="staging">
                  <sources><csv id="people" path="landing/people.csv"/></sources>
                  <transformations>%s</transformations>
                  <targets><csv id="out" source="people" path="export/people"/></targets>
                </pipeline>
                """.formatted(transformations);
    }

    /** Polls until final; checks on the way that no process shows the secret on its command line. */
    private Submission awaitFinal(Submission submission, List<SubmissionState> seen) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        Submission current = submission;
        while (!current.isFinal()) {
            if (System.nanoTime() > deadline) {
                fail("run " + current.runId() + " not final after " + TIMEOUT + ": " + current);
            }
            Thread.sleep(200);
            current = submitter.poll(current);
            if (seen.isEmpty() || seen.get(seen.size() - 1) != current.state()) {
                seen.add(current.state());
            }
            assertNoCommandLineShows(SECRET);
        }
        return current;
    }

    private static void assertNoCommandLineShows(String text) {
        ProcessHandle.allProcesses().forEach(p -> p.info().commandLine().ifPresent(cmd -> assertFalse(cmd.contains(text),
                "a command line shows the secret: " + cmd)));
    }

    private static boolean processRunning(String runId) {
        return ProcessHandle.allProcesses().anyMatch(p -> p.isAlive()
                && p.info().commandLine().map(cmd -> cmd.contains(runId + "/request.json")).orElse(false));
    }

    @Test
    void aPipelineRunsToSuccessWithItsRowsAndOutputAndTheSecretReachesTheJobOnly() throws Exception {
        writeInput();
        String runId = "launcher-ok-1";
        RunRequest request = request(runId, pipeline("""
                <filter source="people" condition="cast(amount as int) >= 10"/>
                <mask source="people" columns="email" strategy="hash" secretRef="salt"/>
                """));

        Submission submitted = submitter.submit(request);
        assertEquals(SubmitMode.SPARK_LAUNCHER, submitted.mode());
        assertFalse(submitted.isFinal());
        assertEquals(work.resolve(runId).toString(), submitted.externalId());
        Path dir = work.resolve(runId);
        assertTrue(Files.readString(dir.resolve("request.json")).contains("\"runId\":\"" + runId + "\""));

        List<SubmissionState> seen = new ArrayList<>(List.of(submitted.state()));
        Submission done = awaitFinal(submitted, seen);

        assertEquals(SubmissionState.SUCCEEDED, done.state(), done.toString());
        assertTrue(seen.contains(SubmissionState.RUNNING), seen.toString());
        assertNull(done.errorCategory());
        PipelineRunResult result = done.result();
        assertNotNull(result);
        assertEquals(RunStatus.SUCCEEDED, result.status());
        assertEquals(Map.of("people", 3L), result.rowsRead());
        assertEquals(Map.of("out", 2L), result.rowsWritten());
        assertNotNull(done.sparkAppId(), "application id from the handle");
        assertTrue(done.sparkAppId().startsWith("local-"), done.sparkAppId());

        // The output: 2 rows, email hashed with the secret as salt (so the job got the secret).
        assertEquals(List.of("1,Ada," + sha256(SECRET + "ada@example.com") + ",10", "3,Cy," + sha256(SECRET + "cy@example.com") + ",20"),
                csvRows(data.resolve("applications/app/staging/export/people")));

        // The secret: not in the request, not left on disk, not in the driver's output.
        assertFalse(Files.readString(dir.resolve("request.json")).contains(SECRET));
        assertFalse(Files.exists(dir.resolve("secrets.properties")), "the secrets file is deleted");
        String driverLog = Files.readString(dir.resolve("driver.log"));
        assertTrue(driverLog.contains(PipelineRunResult.LOG_MARKER), "spark-submit's output is in driver.log");
        assertFalse(driverLog.contains(SECRET));
        assertTrue(Files.exists(dir.resolve("result.json")));
        assertTrue(waitGone(runId), "the driver process ended");

        assertEquals(done, submitter.poll(done), "a final submission comes back unchanged");
    }

    @Test
    void aFailingPipelineEndsFailedWithTheJobsCategoryNotSucceeded() throws Exception {
        // no input written: the source is missing
        String runId = "launcher-missing-1";
        Submission done = awaitFinal(submitter.submit(request(runId, pipeline(""))), new ArrayList<>());

        // The launcher reports FINISHED when the application stops, then FAILED when the JVM exits 1.
        assertEquals(SubmissionState.FAILED, done.state(), done.toString());
        assertEquals(ErrorCategory.INPUT_NOT_FOUND, done.errorCategory(), done.toString());
        assertNotNull(done.result());
        assertEquals(RunStatus.FAILED, done.result().status());
        assertEquals(ErrorCategory.INPUT_NOT_FOUND, done.result().errorCategory());
        assertTrue(done.errorMessage().contains("people"), done.errorMessage());
        assertEquals(done.result().errorMessage(), done.errorMessage());
        assertTrue(Files.exists(work.resolve(runId).resolve("result.json")));
        assertFalse(Files.exists(work.resolve(runId).resolve("secrets.properties")));
    }

    @Test
    void cancellingARunningRunKillsItsProcess() throws Exception {
        writeInput();
        String runId = "launcher-cancel-1";
        // every row sleeps 2 minutes: the run is still going when it is cancelled
        Submission current = submitter.submit(request(runId, pipeline("""
                <filter source="people" condition="length(reflect('java.lang.Thread', 'sleep', cast(120000 as bigint))) >= 0"/>
                """)));
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (current.state() != SubmissionState.RUNNING) {
            assertFalse(current.isFinal(), current.toString());
            assertTrue(System.nanoTime() < deadline, "not RUNNING in time: " + current);
            Thread.sleep(200);
            current = submitter.poll(current);
        }
        assertTrue(processRunning(runId), "the driver runs");

        Submission cancelled = submitter.cancel(current);

        assertEquals(SubmissionState.CANCELLED, cancelled.state());
        assertEquals(ErrorCategory.CANCELLED, cancelled.errorCategory());
        assertTrue(waitGone(runId), "the driver process is gone");
        assertFalse(Files.exists(work.resolve(runId).resolve("result.json")));
        assertFalse(Files.exists(work.resolve(runId).resolve("secrets.properties")));
        assertEquals(cancelled, submitter.poll(cancelled));
    }

    @Test
    void aJobJarSparkSubmitCannotFindFailsTheSubmissionWithTheDriverLog() throws Exception {
        submitter.close();
        submitter = new SparkLauncherSubmitter(settings(work.resolve("no-such-job.jar").toString()));
        writeInput();

        Submission done = awaitFinal(submitter.submit(request("launcher-nojar-1", pipeline(""))), new ArrayList<>());

        assertEquals(SubmissionState.FAILED, done.state(), done.toString());
        assertEquals(ErrorCategory.SUBMISSION_FAILED, done.errorCategory(), "it never ran: " + done);
        assertNull(done.result());
        assertTrue(done.errorMessage().contains("no-such-job.jar"), done.errorMessage());
        assertFalse(Files.exists(work.resolve("launcher-nojar-1").resolve("secrets.properties")));
    }

    private static boolean waitGone(String runId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (processRunning(runId)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }

    /** The data lines of every part file of a CSV output folder, sorted (each part file has a header). */
    private static List<String> csvRows(Path folder) throws IOException {
        List<String> rows = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path part : files.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
                List<String> lines = Files.readAllLines(part, StandardCharsets.UTF_8);
                if (!lines.isEmpty()) {
                    assertEquals("id,name,email,amount", lines.get(0));
                    rows.addAll(lines.subList(1, lines.size()));
                }
            }
        }
        rows.sort(null);
        return rows;
    }

    private static String sha256(String text) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
