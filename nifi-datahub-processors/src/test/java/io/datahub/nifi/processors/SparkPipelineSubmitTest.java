package io.datahub.nifi.processors;

import io.datahub.nifi.services.TestDatabase;
import io.datahub.submit.livy.FakeLivyServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datahub.model.history.PipelineRunRecord;
import io.datahub.model.run.ErrorCategory;
import io.datahub.model.run.PipelineRunResult;
import io.datahub.model.run.RunRequest;
import io.datahub.model.run.RunStatus;
import io.datahub.submit.livy.FakeLivyServer.BatchScript;
import io.datahub.nifi.services.JdbcRunHistoryStore;
import io.datahub.nifi.services.LivyBatchSubmitterService;
import io.datahub.nifi.services.SparkLauncherSubmitterService;
import io.datahub.submit.Submission;
import io.datahub.submit.SubmissionState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkPipelineSubmitTest {

    static final String JOB_JAR = "hdfs:///apps/datahub/datahub-spark-job.jar";

    private FakeLivyServer livy;
    private TestRunner runner;

    @BeforeEach
    void setUp() throws Exception {
        livy = new FakeLivyServer();
        runner = TestRunners.newTestRunner(SparkPipelineSubmit.class);
        LivyBatchSubmitterService service = new LivyBatchSubmitterService();
        runner.addControllerService("livy", service);
        runner.setProperty(service, LivyBatchSubmitterService.LIVY_URL, livy.url().toString());
        runner.setProperty(service, LivyBatchSubmitterService.JOB_JAR, JOB_JAR);
        runner.setProperty(service, LivyBatchSubmitterService.REQUEST_TIMEOUT, "5 sec");
        runner.enableControllerService(service);
        runner.setProperty(SparkPipelineSubmit.SPARK_SUBMITTER, "livy");
        runner.setProperty(SparkPipelineSubmit.POLL_INTERVAL, "0 sec");
    }

    @AfterEach
    void tearDown() {
        livy.close();
    }

    static String request(String runId) {
        return new RunRequest(runId, 1, null, "retail", "staging", "retail_sales_load", LocalDate.of(2026, 1, 5), Map.of(), "/data",
                "<pipeline id=\"retail_sales_load\"/>", null, null, null).toJson();
    }

    /** The FlowFiles routed to running, enqueued again as the running connection would (without the penalty). */
    private List<MockFlowFile> loopBack() {
        List<MockFlowFile> running = new ArrayList<>(runner.getFlowFilesForRelationship(SparkPipelineSubmit.REL_RUNNING));
        return running;
    }

    private void requeue(List<MockFlowFile> flowFiles) {
        for (MockFlowFile flowFile : flowFiles) {
            runner.enqueue(flowFile.toByteArray(), flowFile.getAttributes());
        }
    }

    private MockFlowFile submitOne(String runId) {
        runner.enqueue(request(runId), Map.of("datahub.run.id", runId));
        runner.run();
        runner.assertAllFlowFilesTransferred(SparkPipelineSubmit.REL_RUNNING, 1);
        MockFlowFile running = runner.getFlowFilesForRelationship(SparkPipelineSubmit.REL_RUNNING).get(0);
        assertTrue(running.isPenalized());
        runner.clearTransferState();
        return running;
    }

    @Test
    void submitsThenPollsOnALaterTriggerToSuccess() {
        MockFlowFile running = submitOne("retail_sales_load-2026-01-05-00000001");
        running.assertAttributeEquals("datahub.run.status", "SUBMITTED");
        running.assertAttributeEquals("datahub.submit.mode", "LIVY_BATCH");
        running.assertAttributeEquals("datahub.livy.batch.id", "0");
        running.assertAttributeExists("datahub.run.started");
        running.assertAttributeExists("datahub.poll.next");
        Submission submission = Submission.fromAttributeValue(running.getAttribute("datahub.submission"));
        assertEquals(SubmissionState.SUBMITTED, submission.state());
        assertEquals(List.of("POST /batches"), livy.targets(), "one request per submission, no waiting");

        requeue(List.of(running));
        runner.run();
        runner.assertAllFlowFilesTransferred(SparkPipelineSubmit.REL_SUCCESS, 1);
        MockFlowFile done = runner.getFlowFilesForRelationship(SparkPipelineSubmit.REL_SUCCESS).get(0);
        done.assertAttributeEquals("datahub.run.status", "SUCCEEDED");
        done.assertAttributeEquals("datahub.rows.read", "42");
        done.assertAttributeEquals("datahub.rows.written", "40");
        done.assertAttributeEquals("datahub.livy.batch.id", "0");
        done.assertAttributeExists("datahub.run.ended");
        done.assertAttributeNotExists("datahub.error.category");
        done.assertAttributeNotExists("datahub.poll.next");
        PipelineRunResult result = PipelineRunResult.fromJson(done.getContent());
        assertEquals(RunStatus.SUCCEEDED, result.status());
        assertEquals("retail_sales_load-2026-01-05-00000001", result.runId());
        Submission kept = Submission.fromAttributeValue(done.getAttribute("datahub.submission"));
        assertEquals(SubmissionState.SUCCEEDED, kept.state());
        assertNull(kept.result(), "the result is the content, not repeated in the attribute");
    }

    @Test
    void aDeadBatchGoesToFailureWithTheLogsReason() {
        livy.scriptBatches(name -> new BatchScript(List.of("starting", "dead"),
                List.of("stdout: ", "stdout: Error: Failed to load class io.datahub.spark.DatahubJob.")));
        MockFlowFile running = submitOne("retail_sales_load-2026-01-05-00000002");
        requeue(List.of(running));
        runner.run();
        runner.assertAllFlowFilesTransferred(SparkPipelineSubmit.REL_FAILURE, 1);
        MockFlowFile failed = runner.getFlowFilesForRelationship(SparkPipelineSubmit.REL_FAILURE).get(0);
        failed.assertAttributeEquals("datahub.run.status", "FAILED");
        failed.assertAttributeEquals("datahub.error.category", "INTERNAL");
        assertTrue(failed.getAttribute("datahub.error.message").contains("Failed to load class io.datahub.spark.DatahubJob"),
                failed.getAttribute("datahub.error.message"));
        failed.assertContentEquals(request("retail_sales_load-2026-01-05-00000002"));
    }

    @Test
    void aJobReportingFailureGoesToFailureWithItsCategoryAndResult() {
        livy.scriptBatches(name -> {
            PipelineRunResult failed = new PipelineRunResult(name, "retail", "staging", "retail_sales_load", "1.0.0", "2026-01-05",
                    RunStatus.FAILED, null, null, Map.of(), null, null, null, null, null, ErrorCategory.INPUT_NOT_FOUND,
                    "csv source 'sales_landing': no file matches landing/sales/*.csv");
            return new BatchScript(List.of("running", "dead"), List.of("stdout: " + failed.toLogLine()));
        });
        MockFlowFile running = submitOne("retail_sales_load-2026-01-05-00000003");
        running.assertAttributeEquals("datahub.run.status", "RUNNING");
        requeue(List.of(running));
        runner.run();
        MockFlowFile failed = runner.getFlowFilesForRelationship(SparkPipelineSubmit.REL_FAILURE).get(0);
        failed.assertAttributeEquals("datahub.error.category", "INPUT_NOT_FOUND");
        failed.assertAttributeEquals("datahub.error.message", "csv source 'sales_landing': no file matches landing/sales/*.csv");
        assertEquals(RunStatus.FAILED, PipelineRunResult.fromJson(failed.getContent()).status());
    }

    @Test
    void aServerErrorOnSubmitGoesToRetryAndTheRetrySubmitsOnce() {
        livy.failNext("POST", "/batches", 500, "{\"msg\":\"java.lang.OutOfMemoryError\"}");
        runner.enqueue(request("retail_sales_load-2026-01-05-00000004"));
        runner.run();
        runner.assertAllFlowFilesTransferred(SparkPipelineSubmit.REL_RETRY, 1);
        MockFlowFile retry = runner.getFlowFilesForRelationship(SparkPipelineSubmit.REL_RETRY).get(0);
        assertTrue(retry.isPenalized());
        retry.assertAttributeNotExists("datahub.submission");
        assertTrue(retry.getAttribute("datahub.error.message").contains("HTTP 500"), retry.getAttribute("datahub.error.message"));
        assertTrue(runner.getLogger().getErrorMessages().isEmpty(), "a transient failure is a warning");

        runner.clearTransferState();
        runner.enqueue(retry.toByteArray(), retry.getAttributes());
        runner.run();
        runner.assertAllFlowFilesTransferred(SparkPipelineSubmit.REL_RUNNING, 1);
        runner.getFlowFilesForRelationship(SparkPipelineSubmit.REL_RUNNING).get(0).assertAttributeNotExists("datahub.error.message");
        assertEquals(1, livy.batches().size());
    }

    @Test
    void livyDownGoesToRetry() {
        livy.stop();
        runner.enqueue(request("retail_sales_load-2026-01-05-00000005"));
        runner.run();
        runner.assertAllFlowFilesTransferred(SparkPipelineSubmit.REL_RETRY, 1);
    }

    @Test
    void aRefusedSubmissionGoesToFailure() {
        livy.failNext("POST", "/batches", 400, "{\"msg\":\"Local path /opt/job.jar cannot be added to user sessions.\"}");
        runner.enqueue(request("retail_sales_load-2026-01-05-00000006"));
        runner.run();
        runner.assertAllFlowFilesTransferred(SparkPipelineSubmit.REL_FAILURE, 1);
        MockFlowFile failed = runner.getFlowFilesForRelationship(SparkPipelineSubmit.REL_FAILURE).get(0);
        failed.assertAttributeEquals("datahub.error.category", "SUBMISSION_FAILED");
        assertTrue(failed.getAttribute("datahub.error.message").contains("cannot be added to user sessions"));
        assertEquals(1, runner.getLogger().getErrorMessages().size());
    }

    @Test
    void contentThatIsNotARunRequestGoesToFailure() {
        runner.enqueue("<pipeline id=\"x\"/>");
        runner.run();
        runner.assertAllFlowFilesTransferred(SparkPipelineSubmit.REL_FAILURE, 1);
        MockFlowFile failed = runner.getFlowFilesForRelationship(SparkPipelineSubmit.REL_FAILURE).get(0);
        failed.assertAttributeEquals("datahub.error.category", "CONFIGURATION");
        assertTrue(livy.targets().isEmpty());
    }

    @Test
    void aRunPastItsTimeoutIsCancelledAndFailsWithTimeout() {
        livy.scriptBatches(name -> new BatchScript(List.of("running"), List.of()));
        runner.setProperty(SparkPipelineSubmit.RUN_TIMEOUT, "2 hours");
        MockFlowFile running = submitOne("retail_sales_load-2026-01-05-00000007");
        requeue(List.of(running));
        runner.run();
        running = runner.getFlowFilesForRelationship(SparkPipelineSubmit.REL_RUNNING).get(0);
        runner.clearTransferState();

        // Two hours later (the submission's clock moved back, as the processor reads it from the attribute).
        Submission submission = Submission.fromAttributeValue(running.getAttribute("datahub.submission"));
        Submission old = new Submission(submission.runId(), submission.mode(), submission.externalId(), submission.sparkAppId(),
                submission.state(), submission.submittedAt().minus(Duration.ofHours(2)).minusSeconds(1), submission.updatedAt(),
                null, null, null);
        Map<String, String> attributes = new HashMap<>(running.getAttributes());
        attributes.put("datahub.submission", old.toAttributeValue());
        runner.enqueue(running.toByteArray(), attributes);
        runner.run();

        runner.assertAllFlowFilesTransferred(SparkPipelineSubmit.REL_FAILURE, 1);
        MockFlowFile failed = runner.getFlowFilesForRelationship(SparkPipelineSubmit.REL_FAILURE).get(0);
        failed.assertAttributeEquals("datahub.run.status", "FAILED");
        failed.assertAttributeEquals("datahub.error.category", "TIMEOUT");
        assertEquals("run retail_sales_load-2026-01-05-00000007 did not finish within 2 h of its submission; it was cancelled",
                failed.getAttribute("datahub.error.message"));
        assertTrue(livy.targets().contains("DELETE /batches/0"), livy.targets()::toString);
        assertEquals(SubmissionState.CANCELLED, Submission.fromAttributeValue(failed.getAttribute("datahub.submission")).state());
    }

    @Test
    void runsThatAreNotDueAreLeftInTheQueue() {
        runner.setProperty(SparkPipelineSubmit.POLL_INTERVAL, "1 hour");
        MockFlowFile running = submitOne("retail_sales_load-2026-01-05-00000008");
        requeue(List.of(running));
        runner.run();
        runner.assertTransferCount(SparkPipelineSubmit.REL_RUNNING, 0);
        runner.assertTransferCount(SparkPipelineSubmit.REL_SUCCESS, 0);
        assertEquals(1, runner.getQueueSize().getObjectCount());
        assertEquals(List.of("POST /batches"), livy.targets(), "not polled before its interval");
    }

    @Test
    void twoThreadsFollowAThousandRuns() {
        livy.scriptBatches(name -> new BatchScript(List.of("starting", "running", "success"),
                List.of("stdout: " + FakeLivyServer.result(name, RunStatus.SUCCEEDED).toLogLine())));
        runner.setThreadCount(2);
        runner.setProperty(SparkPipelineSubmit.BATCH_SIZE, "100");
        for (int i = 0; i < 1000; i++) {
            runner.enqueue(request(String.format("retail_sales_load-2026-01-05-%08d", i)));
        }
        Set<String> succeeded = new HashSet<>();
        int rounds = 0;
        while (succeeded.size() < 1000 && rounds++ < 20) {
            runner.run(12, true, rounds == 1);
            runner.assertTransferCount(SparkPipelineSubmit.REL_FAILURE, 0);
            runner.assertTransferCount(SparkPipelineSubmit.REL_RETRY, 0);
            runner.getFlowFilesForRelationship(SparkPipelineSubmit.REL_SUCCESS)
                    .forEach(f -> assertTrue(succeeded.add(f.getAttribute("datahub.run.id")), "succeeded twice"));
            List<MockFlowFile> running = loopBack();
            runner.clearTransferState();
            requeue(running);
        }
        assertEquals(1000, succeeded.size());
        assertEquals(0, runner.getQueueSize().getObjectCount(), "no FlowFile left behind");
        assertEquals(1000, livy.count("POST", "/batches"), "each run submitted exactly once");
        assertTrue(livy.batches().isEmpty(), "finished batches are deleted");
    }

    @Test
    void verifyChecksThatLivyAnswersAndReportsItUnreachable() {
        assertEquals(List.of("Livy connection SUCCESSFUL Livy at " + livy.url() + " answered GET /batches (0 batches)"),
                XmlPipelineLoaderTest.describe(runner.verify(Map.of())));
        assertEquals(List.of("GET /batches"), livy.targets(), "nothing submitted");

        livy.stop();
        assertEquals(List.of("Livy connection FAILED cannot reach Livy at " + livy.url() + " (GET /batches): ConnectException: could not connect (refused or unreachable)"),
                XmlPipelineLoaderTest.describe(runner.verify(Map.of())));
        assertEquals(1, runner.getLogger().getWarnMessages().size());
    }

    @Test
    void verifyChecksTheLauncherInstallationOfTheEnabledService(@TempDir Path tmp) throws Exception {
        Path sparkHome = Files.createDirectories(tmp.resolve("spark/bin"));
        Files.writeString(sparkHome.resolve("spark-submit"), "#!/bin/sh\n");
        Path jobJar = Files.writeString(tmp.resolve("job.jar"), "jar");
        TestRunner launcherRunner = TestRunners.newTestRunner(SparkPipelineSubmit.class);
        SparkLauncherSubmitterService launcher = new SparkLauncherSubmitterService();
        launcherRunner.addControllerService("launcher", launcher);
        launcherRunner.setProperty(launcher, SparkLauncherSubmitterService.SPARK_HOME, tmp.resolve("spark").toString());
        launcherRunner.setProperty(launcher, SparkLauncherSubmitterService.JOB_JAR, jobJar.toString());
        launcherRunner.setProperty(launcher, SparkLauncherSubmitterService.WORK_DIRECTORY, tmp.resolve("work").toString());
        launcherRunner.enableControllerService(launcher);
        launcherRunner.setProperty(SparkPipelineSubmit.SPARK_SUBMITTER, "launcher");
        assertEquals(List.of("Spark Home SUCCESSFUL found " + sparkHome.resolve("spark-submit"),
                "Java Home SKIPPED not set: spark-submit inherits NiFi's environment",
                "Job Jar SUCCESSFUL found " + jobJar,
                "Work Directory SUCCESSFUL " + tmp.resolve("work") + " is writable"), XmlPipelineLoaderTest.describe(launcherRunner.verify(Map.of())));

        Files.delete(jobJar);
        assertEquals("Job Jar FAILED the job jar " + jobJar + " does not exist", XmlPipelineLoaderTest.describe(launcherRunner.verify(Map.of())).get(2));
        launcherRunner.disableControllerService(launcher);
    }

    @Test
    void chainedFromTheLoaderAndIntoTheRecorderOnPostgresql() throws Exception {
        TestRunner loader = XmlPipelineLoaderTest.loader(XmlPipelineLoaderTest.SAMPLE_CONFIG, "30 sec");
        loader.enqueue(new byte[0], Map.of("datahub.app", "retail", "datahub.pipeline.id", "retail_reference_load"));
        loader.run();
        MockFlowFile loaded = loader.getFlowFilesForRelationship(XmlPipelineLoader.REL_VALID).get(0);
        String runId = loaded.getAttribute("datahub.run.id");

        runner.enqueue(loaded.toByteArray(), loaded.getAttributes());
        runner.run();
        MockFlowFile running = runner.getFlowFilesForRelationship(SparkPipelineSubmit.REL_RUNNING).get(0);
        String argument = livy.requests().get(0).json().get("args").get(1).asText();
        String json = new String(Base64.getDecoder().decode(argument.substring("base64:".length())), StandardCharsets.UTF_8);
        assertEquals(runId, RunRequest.fromJson(json).runId(), "the loader's run request is what Livy received");
        runner.clearTransferState();
        runner.enqueue(running.toByteArray(), running.getAttributes());
        runner.run();
        MockFlowFile done = runner.getFlowFilesForRelationship(SparkPipelineSubmit.REL_SUCCESS).get(0);

        TestRunner recorder = TestRunners.newTestRunner(RunRecorder.class);
        String schema = TestDatabase.newSchema();
        JdbcRunHistoryStore store = JobFlowTestSupport.addStore(recorder, TestDatabase.POSTGRESQL.url, schema);
        recorder.setProperty(RunRecorder.RUN_HISTORY_STORE, "store");
        try {
            recorder.enqueue(running.toByteArray(), running.getAttributes());
            recorder.enqueue(done.toByteArray(), done.getAttributes());
            recorder.run(2);
            recorder.assertAllFlowFilesTransferred(RunRecorder.REL_SUCCESS, 2);
            PipelineRunRecord row = store.find(runId, 1).orElseThrow();
            assertEquals(RunStatus.SUCCEEDED, row.status());
            assertEquals("retail_reference_load", row.pipelineId());
            assertEquals("LIVY_BATCH", row.submitMode());
            assertEquals(42L, row.rowsRead());
            assertEquals("PT30M", row.sla());
            assertEquals(1L, recorder.getCounterValue("datahub.runs.retail"));
        } finally {
            try {
                TestDatabase.POSTGRESQL.drop(schema);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
