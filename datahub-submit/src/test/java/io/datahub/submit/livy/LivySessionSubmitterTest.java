package io.datahub.submit.livy;

import static io.datahub.submit.livy.LivyTestSupport.JOB_JAR;
import static io.datahub.submit.livy.LivyTestSupport.SECRET;
import static io.datahub.submit.livy.LivyTestSupport.request;
import static io.datahub.submit.livy.LivyTestSupport.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.datahub.model.run.ErrorCategory;
import io.datahub.model.run.RunRequest;
import io.datahub.model.run.RunStatus;
import io.datahub.model.testing.MutableClock;
import io.datahub.submit.Submission;
import io.datahub.submit.SubmissionState;
import io.datahub.submit.SubmitException;
import io.datahub.submit.SubmitMode;
import io.datahub.submit.livy.FakeLivyServer.Recorded;
import io.datahub.submit.livy.FakeLivyServer.StatementScript;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class LivySessionSubmitterTest {

    private FakeLivyServer server;
    private MutableClock clock;
    private final List<LivySessionSubmitter> submitters = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new FakeLivyServer();
        clock = MutableClock.at("2026-01-05T10:00:00Z");
    }

    @AfterEach
    void stop() {
        submitters.forEach(LivySessionSubmitter::close);
        server.close();
    }

    private LivySessionSubmitter pool(int size) {
        return pool(size, Duration.ofMinutes(10));
    }

    private LivySessionSubmitter pool(int size, Duration idleTimeout) {
        LivySessionSubmitter submitter = new LivySessionSubmitter(settings(server).build(),
                new SessionPoolSettings(size, idleTimeout, null, Duration.ZERO), clock);
        submitters.add(submitter);
        return submitter;
    }

    /** Polls until final; the fake moves one step per request, so this ends quickly. */
    private static Submission untilFinal(LivySessionSubmitter submitter, Submission submission) {
        Submission s = submission;
        for (int i = 0; i < 50 && !s.isFinal(); i++) {
            s = submitter.poll(s);
        }
        assertTrue(s.isFinal(), "not final: " + s);
        return s;
    }

    private static StatementScript threeSteps(String runId) {
        return new StatementScript(List.of("waiting", "running", "available"),
                FakeLivyServer.okOutput(FakeLivyServer.result(runId, RunStatus.SUCCEEDED).toJson() + "\n"));
    }

    @Test
    void poolOfOneRunsTheSecondRunOnTheSameWarmSessionAfterTheFirst() {
        server.scriptStatements(LivySessionSubmitterTest::threeSteps);
        LivySessionSubmitter submitter = pool(1);

        Submission a = submitter.submit(request("run-a"));
        assertEquals(SubmissionState.SUBMITTED, a.state());
        assertEquals(SubmitMode.LIVY_SESSION, a.mode());
        assertNull(a.externalId(), "queued until the new session is idle");
        assertEquals(List.of("POST /sessions"), server.targets());
        JsonNode create = server.requests().get(0).json();
        assertEquals("spark", create.get("kind").asText());
        assertEquals("datahub-0", create.get("name").asText());
        assertEquals(JOB_JAR, create.get("jars").get(0).asText());
        assertEquals(SECRET, create.get("conf").get("spark.datahub.secret.db.password").asText());
        assertEquals("1g", create.get("driverMemory").asText());

        a = submitter.poll(a);  // the session is idle now: run-a starts
        assertEquals(SubmissionState.RUNNING, a.state());
        assertEquals("0/0", a.externalId());
        Recorded statement = server.requests().get(server.requests().size() - 1);
        assertEquals("POST /sessions/0/statements", statement.target());
        assertEquals("spark", statement.json().get("kind").asText());
        String code = statement.json().get("code").asText();
        String prefix = "println(io.datahub.spark.SessionEntryPoint.runBase64(\"";
        assertTrue(code.startsWith(prefix) && code.endsWith("\"))"), code);
        String encoded = code.substring(prefix.length(), code.length() - 3);
        assertEquals(request("run-a").toJson(), new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8));

        Submission b = submitter.submit(request("run-b"));
        assertEquals(SubmissionState.SUBMITTED, b.state());
        assertNull(b.externalId());
        b = submitter.poll(b);
        assertEquals(SubmissionState.SUBMITTED, b.state(), "a busy session is never shared");
        assertNull(b.externalId());
        assertEquals(List.of("run-a"), server.statementRunIds(0));
        assertEquals(1, server.count("POST", "/sessions"), "pool of one: no second session");

        a = submitter.poll(a);
        assertEquals(SubmissionState.RUNNING, a.state());
        a = submitter.poll(a);
        assertEquals(SubmissionState.SUCCEEDED, a.state());
        assertNotNull(a.result());
        assertEquals(List.of("run-a", "run-b"), server.statementRunIds(0), "run-b started as soon as run-a ended");

        b = submitter.poll(b);
        assertEquals(SubmissionState.RUNNING, b.state());
        assertEquals("0/1", b.externalId());
        b = untilFinal(submitter, b);
        assertEquals(SubmissionState.SUCCEEDED, b.state());
        assertEquals("run-b", b.result().runId());
        assertEquals(1, server.count("POST", "/sessions"));
        for (Recorded r : server.requests()) {
            assertEquals("datahub", r.header("X-Requested-By"), r.target());
        }
    }

    @Test
    void resultEchoedByTheReplIsRead() {
        server.scriptStatements(runId -> new StatementScript(List.of("available"), FakeLivyServer.okOutput(
                "res0: String = " + FakeLivyServer.result(runId, RunStatus.SUCCEEDED).toJson() + "\n")));
        LivySessionSubmitter submitter = pool(1);

        Submission done = untilFinal(submitter, submitter.submit(request("run-echo")));

        assertEquals(SubmissionState.SUCCEEDED, done.state());
        assertEquals("run-echo", done.result().runId());
    }

    @Test
    void unreadableOutputFailsTheRunSayingWhatItPrinted() {
        server.scriptStatements(runId -> new StatementScript(List.of("available"),
                FakeLivyServer.okOutput("res0: String = {\"runId\":\"" + runId + "\",\"app\":\"sales\",\"status\":\"SUCC...\n")));
        LivySessionSubmitter submitter = pool(1);

        Submission done = untilFinal(submitter, submitter.submit(request("run-cut")));

        assertEquals(SubmissionState.FAILED, done.state());
        assertEquals(ErrorCategory.INTERNAL, done.errorCategory());
        assertTrue(done.errorMessage().startsWith("statement 0 of run run-cut on Livy session 0 printed no readable run result:"
                + " res0: String = {"), done.errorMessage());
    }

    @Test
    void failedRunReportedByTheJobKeepsItsCategory() {
        server.scriptStatements(runId -> {
            var failed = FakeLivyServer.result(runId, RunStatus.FAILED);
            failed = new io.datahub.model.run.PipelineRunResult(failed.runId(), failed.app(), failed.layer(), failed.pipelineId(),
                    failed.pipelineVersion(), failed.runDate(), RunStatus.FAILED, failed.startedAt(), failed.endedAt(), failed.rowsRead(),
                    failed.rowsWritten(), failed.rowsQuarantined(), failed.rowsRejected(), failed.steps(), failed.warnings(),
                    ErrorCategory.DATA_QUALITY, "validate 'amount_positive': 3 rows break it");
            return new StatementScript(List.of("available"), FakeLivyServer.okOutput(failed.toJson() + "\n"));
        });
        LivySessionSubmitter submitter = pool(1);

        Submission done = untilFinal(submitter, submitter.submit(request("run-dq")));

        assertEquals(SubmissionState.FAILED, done.state());
        assertEquals(ErrorCategory.DATA_QUALITY, done.errorCategory());
        assertEquals("validate 'amount_positive': 3 rows break it", done.errorMessage());
    }

    @Test
    void statementErrorFailsWithEnameAndEvalue() {
        List<String> traceback = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            traceback.add("  at frame" + i + "(<console>:" + i + ")\n");
        }
        server.scriptStatements(runId -> new StatementScript(List.of("running", "available"),
                FakeLivyServer.errorOutput("Error", "java.lang.NoClassDefFoundError: io/datahub/spark/SessionEntryPoint", traceback)));
        LivySessionSubmitter submitter = pool(1);

        Submission done = untilFinal(submitter, submitter.submit(request("run-err")));

        assertEquals(SubmissionState.FAILED, done.state());
        assertEquals(ErrorCategory.INTERNAL, done.errorCategory());
        assertNull(done.result());
        assertEquals("Error: java.lang.NoClassDefFoundError: io/datahub/spark/SessionEntryPoint\n"
                + "  at frame1(<console>:1)\n  at frame2(<console>:2)\n  at frame3(<console>:3)\n  at frame4(<console>:4)\n"
                + "  at frame5(<console>:5)\n...", done.errorMessage());
    }

    @Test
    void deadSessionFailsItsRunAndIsReplaced() {
        server.scriptStatements(runId -> new StatementScript(List.of("running"), null));
        LivySessionSubmitter submitter = pool(1);
        Submission a = submitter.poll(submitter.submit(request("run-died")));
        assertEquals("0/0", a.externalId());

        server.killSession(0, "stdout: java.lang.OutOfMemoryError: Java heap space", "stderr: YARN killed the container");
        Submission failed = submitter.poll(a);

        assertEquals(SubmissionState.FAILED, failed.state());
        assertEquals(ErrorCategory.SUBMISSION_FAILED, failed.errorCategory());
        assertEquals("Livy session 0 died (state dead) while running run run-died; last log lines:\n"
                + "stdout: java.lang.OutOfMemoryError: Java heap space\nstderr: YARN killed the container", failed.errorMessage());

        server.scriptStatements(FakeLivyServer::succeedingStatement);
        Submission c = submitter.submit(request("run-after"));
        assertEquals(2, server.count("POST", "/sessions"), "a new session replaces the dead one");
        assertEquals("datahub-1", server.sessions().get(1).name);
        Submission done = untilFinal(submitter, c);
        assertEquals(SubmissionState.SUCCEEDED, done.state());
        assertEquals(List.of("run-after"), server.statementRunIds(1));
    }

    @Test
    void sessionDeletedBehindOurBackFailsItsRun() {
        server.scriptStatements(runId -> new StatementScript(List.of("running"), null));
        LivySessionSubmitter submitter = pool(1);
        Submission a = submitter.poll(submitter.submit(request("run-gone")));
        server.restartLivy();
        server.addSession("someone-else");  // takes id 0

        Submission failed = submitter.poll(a);

        assertEquals(SubmissionState.FAILED, failed.state());
        assertEquals(ErrorCategory.SUBMISSION_FAILED, failed.errorCategory());
        assertTrue(failed.errorMessage().startsWith("Livy session 0 died"), failed.errorMessage());
    }

    @Test
    void idleSessionFoundDeadAtDispatchIsReplacedWithoutFailingTheRun() {
        LivySessionSubmitter submitter = pool(1);
        untilFinal(submitter, submitter.submit(request("run-first")));
        server.killSession(0);

        Submission next = submitter.submit(request("run-next"));

        assertEquals(SubmissionState.SUBMITTED, next.state());
        assertEquals(2, server.count("POST", "/sessions"));
        assertEquals(SubmissionState.SUCCEEDED, untilFinal(submitter, next).state());
    }

    @Test
    void closeDeletesIdleSessionsButNotBusyOnes() {
        server.scriptStatements(runId -> runId.equals("run-long")
                ? new StatementScript(List.of("running"), null) : FakeLivyServer.succeedingStatement(runId));
        LivySessionSubmitter submitter = pool(2);
        Submission quick = submitter.submit(request("run-quick"));
        Submission slow = submitter.submit(request("run-long"));
        quick = untilFinal(submitter, quick);
        slow = submitter.poll(slow);
        assertEquals(SubmissionState.RUNNING, slow.state());
        int busy = Integer.parseInt(slow.externalId().split("/")[0]);
        int idle = 1 - busy;

        submitter.close();

        assertEquals(List.of("DELETE /sessions/" + idle), server.targets().stream().filter(t -> t.startsWith("DELETE")).toList());
        assertEquals(List.of(busy), List.copyOf(server.sessions().keySet()));
        SubmitException closed = assertThrows(SubmitException.class, () -> submitter.submit(request("run-late")));
        assertFalse(closed.transientFailure());
    }

    @Test
    void idleSessionIsDeletedAfterTheIdleTimeout() {
        LivySessionSubmitter submitter = pool(1, Duration.ofMinutes(5));
        untilFinal(submitter, submitter.submit(request("run-1")));
        clock.advance(Duration.ofMinutes(4));
        Submission second = untilFinal(submitter, submitter.submit(request("run-2")));
        assertEquals(SubmissionState.SUCCEEDED, second.state());
        assertEquals(1, server.count("POST", "/sessions"), "reused while warm");

        clock.advance(Duration.ofMinutes(6));
        Submission third = submitter.submit(request("run-3"));

        assertTrue(server.targets().contains("DELETE /sessions/0"));
        assertEquals(2, server.count("POST", "/sessions"));
        assertEquals(SubmissionState.SUCCEEDED, untilFinal(submitter, third).state());
    }

    @Test
    void cancelQueuedAndRunningRuns() {
        server.scriptStatements(runId -> new StatementScript(List.of("running"), null));
        LivySessionSubmitter submitter = pool(1);
        Submission running = submitter.poll(submitter.submit(request("run-x")));
        Submission queued = submitter.submit(request("run-y"));
        assertNull(queued.externalId());

        Submission cancelledQueued = submitter.cancel(queued);
        assertEquals(SubmissionState.CANCELLED, cancelledQueued.state());
        assertEquals(ErrorCategory.CANCELLED, cancelledQueued.errorCategory());

        Submission cancelledRunning = submitter.cancel(running);
        assertEquals(SubmissionState.CANCELLED, cancelledRunning.state());
        assertTrue(server.targets().contains("POST /sessions/0/statements/0/cancel"));
        assertSame(cancelledRunning, submitter.poll(cancelledRunning));

        // The session is free again once Livy says so; run-y never started.
        server.scriptStatements(FakeLivyServer::succeedingStatement);
        Submission z = untilFinal(submitter, submitter.submit(request("run-z")));
        assertEquals(SubmissionState.SUCCEEDED, z.state());
        assertEquals(List.of("run-x", "run-z"), server.statementRunIds(0));
        assertEquals(1, server.count("POST", "/sessions"));
    }

    @Test
    void takenSessionNameMovesOnToTheNextOne() {
        server.addSession("datahub-0");  // left by an earlier submitter: not adopted
        LivySessionSubmitter submitter = pool(1);

        Submission done = untilFinal(submitter, submitter.submit(request("run-named")));

        assertEquals(SubmissionState.SUCCEEDED, done.state());
        assertEquals("datahub-1", server.sessions().get(1).name);
        assertTrue(server.statementRunIds(0).isEmpty(), "the leftover session is not used");
    }

    @Test
    void connectionRefusedIsTransient() {
        LivySessionSubmitter submitter = pool(1);
        server.stop();

        SubmitException e = assertThrows(SubmitException.class, () -> submitter.submit(request("run-down")));

        assertTrue(e.transientFailure());
        assertEquals(ErrorCategory.SUBMISSION_FAILED, e.errorCategory());
    }

    @Test
    void refusedSessionIsNotTransient() {
        LivySessionSubmitter submitter = pool(1);
        server.failNext("POST", "/sessions", 400, "{\"msg\":\"Local path /opt/job.jar cannot be added to user sessions.\"}");

        SubmitException e = assertThrows(SubmitException.class, () -> submitter.submit(request("run-badjar")));

        assertFalse(e.transientFailure());
        assertTrue(e.getMessage().contains("cannot be added to user sessions"), e.getMessage());
    }

    @Test
    void lostStatementAnswerIsAdoptedByItsCode() {
        LivySessionSubmitter submitter = pool(1);
        Submission a = submitter.submit(request("run-lost"));
        server.dropResponseNext("POST", "/sessions/0/statements");

        a = submitter.poll(a);

        assertEquals(SubmissionState.RUNNING, a.state());
        assertEquals("0/0", a.externalId());
        assertEquals(List.of("run-lost"), server.statementRunIds(0), "exactly one statement");
        assertEquals(SubmissionState.SUCCEEDED, untilFinal(submitter, a).state());
    }

    @Test
    void statementOfAnotherRunUnderOurIdsIsNotMistakenForOurs() {
        server.scriptStatements(runId -> new StatementScript(List.of("running"), null));
        LivySessionSubmitter submitter = pool(1);
        Submission a = submitter.poll(submitter.submit(request("run-mine")));
        server.restartLivy();
        LivySessionSubmitter other = pool(1);
        other.poll(other.submit(request("run-theirs")));  // session 0, statement 0 again

        Submission failed = submitter.poll(a);

        assertEquals(SubmissionState.FAILED, failed.state());
        assertEquals(ErrorCategory.SUBMISSION_FAILED, failed.errorCategory());
        assertTrue(failed.errorMessage().contains("that is not run run-mine's"), failed.errorMessage());
        submitter.cancel(a);
        assertEquals(0, server.count("POST", "/sessions/0/statements/0/cancel"), "their statement is left alone");
    }

    @Test
    void queuedRunHeldByAnEarlierSubmitterMustBeSubmittedAgain() {
        LivySessionSubmitter before = pool(1);
        Submission queued = before.submit(request("run-q"));
        String attribute = queued.toAttributeValue();

        LivySessionSubmitter after = pool(1);  // e.g. NiFi restarted
        Submission polled = after.poll(Submission.fromAttributeValue(attribute));

        assertEquals(SubmissionState.FAILED, polled.state());
        assertEquals(ErrorCategory.SUBMISSION_FAILED, polled.errorCategory());
        assertTrue(polled.errorMessage().endsWith("it never started: submit it again"), polled.errorMessage());
    }

    @Test
    void runningStatementIsFollowedByANewSubmitterAfterARestart() {
        LivySessionSubmitter before = pool(1);
        Submission a = before.poll(before.submit(request("run-restart")));
        assertEquals("0/0", a.externalId());

        LivySessionSubmitter after = pool(1);
        Submission done = untilFinal(after, Submission.fromAttributeValue(a.toAttributeValue()));

        assertEquals(SubmissionState.SUCCEEDED, done.state());
        assertEquals("run-restart", done.result().runId());
    }

    @Test
    void secretsStayOutOfMessages() {
        server.scriptStatements(runId -> new StatementScript(List.of("available"), FakeLivyServer.errorOutput("Error",
                "java.sql.SQLException: login failed for password " + SECRET, List.of())));
        LivySessionSubmitter submitter = pool(1);

        Submission done = untilFinal(submitter, submitter.submit(request("run-secret")));

        assertEquals(SubmissionState.FAILED, done.state());
        assertTrue(done.errorMessage().endsWith("login failed for password ******"), done.errorMessage());
        assertFalse(done.toAttributeValue().contains(SECRET));
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)  // a guard against a hang, not a timing assertion
    void thousandRunsOnAPoolOfFourFollowedByTwoThreads() throws Exception {
        server.sessionStartGets(0);
        LivySessionSubmitter submitter = pool(4);
        int runs = 1000;
        List<Submission> done = LivyTestSupport.followWithTwoThreads(submitter, runs);
        assertEquals(runs, done.size());
        assertTrue(done.stream().allMatch(s -> s.state() == SubmissionState.SUCCEEDED && s.result() != null),
                done.stream().filter(s -> s.state() != SubmissionState.SUCCEEDED).findFirst().map(Submission::toString).orElse(""));
        assertEquals(4, server.count("POST", "/sessions"));
        int statements = server.sessions().keySet().stream().mapToInt(id -> server.statementRunIds(id).size()).sum();
        assertEquals(runs, statements, "every run ran exactly once");
    }

    @Test
    void requestRoundTripsThroughTheStatementCode() {
        RunRequest request = request("run-code");
        assertEquals(java.util.Optional.of("run-code"), StatementOutput.runIdOf(StatementOutput.code(request.toJson())));
    }
}
