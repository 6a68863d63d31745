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
import io.datahub.model.run.PipelineRunResult;
import io.datahub.model.run.RunRequest;
import io.datahub.model.run.RunStatus;
import io.datahub.submit.Submission;
import io.datahub.submit.SubmissionState;
import io.datahub.submit.SubmitException;
import io.datahub.submit.SubmitMode;
import io.datahub.submit.livy.FakeLivyServer.BatchScript;
import io.datahub.submit.livy.FakeLivyServer.Recorded;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class LivyBatchSubmitterTest {

    private FakeLivyServer server;
    private LivyBatchSubmitter submitter;

    @BeforeEach
    void start() throws Exception {
        server = new FakeLivyServer();
        submitter = new LivyBatchSubmitter(settings(server).build());
    }

    @AfterEach
    void stop() {
        submitter.close();
        server.close();
    }

    @Test
    void happyPathReadsTheResultFromTheLogAndDeletesTheBatch() throws Exception {
        server.scriptBatches(name -> new BatchScript(List.of("starting", "running", "success"), List.of(
                "stdout: 26/01/05 10:00:01 INFO SparkContext: Running Spark version 3.5.6",
                "stdout: " + FakeLivyServer.result(name, RunStatus.SUCCEEDED).toLogLine(),
                "", "stderr: ")));
        RunRequest request = request("run-happy");

        Submission submitted = submitter.submit(request);
        assertEquals(SubmissionState.SUBMITTED, submitted.state());
        assertEquals(SubmitMode.LIVY_BATCH, submitted.mode());
        assertEquals("0", submitted.externalId());
        assertEquals("run-happy", submitted.runId());

        Recorded post = server.requests().get(0);
        assertEquals("POST /batches", post.target());
        JsonNode body = post.json();
        assertEquals(JOB_JAR, body.get("file").asText());
        assertEquals("io.datahub.spark.DatahubJob", body.get("className").asText());
        assertEquals("run-happy", body.get("name").asText());
        assertEquals("--request", body.get("args").get(0).asText());
        String arg = body.get("args").get(1).asText();
        assertTrue(arg.startsWith("base64:"), arg);
        assertEquals(request.toJson(), new String(Base64.getDecoder().decode(arg.substring(7)), StandardCharsets.UTF_8));
        assertEquals("8", body.get("conf").get("spark.sql.shuffle.partitions").asText());
        assertEquals(SECRET, body.get("conf").get("spark.datahub.secret.db.password").asText());
        assertEquals("1g", body.get("driverMemory").asText());
        assertEquals("2g", body.get("executorMemory").asText());
        assertEquals(2, body.get("executorCores").asInt());
        assertEquals(3, body.get("numExecutors").asInt());
        assertEquals("etl", body.get("queue").asText());
        assertFalse(body.has("proxyUser"));

        Submission running = submitter.poll(submitted);
        assertEquals(SubmissionState.RUNNING, running.state());

        Submission done = submitter.poll(running);
        assertEquals(SubmissionState.SUCCEEDED, done.state());
        assertNull(done.errorCategory());
        PipelineRunResult result = done.result();
        assertNotNull(result);
        assertEquals("run-happy", result.runId());
        assertEquals(Map.of("orders_clean", 40L), result.rowsWritten());
        assertEquals(List.of("POST /batches", "GET /batches/0", "GET /batches/0", "GET /batches/0/log?from=0&size=1000",
                "DELETE /batches/0"), server.targets());
        assertTrue(server.batches().isEmpty(), "finished batch deleted");

        assertSame(done, submitter.poll(done), "a final submission is not looked at again");
        assertEquals(5, server.requests().size());
    }

    @Test
    void http500OnSubmitIsTransient() {
        server.failNext("POST", "/batches", 500, "{\"msg\":\"java.lang.RuntimeException: out of threads\"}");
        SubmitException e = assertThrows(SubmitException.class, () -> submitter.submit(request("run-500")));
        assertTrue(e.transientFailure());
        assertEquals(500, e.httpStatus());
        assertEquals(ErrorCategory.SUBMISSION_FAILED, e.errorCategory());
        assertTrue(e.getMessage().contains("HTTP 500") && e.getMessage().contains("out of threads"), e.getMessage());
        assertTrue(server.batches().isEmpty());
    }

    @Test
    void connectionRefusedIsTransient() {
        server.stop();
        SubmitException e = assertThrows(SubmitException.class, () -> submitter.submit(request("run-refused")));
        assertTrue(e.transientFailure());
        assertEquals(0, e.httpStatus());
        assertEquals(ErrorCategory.SUBMISSION_FAILED, e.errorCategory());
        assertTrue(e.getMessage().startsWith("cannot reach Livy at " + server.url()), e.getMessage());
    }

    @Test
    void pollWhileLivyIsDownIsTransientAndLeavesTheRunFollowable() {
        Submission submitted = submitter.submit(request("run-down"));
        server.stop();
        SubmitException e = assertThrows(SubmitException.class, () -> submitter.poll(submitted));
        assertTrue(e.transientFailure());
    }

    @Test
    void lostResponseIsAdoptedByNameInsteadOfSubmittingTwice() {
        server.dropResponseNext("POST", "/batches");
        Submission submitted = submitter.submit(request("run-lost"));

        assertEquals("0", submitted.externalId());
        // The lookup saw the batch already succeeded; a final state is only reported by poll, with the result.
        assertEquals(SubmissionState.RUNNING, submitted.state());
        assertEquals(1, server.batches().size(), "exactly one batch");
        assertEquals(List.of("POST /batches", "GET /batches/run-lost"), server.targets());

        Submission done = submitter.poll(submitted);
        assertEquals(SubmissionState.SUCCEEDED, done.state());
        assertNotNull(done.result());
    }

    @Test
    void requestLostBeforeLivySawItIsSubmittedAgainOnceTheLookupSays404() {
        server.dropRequestNext("POST", "/batches");
        Submission submitted = submitter.submit(request("run-unsent"));

        assertEquals("0", submitted.externalId());
        assertEquals(1, server.batches().size());
        assertEquals(List.of("POST /batches", "GET /batches/run-unsent", "POST /batches"), server.targets());
    }

    @Test
    void unknownOutcomeTwiceIsTransient() {
        server.dropRequestNext("POST", "/batches");
        server.dropRequestNext("POST", "/batches");
        SubmitException e = assertThrows(SubmitException.class, () -> submitter.submit(request("run-unsent2")));
        assertTrue(e.transientFailure());
        assertTrue(server.batches().isEmpty());
        assertEquals(2, server.count("POST", "/batches"));
    }

    @Test
    void submittingAgainAfterAnUnknownOutcomeAdoptsTheDuplicate() {
        Submission first = submitter.submit(request("run-twice"));
        Submission second = submitter.submit(request("run-twice"));  // e.g. the caller retried after a timeout

        assertEquals(first.externalId(), second.externalId());
        assertEquals(1, server.batches().size());
        assertEquals(List.of("POST /batches", "POST /batches", "GET /batches/run-twice"), server.targets());
    }

    @Test
    void deadBatchFailsWithTheLogTail() {
        List<String> log = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            log.add("stdout: log line " + i);
        }
        log.add("stdout: Exception in thread \"main\" java.lang.ClassNotFoundException: io.datahub.spark.DatahubJob");
        server.scriptBatches(name -> new BatchScript(List.of("starting", "dead"), log));

        Submission done = submitter.poll(submitter.submit(request("run-dead")));

        assertEquals(SubmissionState.FAILED, done.state());
        assertEquals(ErrorCategory.INTERNAL, done.errorCategory());
        assertNull(done.result());
        String message = done.errorMessage();
        assertTrue(message.startsWith("Spark job of run run-dead (Livy batch 0) ended dead without reporting a result;"
                + " last log lines:\n"), message);
        assertTrue(message.endsWith("stdout: log line 30\nstdout: Exception in thread \"main\""
                + " java.lang.ClassNotFoundException: io.datahub.spark.DatahubJob"), message);
        assertTrue(message.contains("stdout: log line 12\n"), message);
        assertFalse(message.contains("log line 11\n"), "only the last 20 lines: " + message);
        assertTrue(server.targets().contains("DELETE /batches/0"));
        assertTrue(server.batches().isEmpty());
    }

    @Test
    void failedRunReportsTheJobsCategory() {
        PipelineRunResult failed = new PipelineRunResult("run-nofile", "sales", "staging", "orders", "1.0", "2026-01-05",
                RunStatus.FAILED, Instant.parse("2026-01-05T10:00:00Z"), Instant.parse("2026-01-05T10:00:02Z"), Map.of(), Map.of(),
                Map.of(), Map.of(), List.of(), List.of(), ErrorCategory.INPUT_NOT_FOUND, "source 'orders': path /data/in does not exist");
        server.scriptBatches(name -> new BatchScript(List.of("running", "dead"),
                List.of("stdout: " + failed.toLogLine(), "stderr: ")));

        Submission done = submitter.poll(submitter.submit(request("run-nofile")));

        assertEquals(SubmissionState.FAILED, done.state());
        assertEquals(ErrorCategory.INPUT_NOT_FOUND, done.errorCategory());
        assertEquals("source 'orders': path /data/in does not exist", done.errorMessage());
        assertEquals(failed, done.result());
    }

    @Test
    void longLogIsReadFromItsEnd() {
        List<String> log = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            log.add("stdout: noise " + i);
        }
        server.scriptBatches(name -> {
            List<String> lines = new ArrayList<>(log);
            lines.add("stdout: " + FakeLivyServer.result(name, RunStatus.SUCCEEDED).toLogLine());
            return new BatchScript(List.of("starting", "success"), lines);
        });
        LivyBatchSubmitter small = new LivyBatchSubmitter(settings(server).build(), 10, java.time.Clock.systemUTC());

        Submission done = small.poll(small.submit(request("run-long")));

        assertEquals(SubmissionState.SUCCEEDED, done.state());
        assertNotNull(done.result());
        assertTrue(server.targets().contains("GET /batches/0/log?from=16&size=10"), server.targets().toString());
    }

    @Test
    void batchLostByALivyRestartFails() {
        Submission submitted = submitter.submit(request("run-restart"));
        server.restartLivy();

        Submission done = submitter.poll(submitted);

        assertEquals(SubmissionState.FAILED, done.state());
        assertEquals(ErrorCategory.SUBMISSION_FAILED, done.errorCategory());
        assertEquals("Livy no longer knows batch 0 (run run-restart); it was lost, e.g. by a Livy restart", done.errorMessage());
        assertEquals(List.of("POST /batches", "GET /batches/0", "GET /batches/run-restart"), server.targets());
    }

    @Test
    void anotherBatchReusingTheIdIsNotMistakenForOurs() {
        Submission submitted = submitter.submit(request("run-reuse"));
        server.restartLivy();
        int foreign = server.addBatch("someone-elses-job", new BatchScript(List.of("success"), List.of("stdout: not ours")));
        assertEquals(0, foreign);

        Submission done = submitter.poll(submitted);

        assertEquals(SubmissionState.FAILED, done.state());
        assertEquals(ErrorCategory.SUBMISSION_FAILED, done.errorCategory());
        assertEquals("Livy no longer knows batch 0 (run run-reuse); it was lost, e.g. by a Livy restart", done.errorMessage());
        assertTrue(server.batches().containsKey(0), "the other batch is left alone");
        assertEquals(0, server.count("DELETE", ".*"));
        assertEquals(0, server.count("GET", "/batches/0/log"));
    }

    @Test
    void batchFoundUnderANewIdByNameIsAdopted() {
        Submission submitted = submitter.submit(request("run-moved"));
        server.restartLivy();
        server.addBatch("someone-elses-job", new BatchScript(List.of("running"), List.of()));
        server.addBatch("run-moved", new BatchScript(List.of("running"), List.of()));  // recovered under id 1

        Submission running = submitter.poll(submitted);

        assertEquals(SubmissionState.RUNNING, running.state());
        assertEquals("1", running.externalId());
    }

    @Test
    void cancelDeletesTheBatch() {
        server.scriptBatches(name -> new BatchScript(List.of("running"), List.of()));
        Submission submitted = submitter.submit(request("run-cancel"));

        Submission cancelled = submitter.cancel(submitted);

        assertEquals(SubmissionState.CANCELLED, cancelled.state());
        assertEquals(ErrorCategory.CANCELLED, cancelled.errorCategory());
        assertTrue(server.targets().contains("DELETE /batches/0"));
        assertTrue(server.batches().isEmpty());
        assertSame(cancelled, submitter.poll(cancelled));
    }

    @Test
    void refusedBatchIsNotTransientAndItsLeftoverIsRemoved() {
        server.processThenFailNext("POST", "/batches", 400,
                "{\"msg\":\"Local path /opt/job.jar cannot be added to user sessions.\"}");

        SubmitException e = assertThrows(SubmitException.class, () -> submitter.submit(request("run-refused-path")));

        assertFalse(e.transientFailure());
        assertEquals(400, e.httpStatus());
        assertTrue(e.getMessage().contains("Local path /opt/job.jar cannot be added to user sessions."), e.getMessage());
        assertTrue(server.batches().isEmpty(), "the refused batch listed as starting is deleted");
    }

    @Test
    void secretsAreSentButNeverShown() {
        LivySettings settings = settings(server).build();
        assertFalse(settings.toString().contains(SECRET), settings.toString());

        server.failNext("POST", "/batches", 400,
                "{\"msg\":\"Invalid conf {spark.datahub.secret.db.password=" + SECRET + "}\"}");
        SubmitException refused = assertThrows(SubmitException.class, () -> submitter.submit(request("run-secret")));
        assertFalse(allMessages(refused).contains(SECRET), allMessages(refused));
        assertTrue(refused.getMessage().contains("spark.datahub.secret.db.password=******"), refused.getMessage());
        assertEquals(SECRET, server.requests().get(0).json().get("conf").get("spark.datahub.secret.db.password").asText());

        server.failNext("GET", "/batches/0", 503, "{\"msg\":\"overloaded, conf was " + SECRET + "\"}");
        server.scriptBatches(name -> new BatchScript(List.of("starting", "dead"),
                List.of("stdout: connecting with password " + SECRET, "stdout: Exception: login failed")));
        Submission submitted = submitter.submit(request("run-secret"));
        SubmitException overloaded = assertThrows(SubmitException.class, () -> submitter.poll(submitted));
        assertTrue(overloaded.transientFailure());
        assertFalse(allMessages(overloaded).contains(SECRET), allMessages(overloaded));

        Submission done = submitter.poll(submitted);
        assertEquals(SubmissionState.FAILED, done.state());
        assertTrue(done.errorMessage().contains("connecting with password ******"), done.errorMessage());
        assertFalse(done.errorMessage().contains(SECRET));
        assertFalse(done.toAttributeValue().contains(SECRET), done.toAttributeValue());
        assertFalse(submitted.toAttributeValue().contains(SECRET));
    }

    @Test
    void basicAuthAndCsrfHeaderOnEveryRequest() {
        server.requireBasicAuth("alice", "pw-1");
        LivyBatchSubmitter authed = new LivyBatchSubmitter(settings(server).auth(LivyAuth.basic("alice", "pw-1")).build());

        Submission done = authed.poll(authed.submit(request("run-auth")));
        authed.cancel(authed.submit(request("run-auth-2")));

        assertEquals(SubmissionState.SUCCEEDED, done.state());
        String expected = "Basic " + Base64.getEncoder().encodeToString("alice:pw-1".getBytes(StandardCharsets.UTF_8));
        assertEquals(7, server.requests().size(), server.targets().toString());
        for (Recorded r : server.requests()) {
            assertEquals(expected, r.header("Authorization"), r.target());
            assertEquals("datahub", r.header("X-Requested-By"), r.target());
        }
    }

    @Test
    void wrongPasswordIsNotTransient() {
        server.requireBasicAuth("alice", "pw-1");
        LivyBatchSubmitter wrong = new LivyBatchSubmitter(settings(server).auth(LivyAuth.basic("alice", "nope")).build());

        SubmitException e = assertThrows(SubmitException.class, () -> wrong.submit(request("run-401")));

        assertFalse(e.transientFailure());
        assertEquals(401, e.httpStatus());
    }

    @Test
    void authHeadersAreAskedForOnEveryRequest() {
        AtomicInteger calls = new AtomicInteger();
        List<URI> targets = new ArrayList<>();
        LivyAuth counting = target -> {
            targets.add(target);
            return Map.of("Authorization", "Negotiate token-" + calls.incrementAndGet());
        };
        LivyBatchSubmitter negotiating = new LivyBatchSubmitter(settings(server).auth(counting).build());

        negotiating.poll(negotiating.submit(request("run-spnego")));

        List<Recorded> requests = server.requests();
        assertEquals(requests.size(), calls.get());
        for (int i = 0; i < requests.size(); i++) {
            assertEquals("Negotiate token-" + (i + 1), requests.get(i).header("Authorization"));
            assertEquals(requests.get(i).path(), targets.get(i).getPath());
        }
    }

    @Test
    void fakeLivyEnforcesCsrfProtection() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.url().resolve("/batches"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, response.statusCode());
        assertEquals("Missing Required Header for CSRF protection.", response.body());
    }

    @Test
    void allDigitRunIdsAreRefused() {
        SubmitException e = assertThrows(SubmitException.class, () -> submitter.submit(request("12345")));
        assertFalse(e.transientFailure());
        assertTrue(server.requests().isEmpty());
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)  // a guard against a hang, not a timing assertion
    void thousandRunsFollowedByTwoThreadsWithoutBlocking() throws Exception {
        int runs = 1000;
        List<Submission> done = LivyTestSupport.followWithTwoThreads(submitter, runs);
        assertEquals(runs, done.size());
        assertTrue(done.stream().allMatch(s -> s.state() == SubmissionState.SUCCEEDED && s.result() != null));
        assertEquals(runs, done.stream().map(Submission::runId).distinct().count());
        assertTrue(server.batches().isEmpty());
    }

    @Test
    void submissionSurvivesAsAnAttribute() {
        Submission done = submitter.poll(submitter.submit(request("run-attr")));
        String attribute = done.toAttributeValue();
        assertFalse(attribute.contains("\n"));
        assertEquals(done, Submission.fromAttributeValue(attribute));
        Submission submitted = Submission.submitted("r", SubmitMode.LIVY_SESSION, null, Instant.parse("2026-01-05T10:00:00Z"));
        assertEquals("{\"runId\":\"r\",\"mode\":\"LIVY_SESSION\",\"state\":\"SUBMITTED\",\"submittedAt\":\"2026-01-05T10:00:00Z\","
                + "\"updatedAt\":\"2026-01-05T10:00:00Z\"}", submitted.toAttributeValue());
        assertEquals(submitted, Submission.fromAttributeValue(submitted.toAttributeValue()));
    }

    static String allMessages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t).append('\n');
        }
        return all.toString();
    }
}
