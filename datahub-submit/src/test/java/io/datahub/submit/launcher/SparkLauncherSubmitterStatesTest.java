package io.datahub.submit.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datahub.model.run.ErrorCategory;
import io.datahub.model.run.PipelineRunResult;
import io.datahub.model.run.RunRequest;
import io.datahub.model.run.RunStatus;
import io.datahub.model.testing.MutableClock;
import io.datahub.submit.Submission;
import io.datahub.submit.SubmissionState;
import io.datahub.submit.SubmitException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.spark.launcher.SparkAppHandle;
import org.apache.spark.launcher.SparkAppHandle.State;
import org.apache.spark.launcher.SparkLauncher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The submitter's reading of launcher states, with a scripted handle instead of a process: the FINISHED-then-FAILED
 * grace, the categories of runs that end without a result, cancel, close, the secrets file, and runs whose launcher
 * is gone (another JVM, a restart).
 */
class SparkLauncherSubmitterStatesTest {

    private static final String SECRET = "p@ss=w0rd:\\n";

    @TempDir
    Path home;
    @TempDir
    Path work;

    private final MutableClock clock = MutableClock.at("2026-01-15T10:00:00Z");
    private final List<ScriptedHandle> handles = new ArrayList<>();
    private final List<Properties> secretsSeen = new ArrayList<>();
    private final List<Set<PosixFilePermission>> secretsModes = new ArrayList<>();
    private SparkLauncherSubmitter submitter;

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("bin/spark-submit"), "#!/bin/sh\nexit 1\n");
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/spark-defaults.conf"), "spark.eventLog.enabled  true\n");
        submitter = new SparkLauncherSubmitter(settings(), clock, this::start);
    }

    private LauncherSettings settings() {
        return new LauncherSettings(home, "local[2]", null, null, "/jobs/job.jar", Map.of("spark.ui.enabled", "false"),
                Map.of("db", SECRET), work, Duration.ofSeconds(2));
    }

    /** Instead of a child process: a handle the test moves, after a look at the secrets file spark-submit would read. */
    private SparkAppHandle start(SparkLauncher launcher, SparkAppHandle.Listener listener) throws IOException {
        Path secrets = work.resolve("r1").resolve("secrets.properties");
        if (Files.exists(secrets)) {
            Properties properties = new Properties();
            try (var in = Files.newBufferedReader(secrets)) {
                properties.load(in);
            }
            secretsSeen.add(properties);
            secretsModes.add(Files.getPosixFilePermissions(secrets));
        }
        ScriptedHandle handle = new ScriptedHandle(listener);
        handles.add(handle);
        return handle;
    }

    private static RunRequest request(String runId) {
        return new RunRequest(runId, 1, null, "app", "staging", "p", LocalDate.of(2026, 1, 15), Map.of(), "/data",
                "<pipeline/>", Map.of(), Map.of(), Map.of());
    }

    private void writeResult(String runId, RunStatus status, ErrorCategory category, String message) throws IOException {
        PipelineRunResult result = new PipelineRunResult(runId, "app", "staging", "p", "1.0.0", "2026-01-15", status,
                Instant.parse("2026-01-15T10:00:00Z"), Instant.parse("2026-01-15T10:00:05Z"), Map.of("s", 3L), Map.of("t", 3L),
                null, null, null, null, category, message);
        Files.writeString(work.resolve(runId).resolve("result.json"), result.toJson());
    }

    @Test
    void statesMapAndAFinishedWithoutResultWaitsForTheGraceBeforeSucceeding() {
        Submission s = submitter.submit(request("r1"));
        ScriptedHandle handle = handles.get(0);
        assertEquals(SubmissionState.SUBMITTED, s.state());
        handle.move(State.CONNECTED);
        assertEquals(SubmissionState.SUBMITTED, (s = submitter.poll(s)).state());
        handle.appId = "local-17";
        handle.move(State.RUNNING);
        s = submitter.poll(s);
        assertEquals(SubmissionState.RUNNING, s.state());
        assertEquals("local-17", s.sparkAppId());

        handle.move(State.FINISHED);
        clock.advance(Duration.ofMillis(1999));
        assertEquals(SubmissionState.RUNNING, (s = submitter.poll(s)).state(), "FINISHED is not believed at once");
        clock.advance(Duration.ofMillis(1));
        s = submitter.poll(s);
        assertEquals(SubmissionState.SUCCEEDED, s.state());
        assertNull(s.result());
    }

    @Test
    void finishedThenFailedWithinTheGraceIsAFailureOfARunThatRan() throws IOException {
        Submission s = submitter.submit(request("r1"));
        ScriptedHandle handle = handles.get(0);
        handle.move(State.CONNECTED);
        handle.move(State.RUNNING);
        handle.move(State.FINISHED);
        assertEquals(SubmissionState.RUNNING, (s = submitter.poll(s)).state());
        Files.writeString(work.resolve("r1/driver.log"), "line 1\nException in thread \"main\" boom db=" + SECRET + "\n");
        clock.advance(Duration.ofMillis(100));
        handle.move(State.FAILED);

        s = submitter.poll(s);

        assertEquals(SubmissionState.FAILED, s.state());
        assertEquals(ErrorCategory.INTERNAL, s.errorCategory(), "it ran and died without a result");
        assertTrue(s.errorMessage().contains("ended FAILED after it started running"), s.errorMessage());
        assertTrue(s.errorMessage().contains("boom db=******"), s.errorMessage());
        assertFalse(s.errorMessage().contains(SECRET));
    }

    @Test
    void theJobsResultDecidesOverTheHandleWithoutWaiting() throws IOException {
        Submission s = submitter.submit(request("r1"));
        ScriptedHandle handle = handles.get(0);
        handle.move(State.RUNNING);
        writeResult("r1", RunStatus.FAILED, ErrorCategory.DATA_QUALITY, "<validate> 'v': 2 rows break rule r");
        handle.move(State.FINISHED);

        s = submitter.poll(s);

        assertEquals(SubmissionState.FAILED, s.state(), "the job's FAILED, not the handle's FINISHED");
        assertEquals(ErrorCategory.DATA_QUALITY, s.errorCategory());
        assertEquals("<validate> 'v': 2 rows break rule r", s.errorMessage());
        assertEquals(RunStatus.FAILED, s.result().status());
    }

    @Test
    void theResultLineOfTheDriverLogCountsWhenTheFileIsMissing() throws IOException {
        Submission s = submitter.submit(request("r1"));
        ScriptedHandle handle = handles.get(0);
        handle.move(State.RUNNING);
        writeResult("r1", RunStatus.SUCCEEDED, null, null);
        Path resultFile = work.resolve("r1/result.json");
        String line = PipelineRunResult.LOG_MARKER + Files.readString(resultFile);
        Files.delete(resultFile);
        Files.writeString(work.resolve("r1/driver.log"), "INFO starting\n" + line + "\nINFO shutdown hook\n");
        handle.move(State.FINISHED);

        s = submitter.poll(s);

        assertEquals(SubmissionState.SUCCEEDED, s.state());
        assertEquals(Map.of("t", 3L), s.result().rowsWritten());
    }

    @Test
    void aProcessThatFailsBeforeConnectingIsASubmissionFailure() throws IOException {
        Submission s = submitter.submit(request("r1"));
        Files.writeString(work.resolve("r1/driver.log"), "Error: Failed to load class io.datahub.spark.DatahubJob.\n");
        handles.get(0).move(State.FAILED);

        s = submitter.poll(s);

        assertEquals(SubmissionState.FAILED, s.state());
        assertEquals(ErrorCategory.SUBMISSION_FAILED, s.errorCategory());
        assertTrue(s.errorMessage().contains("Failed to load class io.datahub.spark.DatahubJob"), s.errorMessage());
    }

    @Test
    void secretsGoThroughAPrivatePropertiesFileWithTheDefaultsDeletedOnceConnected() {
        submitter.submit(request("r1"));

        assertEquals(1, secretsSeen.size(), "spark-submit got a properties file");
        assertEquals(SECRET, secretsSeen.get(0).getProperty("spark.datahub.secret.db"));
        assertEquals("true", secretsSeen.get(0).getProperty("spark.eventLog.enabled"), "spark-defaults.conf is kept");
        assertEquals(PosixFilePermissions.fromString("rw-------"), secretsModes.get(0));
        Path file = work.resolve("r1/secrets.properties");
        assertTrue(Files.exists(file));
        handles.get(0).move(State.CONNECTED);
        assertFalse(Files.exists(file), "deleted once the application connected");
    }

    @Test
    void theSecretsFileGoesWhenTheRunFailsBeforeConnecting() {
        Submission s = submitter.submit(request("r1"));
        handles.get(0).state = State.FAILED; // no listener call: the poll must still clean up
        submitter.poll(s);
        assertFalse(Files.exists(work.resolve("r1/secrets.properties")));
    }

    @Test
    void cancelStopsAndKillsAndClosingKillsWhatRuns() {
        Submission first = submitter.submit(request("r1"));
        handles.get(0).move(State.RUNNING);
        Submission cancelled = submitter.cancel(submitter.poll(first));
        assertEquals(SubmissionState.CANCELLED, cancelled.state());
        assertEquals(ErrorCategory.CANCELLED, cancelled.errorCategory());
        assertEquals(List.of("stop", "kill"), handles.get(0).calls);

        submitter.submit(request("r2"));
        handles.get(1).move(State.RUNNING);
        submitter.close();
        assertEquals(List.of("stop", "kill"), handles.get(1).calls);
    }

    @Test
    void submittingARunningRunAgainAdoptsIt() {
        Submission first = submitter.submit(request("r1"));
        Submission again = submitter.submit(request("r1"));
        assertEquals(1, handles.size());
        assertEquals(first.runId(), again.runId());
        assertFalse(again.isFinal());
    }

    @Test
    void aRunWhoseLauncherIsGoneFailsUnlessItWroteItsResult() throws IOException {
        Submission orphan = Submission.submitted("r9", io.datahub.submit.SubmitMode.SPARK_LAUNCHER, null, clock.instant());
        Submission lost = submitter.poll(orphan);
        assertEquals(SubmissionState.FAILED, lost.state());
        assertEquals(ErrorCategory.SUBMISSION_FAILED, lost.errorCategory());
        assertTrue(lost.errorMessage().startsWith("the launcher that started run r9 is gone"), lost.errorMessage());

        Files.createDirectories(work.resolve("r8"));
        writeResult("r8", RunStatus.SUCCEEDED, null, null);
        Submission done = submitter.poll(Submission.submitted("r8", io.datahub.submit.SubmitMode.SPARK_LAUNCHER, null, clock.instant()));
        assertEquals(SubmissionState.SUCCEEDED, done.state());
        assertEquals(Map.of("t", 3L), done.result().rowsWritten());
    }

    @Test
    void runIdsMustNameAFolder() {
        for (String bad : List.of("../x", "a/b", "", ".hidden")) {
            assertThrows(SubmitException.class, () -> submitter.submit(request(bad)), bad);
        }
    }

    @Test
    void settingsKeepSecretsOffTheCommandLineAndOutOfToString() {
        assertThrows(IllegalArgumentException.class, () -> new LauncherSettings(home, "local", null, null, "/j.jar",
                Map.of("spark.datahub.secret.db", "x"), Map.of(), work, null));
        assertThrows(IllegalArgumentException.class, () -> new LauncherSettings(home, "local", "sideways", null, "/j.jar",
                Map.of(), Map.of(), work, null));
        assertFalse(settings().toString().contains(SECRET));
        assertEquals(Duration.ofSeconds(2), new LauncherSettings(home, "local", null, null, "/j.jar", null, null, work, null)
                .finalStateGrace());
    }

    /** A launcher handle whose state the test sets; it tells the listener as the real one does. */
    private static final class ScriptedHandle implements SparkAppHandle {
        private final Listener listener;
        volatile State state = State.UNKNOWN;
        volatile String appId;
        final List<String> calls = new ArrayList<>();

        ScriptedHandle(Listener listener) {
            this.listener = listener;
        }

        void move(State next) {
            state = next;
            listener.stateChanged(this);
        }

        @Override
        public void addListener(Listener l) {
            throw new UnsupportedOperationException();
        }

        @Override
        public State getState() {
            return state;
        }

        @Override
        public String getAppId() {
            return appId;
        }

        @Override
        public void stop() {
            calls.add("stop");
        }

        @Override
        public void kill() {
            calls.add("kill");
            state = State.KILLED;
        }

        @Override
        public void disconnect() {
            calls.add("disconnect");
        }

        @Override
        public Optional<Throwable> getError() {
            return Optional.empty();
        }
    }
}
