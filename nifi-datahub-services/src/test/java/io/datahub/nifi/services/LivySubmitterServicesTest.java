package io.datahub.nifi.services;

import io.datahub.submit.livy.FakeLivyServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.datahub.model.run.RunRequest;
import io.datahub.model.run.RunStatus;
import io.datahub.submit.SparkSubmitter;
import io.datahub.submit.Submission;
import io.datahub.submit.SubmissionState;
import io.datahub.submit.SubmitMode;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.util.LogMessage;
import org.apache.nifi.util.NoOpProcessor;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LivySubmitterServicesTest {

    static final String JOB_JAR = "hdfs:///apps/datahub/datahub-spark-job.jar";
    static final String SECRET = "Sup3r-S3cret!x";

    private FakeLivyServer livy;
    private TestRunner runner;

    @BeforeEach
    void setUp() throws Exception {
        livy = new FakeLivyServer();
        runner = TestRunners.newTestRunner(NoOpProcessor.class);
    }

    @AfterEach
    void tearDown() {
        livy.close();
    }

    static RunRequest request(String runId) {
        return new RunRequest(runId, 1, null, "retail", "staging", "retail_sales_load", LocalDate.of(2026, 1, 5),
                Map.of(), "/data", "<pipeline id=\"retail_sales_load\"/>", null, null, null);
    }

    private <T extends AbstractLivySubmitterService> T add(T service) throws Exception {
        runner.addControllerService("livy", service);
        runner.setProperty(service, AbstractLivySubmitterService.LIVY_URL, livy.url().toString());
        runner.setProperty(service, AbstractLivySubmitterService.JOB_JAR, JOB_JAR);
        runner.setProperty(service, AbstractLivySubmitterService.DRIVER_MEMORY, "1g");
        runner.setProperty(service, AbstractLivySubmitterService.EXECUTOR_MEMORY, "2g");
        runner.setProperty(service, AbstractLivySubmitterService.EXECUTOR_CORES, "2");
        runner.setProperty(service, AbstractLivySubmitterService.NUM_EXECUTORS, "3");
        runner.setProperty(service, AbstractLivySubmitterService.QUEUE, "etl");
        runner.setProperty(service, AbstractLivySubmitterService.PROXY_USER, "etl_user");
        runner.setProperty(service, AbstractLivySubmitterService.REQUEST_TIMEOUT, "5 sec");
        runner.setProperty(service, "spark.sql.shuffle.partitions", "8");
        runner.setProperty(service, "secret.db.password", SECRET);
        return service;
    }

    @Test
    void batchServiceSubmitsWithEverySettingAndFollowsTheRun() throws Exception {
        LivyBatchSubmitterService service = add(new LivyBatchSubmitterService());
        runner.setProperty(service, AbstractLivySubmitterService.AUTHENTICATION, "BASIC");
        runner.setProperty(service, AbstractLivySubmitterService.USERNAME, "nifi");
        runner.setProperty(service, AbstractLivySubmitterService.PASSWORD, "pw");
        livy.requireBasicAuth("nifi", "pw");
        runner.assertValid(service);
        runner.enableControllerService(service);

        SparkSubmitter submitter = service.submitter();
        Submission submission = submitter.submit(request("retail_sales_load-2026-01-05-0001"));
        assertEquals(SubmitMode.LIVY_BATCH, submission.mode());
        JsonNode batch = livy.requests().get(0).json();
        assertEquals(JOB_JAR, batch.get("file").asText());
        assertEquals("retail_sales_load-2026-01-05-0001", batch.get("name").asText());
        assertEquals("1g", batch.get("driverMemory").asText());
        assertEquals("2g", batch.get("executorMemory").asText());
        assertEquals(2, batch.get("executorCores").asInt());
        assertEquals(3, batch.get("numExecutors").asInt());
        assertEquals("etl", batch.get("queue").asText());
        assertEquals("etl_user", batch.get("proxyUser").asText());
        assertEquals("8", batch.get("conf").get("spark.sql.shuffle.partitions").asText());
        assertEquals(SECRET, batch.get("conf").get("spark.datahub.secret.db.password").asText());

        Submission done = submitter.poll(submission);
        assertEquals(SubmissionState.SUCCEEDED, done.state());
        assertEquals(RunStatus.SUCCEEDED, done.result().status());

        for (LogMessage message : runner.getControllerServiceLogger("livy").getInfoMessages()) {
            assertFalse(message.getMsg().contains(SECRET) || message.getMsg().contains("pw"), message.getMsg());
        }
    }

    @Test
    void batchServiceVerifiesByListingBatches() throws Exception {
        LivyBatchSubmitterService service = add(new LivyBatchSubmitterService());
        List<ConfigVerificationResult> results = runner.verify(service, Map.of());
        assertEquals(1, results.size());
        assertEquals(Outcome.SUCCESSFUL, results.get(0).getOutcome(), results::toString);
        assertEquals("GET /batches", livy.targets().get(0));

        livy.stop();
        List<ConfigVerificationResult> down = runner.verify(service, Map.of());
        assertEquals(Outcome.FAILED, down.get(0).getOutcome());
        assertTrue(down.get(0).getExplanation().startsWith("cannot reach Livy at " + livy.url()), down.get(0).getExplanation());
    }

    @Test
    void verifyReportsRefusedCredentials() throws Exception {
        LivyBatchSubmitterService service = add(new LivyBatchSubmitterService());
        runner.setProperty(service, AbstractLivySubmitterService.AUTHENTICATION, "BASIC");
        runner.setProperty(service, AbstractLivySubmitterService.USERNAME, "nifi");
        runner.setProperty(service, AbstractLivySubmitterService.PASSWORD, "wrong");
        livy.requireBasicAuth("nifi", "pw");
        List<ConfigVerificationResult> results = runner.verify(service, Map.of());
        assertEquals(Outcome.FAILED, results.get(0).getOutcome());
        assertTrue(results.get(0).getExplanation().contains("HTTP 401"), results.get(0).getExplanation());
    }

    @Test
    void sessionServiceRunsOnAPooledSessionAndDeletesThePoolWhenDisabled() throws Exception {
        LivySessionSubmitterService service = add(new LivySessionSubmitterService());
        runner.setProperty(service, LivySessionSubmitterService.SESSION_POOL_SIZE, "1");
        runner.setProperty(service, LivySessionSubmitterService.SESSION_IDLE_TIMEOUT, "5 min");
        runner.setProperty(service, LivySessionSubmitterService.SESSION_NAME_PREFIX, "nifi-test");
        runner.assertValid(service);
        assertEquals(Outcome.SUCCESSFUL, runner.verify(service, Map.of()).get(0).getOutcome());
        assertEquals("GET /sessions", livy.targets().get(0));
        runner.enableControllerService(service);

        SparkSubmitter submitter = service.submitter();
        Submission submission = submitter.submit(request("retail_sales_load-2026-01-05-0002"));
        assertEquals(SubmitMode.LIVY_SESSION, submission.mode());
        JsonNode session = livy.requests().get(1).json();
        assertEquals("nifi-test-0", session.get("name").asText());
        assertEquals(JOB_JAR, session.get("jars").get(0).asText());
        assertEquals(SECRET, session.get("conf").get("spark.datahub.secret.db.password").asText());
        assertEquals("8", session.get("conf").get("spark.sql.shuffle.partitions").asText());

        // A starting session is asked for its state at most every 2 s; the statement then ends after one GET.
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!submission.isFinal() && System.nanoTime() < deadline) {
            submission = submitter.poll(submission);
            if (!submission.isFinal()) {
                Thread.sleep(100);
            }
        }
        assertEquals(SubmissionState.SUCCEEDED, submission.state(), submission::toString);

        runner.disableControllerService(service);
        assertTrue(livy.targets().contains("DELETE /sessions/0"), livy.targets()::toString);
        assertThrows(IllegalStateException.class, service::submitter);
    }

    @Test
    void dynamicPropertiesOtherThanSparkConfAndSecretsAreInvalid() throws Exception {
        LivyBatchSubmitterService service = add(new LivyBatchSubmitterService());
        runner.setProperty(service, "fs.defaultFS", "hdfs://nn");
        runner.assertNotValid(service);
        runner.removeProperty(service, "fs.defaultFS");
        runner.assertValid(service);
        runner.setProperty(service, "spark.datahub.secret.db.password", "plain");
        runner.assertNotValid(service);
        runner.removeProperty(service, "spark.datahub.secret.db.password");
        runner.setProperty(service, "secret.", "x");
        runner.assertNotValid(service);
    }

    @Test
    void secretPropertiesAreSensitiveAndBasicAuthNeedsItsCredentials() throws Exception {
        LivyBatchSubmitterService service = add(new LivyBatchSubmitterService());
        assertTrue(service.getPropertyDescriptor("secret.db.password").isSensitive());
        assertFalse(service.getPropertyDescriptor("spark.sql.shuffle.partitions").isSensitive());
        assertTrue(AbstractLivySubmitterService.PASSWORD.isSensitive());
        runner.setProperty(service, AbstractLivySubmitterService.AUTHENTICATION, "BASIC");
        runner.assertNotValid(service);
    }

    @Test
    void refusesAUrlThatIsNotHttp() throws Exception {
        LivyBatchSubmitterService service = add(new LivyBatchSubmitterService());
        runner.setProperty(service, AbstractLivySubmitterService.LIVY_URL, "ftp://livy:8998");
        runner.assertNotValid(service);
    }
}
