package io.datahub.nifi.processors;

import static io.datahub.nifi.processors.JobFlowTestSupport.completion;
import static io.datahub.nifi.processors.JobFlowTestSupport.jobRequest;
import static io.datahub.nifi.processors.JobFlowTestSupport.jobRow;
import static io.datahub.nifi.processors.JobFlowTestSupport.only;
import static io.datahub.nifi.processors.JobFlowTestSupport.pipelineRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datahub.model.history.JobRunRecord;
import io.datahub.model.history.PipelineRunRecord;
import io.datahub.model.history.SlaStatus;
import io.datahub.model.run.ErrorCategory;
import io.datahub.model.run.RunRequest;
import io.datahub.model.run.RunStatus;
import io.datahub.model.testing.MutableClock;
import io.datahub.nifi.services.DriverManagerDbcpService;
import io.datahub.nifi.services.JdbcRunHistoryStore;
import io.datahub.nifi.services.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.util.LogMessage;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.slf4j.helpers.MessageFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * JobPipelineRunner on its own: the registry over the test config tree and run history on the real PostgreSQL; the
 * completions are what RunRecorder passes on (JobFlowSparkTest and JobPolicySparkTest run the real chain on Spark).
 */
class JobPipelineRunnerTest {

    private static final Instant T0 = Instant.parse("2026-01-16T03:30:00Z");

    @TempDir
    Path temp;

    private Path config;
    private Path data;
    private String schema;
    private MutableClock clock;
    private TestRunner runner;

    @BeforeEach
    void setUp() throws Exception {
        config = JobFlowTestSupport.copyConfig(temp);
        data = Files.createDirectories(temp.resolve("data"));
        schema = JobFlowTestSupport.newSchema();
        clock = new MutableClock(T0);
        runner = newRunner();
    }

    @AfterEach
    void dropSchema() {
        JobFlowTestSupport.drop(schema);
    }

    private TestRunner newRunner() throws Exception {
        JobPipelineRunner processor = new JobPipelineRunner();
        processor.clock = clock;
        return JobFlowTestSupport.jobRunner(processor, config, data, schema);
    }

    private List<MockFlowFile> pipelines() {
        return runner.getFlowFilesForRelationship(JobPipelineRunner.REL_PIPELINES);
    }

    private MockFlowFile pipeline(String pipelineId, int attempt) {
        return pipelines().stream().filter(f -> pipelineId.equals(f.getAttribute("datahub.pipeline.id"))
                && String.valueOf(attempt).equals(f.getAttribute("datahub.attempt"))).findFirst()
                .orElseThrow(() -> new AssertionError("no pipeline FlowFile " + pipelineId + " attempt " + attempt + " in " + pipelines()));
    }

    /** Starts chain_job for 2026-01-15 as job run "chain-1": copy_a attempt 1 is emitted. */
    private MockFlowFile startChain() {
        runner.enqueue(new byte[0], jobRequest("chain_job", "2026-01-15", "chain-1"));
        runner.run();
        return pipeline("copy_a", 1);
    }

    private void complete(MockFlowFile pipeline, String status, String category, String message) {
        runner.enqueue(new byte[0], completion(pipeline, status, category, message));
        runner.run();
    }

    @Test
    void aJobRequestEmitsTheRootPipelineWithTheLoadersContentAndAttributesPlusTheJobs() throws Exception {
        MockFlowFile out = startChain();
        runner.assertTransferCount(JobPipelineRunner.REL_PIPELINES, 1);
        only(runner, JobPipelineRunner.REL_ORIGINAL).assertAttributeEquals("datahub.job.run.id", "chain-1");

        // XmlPipelineLoader loading the same run from the same registry.
        TestRunner loader = TestRunners.newTestRunner(XmlPipelineLoader.class);
        JobFlowTestSupport.addServices(loader, config, data, TestDatabase.POSTGRESQL.url, schema);
        loader.setProperty(XmlPipelineLoader.PIPELINE_REGISTRY, "registry");
        Map<String, String> attributes = new HashMap<>();
        attributes.put("datahub.app", "demo");
        attributes.put("datahub.pipeline.id", "copy_a");
        attributes.put("datahub.run.id", "chain-1-copy_a-1");
        attributes.put("datahub.run.date", "2026-01-15");
        attributes.put("datahub.attempt", "1");
        attributes.put("datahub.job.run.id", "chain-1");
        attributes.put("datahub.param.region", "emea");
        attributes.put("datahub.param.since", "2026-01-14");
        loader.enqueue(new byte[0], attributes);
        loader.run();
        MockFlowFile loaded = only(loader, XmlPipelineLoader.REL_VALID);

        Map<String, String> expected = new HashMap<>(loaded.getAttributes());
        expected.remove("uuid");
        expected.put("datahub.job.id", "chain_job");
        expected.put("filename", "chain-1-copy_a-1.json");
        Map<String, String> actual = new HashMap<>(out.getAttributes());
        actual.remove("uuid");
        assertEquals(expected, actual);
        assertEquals(RunRequest.fromJson(loaded.getContent()), RunRequest.fromJson(out.getContent()));

        // What the attributes are, by hand.
        out.assertAttributeEquals("datahub.layer", "staging");
        out.assertAttributeEquals("datahub.pipeline.version", "1.0.0");
        out.assertAttributeEquals("datahub.sla", "PT30M");
        out.assertAttributeEquals("datahub.definition.file", config.resolve("applications/demo/staging/pipelines/copy_a.xml").toString());
        out.assertAttributeEquals("datahub.param.since", "2026-01-14");  // default today-1d, fixed to the run date
        assertEquals(data.toString(), RunRequest.fromJson(out.getContent()).dataRoot());

        JobRunRecord row = jobRow(schema, "chain-1");
        assertEquals(RunStatus.RUNNING, row.status());
        assertEquals("chain_job", row.jobId());
        assertEquals("2.1.0", row.jobVersion());
        assertEquals(LocalDate.of(2026, 1, 15), row.runDate());
        assertEquals(T0, row.startedAt());
        assertEquals(2, row.pipelinesTotal());
        assertEquals("PT1H", row.sla());
        assertEquals(1L, runner.getCounterValue(JobPipelineRunner.COUNTER_JOBS_STARTED));
    }

    @Test
    void aFailedJobRunEndsWithItsReportItsRowAndItsFailureAndCompletionNotifications() throws Exception {
        MockFlowFile a = startChain();
        runner.clearTransferState();
        clock.advance(Duration.ofMinutes(5));
        complete(a, "SUCCEEDED", null, null);
        MockFlowFile b = pipeline("copy_b", 1);
        runner.clearTransferState();
        clock.advance(Duration.ofMinutes(5));
        complete(b, "FAILED", "INPUT_NOT_FOUND", "path does not exist: landing/b/*.csv");

        MockFlowFile end = only(runner, JobPipelineRunner.REL_JOB_FAILED);
        runner.assertTransferCount(JobPipelineRunner.REL_JOB_COMPLETED, 0);
        runner.assertTransferCount(JobPipelineRunner.REL_PIPELINES, 0);
        end.assertAttributeEquals("datahub.app", "demo");
        end.assertAttributeEquals("datahub.job.id", "chain_job");
        end.assertAttributeEquals("datahub.job.version", "2.1.0");
        end.assertAttributeEquals("datahub.job.run.id", "chain-1");
        end.assertAttributeEquals("datahub.run.date", "2026-01-15");
        end.assertAttributeEquals("datahub.job.status", "FAILED");
        end.assertAttributeEquals("datahub.job.failed.pipelines", "copy_b");
        end.assertAttributeEquals("datahub.sla.status", "MET");  // 10 minutes of an hour
        end.assertAttributeEquals("mime.type", "application/json");
        JsonNode report = new ObjectMapper().readTree(end.getContent());
        assertEquals("FAILED", report.get("outcome").asText());
        assertEquals(1, report.get("counts").get("SUCCEEDED").asInt());
        assertEquals(1, report.get("counts").get("FAILED").asInt());
        assertEquals(0, report.get("counts").get("SKIPPED").asInt());
        assertEquals("copy_b", report.get("failedPipelines").get(0).get("pipelineId").asText());
        assertEquals("chain-1-copy_b-1", report.get("failedPipelines").get(0).get("runId").asText());
        assertEquals("[INPUT_NOT_FOUND] path does not exist: landing/b/*.csv", report.get("failedPipelines").get(0).get("reason").asText());
        assertEquals(600_000L, report.get("durationMs").asLong());

        List<MockFlowFile> notifications = runner.getFlowFilesForRelationship(JobPipelineRunner.REL_NOTIFICATIONS);
        assertEquals(2, notifications.size());
        MockFlowFile email = notifications.get(0);
        email.assertAttributeEquals("datahub.notify.channel", "email");
        email.assertAttributeEquals("datahub.notify.to", "ops@example.com");
        email.assertAttributeEquals("datahub.notify.event", "failure");
        email.assertAttributeEquals("datahub.notify.subject", "[Data Hub] chain_job (demo) 2026-01-15: FAILED; failed: copy_b");
        email.assertAttributeEquals("datahub.job.run.id", "chain-1");
        email.assertAttributeNotExists("datahub.notify.url");
        JsonNode body = new ObjectMapper().readTree(email.getContent());
        assertEquals("failure", body.get("event").asText());
        assertEquals("chain-1", body.get("jobRunId").asText());
        assertEquals("[INPUT_NOT_FOUND] path does not exist: landing/b/*.csv", body.get("failedPipelines").get(0).get("reason").asText());
        assertEquals("chain-1-copy_a-1", body.get("pipelines").get(0).get("runIds").get(0).asText());
        MockFlowFile webhook = notifications.get(1);
        webhook.assertAttributeEquals("datahub.notify.channel", "webhook");
        webhook.assertAttributeEquals("datahub.notify.event", "completion");
        webhook.assertAttributeEquals("datahub.notify.url.secret.ref", "chat_webhook");
        webhook.assertAttributeNotExists("datahub.notify.url");
        webhook.assertAttributeNotExists("datahub.notify.to");

        JobRunRecord row = jobRow(schema, "chain-1");
        assertEquals(RunStatus.FAILED, row.status());
        assertEquals(T0, row.startedAt());
        assertEquals(T0.plus(Duration.ofMinutes(10)), row.endedAt());
        assertEquals(600_000L, row.durationMs());
        assertEquals(1, row.succeeded());
        assertEquals(1, row.failed());
        assertEquals(Map.of("copy_b", "[INPUT_NOT_FOUND] path does not exist: landing/b/*.csv"), row.failedPipelines());
        assertEquals("copy_b failed", row.errorMessage());
        assertEquals(SlaStatus.MET, row.slaStatus());
        assertEquals(1L, runner.getCounterValue(JobPipelineRunner.COUNTER_JOBS_FAILED));
        assertTrue(runner.getLogger().getErrorMessages().stream().anyMatch(m -> m.getMsg().contains(
                "job chain_job (demo) run chain-1 for 2026-01-15: FAILED; failed: copy_b")), "a bulletin for the failed job");
        // The run is remembered as ended, no longer followed.
        assertEquals(Map.of("done.chain-1", "FAILED " + T0.plus(Duration.ofMinutes(10))),
                runner.getStateManager().getState(Scope.CLUSTER).toMap());
    }

    @Test
    void aSucceededJobRunGoesToJobCompletedAndNotifiesSuccessAndCompletion() {
        MockFlowFile a = startChain();
        runner.clearTransferState();
        complete(a, "SUCCEEDED", null, null);
        MockFlowFile b = pipeline("copy_b", 1);
        runner.clearTransferState();
        complete(b, "SUCCEEDED", null, null);
        only(runner, JobPipelineRunner.REL_JOB_COMPLETED).assertAttributeEquals("datahub.job.status", "SUCCEEDED");
        List<MockFlowFile> notifications = runner.getFlowFilesForRelationship(JobPipelineRunner.REL_NOTIFICATIONS);
        assertEquals(List.of("success", "completion"), notifications.stream().map(f -> f.getAttribute("datahub.notify.event")).toList());
        notifications.get(0).assertAttributeEquals("datahub.notify.to", "team@example.com");
        assertEquals(RunStatus.SUCCEEDED, jobRow(schema, "chain-1").status());
    }

    @Test
    void aRetryIsLaunchedByTheFirstTimerTriggerAfterItsDelay() {
        MockFlowFile a = startChain();
        runner.clearTransferState();
        complete(a, "FAILED", "INPUT_NOT_FOUND", "no file");  // retry after PT10M
        runner.assertTransferCount(JobPipelineRunner.REL_PIPELINES, 0);

        clock.advance(Duration.ofMinutes(9));
        runner.run();
        runner.assertTransferCount(JobPipelineRunner.REL_PIPELINES, 0);
        clock.advance(Duration.ofMinutes(1));
        runner.run();
        MockFlowFile retry = only(runner, JobPipelineRunner.REL_PIPELINES);
        retry.assertAttributeEquals("datahub.attempt", "2");
        retry.assertAttributeEquals("datahub.run.id", "chain-1-copy_a-2");
        assertEquals(2, RunRequest.fromJson(retry.getContent()).attempt());
        runner.clearTransferState();
        runner.run();
        runner.assertTransferCount(JobPipelineRunner.REL_PIPELINES, 0);
    }

    @Test
    void aDuplicateCompletionIsIgnoredCountedAndLoggedAtDebug() {
        MockFlowFile a = startChain();
        runner.clearTransferState();
        complete(a, "SUCCEEDED", null, null);
        runner.assertTransferCount(JobPipelineRunner.REL_PIPELINES, 1);
        runner.clearTransferState();

        complete(a, "SUCCEEDED", null, null);
        runner.assertAllFlowFilesTransferred(JobPipelineRunner.REL_ORIGINAL, 1);
        assertEquals(1L, runner.getCounterValue(JobPipelineRunner.COUNTER_DUPLICATES));
        // Debug messages are kept as logged: template and arguments.
        assertTrue(runner.getLogger().getDebugMessages().stream()
                .map(m -> MessageFormatter.arrayFormat(m.getMsg(), m.getArgs()).getMessage())
                .anyMatch(m -> m.contains("Duplicate completion of copy_a attempt 1 in job run chain-1 ignored")));
        assertTrue(runner.getLogger().getWarnMessages().isEmpty());
        assertTrue(runner.getLogger().getErrorMessages().isEmpty());
    }

    @Test
    void aCompletionOfAnUnknownJobRunGoesToFailureNamingIt() {
        MockFlowFile a = startChain();
        runner.clearTransferState();
        Map<String, String> stray = completion(a, "SUCCEEDED", null, null);
        stray.put("datahub.job.run.id", "chain-404");
        runner.enqueue(new byte[0], stray);
        runner.run();
        only(runner, JobPipelineRunner.REL_FAILURE).assertAttributeEquals("datahub.error.message", "job run chain-404 is not known to"
                + " this processor: it was never started here, or it ended more than the Ended Run Retention ago (completion of copy_a"
                + " attempt 1)");
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of(Map.of("datahub.job.id", "chain_job"), "attribute datahub.app is missing"),
                Arguments.of(Map.of("datahub.app", "demo"), "attribute datahub.job.id is missing"),
                Arguments.of(Map.of("datahub.app", "shop", "datahub.job.id", "chain_job"),
                        "application 'shop' is not in the pipeline registry (applications: demo)"),
                Arguments.of(Map.of("datahub.app", "demo", "datahub.job.id", "nightly"), "application 'demo' has no job 'nightly' (jobs:"
                        + " chain_job, continue_job, fallback_job, halt_job, retry_job, skip_job)"),
                Arguments.of(Map.of("datahub.app", "demo", "datahub.job.id", "chain_job", "datahub.run.date", "2026-02-30"),
                        "attribute datahub.run.date = '2026-02-30' is not a date (yyyy-MM-dd)"),
                Arguments.of(Map.of("datahub.app", "demo", "datahub.job.id", "chain_job", "datahub.run.due", "tomorrow"),
                        "attribute datahub.run.due = 'tomorrow' is not a time (an ISO-8601 instant such as 2026-01-05T06:00:00Z, or epoch"
                                + " milliseconds)"),
                Arguments.of(Map.of("datahub.app", "demo", "datahub.job.id", "chain_job", "datahub.param.since", "last week"),
                        "job 'chain_job': parameter 'since': 'last week' is not a date (expected yyyy-MM-dd, today, yesterday or today-Nd)"),
                Arguments.of(Map.of("datahub.job.run.id", "chain-1", "datahub.job.action", "stop"),
                        "attribute datahub.job.action = 'stop' is not an action (cancel)"),
                Arguments.of(Map.of("datahub.run.status", "SUCCEEDED", "datahub.pipeline.id", "copy_a"),
                        "attribute datahub.job.run.id is missing"),
                Arguments.of(Map.of("datahub.run.status", "RUNNING", "datahub.pipeline.id", "copy_a", "datahub.job.run.id", "chain-1"),
                        "attribute datahub.run.status = 'RUNNING' is not the end of a run (SUCCEEDED, FAILED or CANCELLED); only ended"
                                + " runs complete a pipeline of job run chain-1"));
    }

    @ParameterizedTest
    @MethodSource("badRequests")
    void badInputGoesToFailureWithAClearMessage(Map<String, String> attributes, String message) {
        runner.enqueue("keep me", attributes);
        runner.run();
        MockFlowFile refused = only(runner, JobPipelineRunner.REL_FAILURE);
        refused.assertAttributeEquals("datahub.error.message", message);
        refused.assertContentEquals("keep me");
        runner.assertTransferCount(JobPipelineRunner.REL_PIPELINES, 0);
        assertEquals(1, runner.getLogger().getErrorMessages().size(), "one bulletin");
    }

    @Test
    void anInvalidJobDefinitionIsRefusedWithEachErrorLocated() throws Exception {
        Path broken = config.resolve("applications/demo/staging/jobs/broken_job.xml");
        Files.writeString(broken, """
                <?xml version="1.0" encoding="UTF-8"?>
                <jobPipeline id="broken_job" version="1.0.0">
                  <pipelines>
                    <pipelineRef id="copy_a" dependsOn="copy_zzz"/>
                  </pipelines>
                </jobPipeline>
                """);
        runner.enqueue(new byte[0], jobRequest("broken_job", "2026-01-15", null));
        runner.run();
        String message = only(runner, JobPipelineRunner.REL_FAILURE).getAttribute("datahub.error.message");
        assertTrue(message.startsWith("job 'broken_job' of application 'demo' is not valid:\n" + broken + ":4:"), message);
        assertTrue(message.contains("copy_zzz"), message);
    }

    @Test
    void aJobWhosePipelineIsInvalidIsNotStarted() throws Exception {
        Path b = config.resolve("applications/demo/staging/pipelines/copy_b.xml");
        // Still a pipeline (the job stays valid), but its target reads a dataset that does not exist.
        Files.writeString(b, Files.readString(b).replace("<csv source=\"rows\"", "<csv source=\"nope\""));
        runner.enqueue(new byte[0], jobRequest("chain_job", "2026-01-15", "chain-1"));
        runner.run();
        String message = only(runner, JobPipelineRunner.REL_FAILURE).getAttribute("datahub.error.message");
        assertTrue(message.startsWith("job 'chain_job' of application 'demo' cannot run: " + b + ":"), message);
        assertTrue(message.contains("'nope'"), message);
        runner.assertTransferCount(JobPipelineRunner.REL_PIPELINES, 0);
        assertEquals(Map.of(), runner.getStateManager().getState(Scope.CLUSTER).toMap());
    }

    @Test
    void aPipelineThatStopsResolvingMidJobFailsItsAttemptAndThePolicyApplies() throws Exception {
        MockFlowFile a = startChain();
        runner.clearTransferState();
        Path b = config.resolve("applications/demo/staging/pipelines/copy_b.xml");
        Files.delete(b);
        complete(a, "SUCCEEDED", null, null);

        runner.assertTransferCount(JobPipelineRunner.REL_PIPELINES, 0);
        MockFlowFile end = only(runner, JobPipelineRunner.REL_JOB_FAILED);
        JsonNode failed = new ObjectMapper().readTree(end.getContent()).get("failedPipelines").get(0);
        assertEquals("copy_b", failed.get("pipelineId").asText());
        assertTrue(failed.get("reason").asText().startsWith("[CONFIGURATION] application 'demo' has no pipeline 'copy_b'"),
                failed.get("reason").asText());
        PipelineRunRecord row = pipelineRows(schema, "chain-1").stream().filter(r -> r.pipelineId().equals("copy_b")).findFirst()
                .orElseThrow();
        assertEquals(RunStatus.FAILED, row.status());
        assertEquals("chain-1-copy_b-1", row.runId());
        assertEquals(ErrorCategory.CONFIGURATION, row.errorCategory());
    }

    @Test
    void aNewProcessorOverTheSameStateResumesTheJobWithoutRunningAnythingTwice() throws Exception {
        MockFlowFile a = startChain();
        Map<String, String> state = runner.getStateManager().getState(Scope.CLUSTER).toMap();

        // NiFi restarts: a new instance, the cluster state kept.
        runner = newRunner();
        runner.getStateManager().setState(state, Scope.CLUSTER);
        runner.run();
        runner.assertTransferCount(JobPipelineRunner.REL_PIPELINES, 0);
        complete(a, "SUCCEEDED", null, null);
        MockFlowFile b = only(runner, JobPipelineRunner.REL_PIPELINES);
        b.assertAttributeEquals("datahub.run.id", "chain-1-copy_b-1");
        runner.clearTransferState();
        complete(a, "SUCCEEDED", null, null);  // copy_a again (e.g. replayed): nothing runs twice
        runner.assertTransferCount(JobPipelineRunner.REL_PIPELINES, 0);
        complete(b, "SUCCEEDED", null, null);
        only(runner, JobPipelineRunner.REL_JOB_COMPLETED);
    }

    @Test
    void runsOfOneJobForTwoRunDatesWaitForASlotAndEachHasItsOwnState() throws Exception {
        runner.enqueue(new byte[0], jobRequest("chain_job", "2026-01-14", "chain-14"));
        runner.enqueue(new byte[0], jobRequest("chain_job", "2026-01-15", "chain-15"));
        runner.run();
        MockFlowFile a14 = only(runner, JobPipelineRunner.REL_PIPELINES);
        a14.assertAttributeEquals("datahub.run.date", "2026-01-14");
        assertEquals(RunStatus.SUBMITTED, jobRow(schema, "chain-15").status());
        assertNull(jobRow(schema, "chain-15").startedAt());
        assertEquals(2, runner.getStateManager().getState(Scope.CLUSTER).toMap().size(), "one state entry per job run");

        runner.clearTransferState();
        complete(a14, "FAILED", "INPUT_NOT_FOUND", "no file");  // retry in 10 minutes: chain-14 still holds the slot
        runner.assertTransferCount(JobPipelineRunner.REL_PIPELINES, 0);
        cancel("chain-14");
        only(runner, JobPipelineRunner.REL_JOB_FAILED).assertAttributeEquals("datahub.job.status", "CANCELLED");
        MockFlowFile a15 = only(runner, JobPipelineRunner.REL_PIPELINES);
        a15.assertAttributeEquals("datahub.run.date", "2026-01-15");
        a15.assertAttributeEquals("datahub.run.id", "chain-15-copy_a-1");
        a15.assertAttributeEquals("datahub.param.since", "2026-01-14");
        assertEquals(RunStatus.RUNNING, jobRow(schema, "chain-15").status());
        assertEquals(RunStatus.CANCELLED, jobRow(schema, "chain-14").status());
    }

    @Test
    void withTwoSlotsBothRunDatesRunAtOnce() {
        runner.setProperty(JobPipelineRunner.MAX_CONCURRENT_RUNS, "2");
        runner.enqueue(new byte[0], jobRequest("chain_job", "2026-01-14", "chain-14"));
        runner.enqueue(new byte[0], jobRequest("chain_job", "2026-01-15", "chain-15"));
        runner.run();
        assertEquals(List.of("chain-14-copy_a-1", "chain-15-copy_a-1"), pipelines().stream().map(f -> f.getAttribute("datahub.run.id"))
                .sorted().toList());
    }

    private void cancel(String jobRunId) {
        runner.clearTransferState();
        runner.enqueue(new byte[0], Map.of("datahub.job.action", "cancel", "datahub.job.run.id", jobRunId));
        runner.run();
    }

    @Test
    void aRunDueLongerAgoThanItsSlaRaisesABulletinAndTheSlaBreachNotificationOnce() throws Exception {
        Instant due = T0.minus(Duration.ofHours(2));  // SLA PT1H: already breached when it arrives
        runner.enqueue(new byte[0], jobRequest("chain_job", "2026-01-15", "chain-1", "datahub.run.due", due.toString()));
        runner.run();

        MockFlowFile breach = only(runner, JobPipelineRunner.REL_NOTIFICATIONS);
        breach.assertAttributeEquals("datahub.notify.channel", "webhook");
        breach.assertAttributeEquals("datahub.notify.event", "slaBreach");
        breach.assertAttributeEquals("datahub.notify.url", "https://status.example.com/hooks/datahub");
        breach.assertAttributeEquals("datahub.notify.subject", "[Data Hub] chain_job (demo) 2026-01-15: SLA PT1H breached, still RUNNING");
        JsonNode body = new ObjectMapper().readTree(breach.getContent());
        assertEquals("slaBreach", body.get("event").asText());
        assertEquals(due.toString(), body.get("due").asText());
        assertEquals("BREACHED", body.get("slaStatus").asText());
        List<LogMessage> warnings = runner.getLogger().getWarnMessages();
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).getMsg().contains("Job run chain-1 of demo/chain_job for 2026-01-15 breached its SLA PT1H: still"
                + " RUNNING at " + T0 + " since " + due), warnings.get(0).getMsg());
        assertEquals(SlaStatus.BREACHED, jobRow(schema, "chain-1").slaStatus());
        assertEquals(1L, runner.getCounterValue(JobPipelineRunner.COUNTER_SLA_BREACHES));

        runner.clearTransferState();
        clock.advance(Duration.ofMinutes(1));
        runner.run();
        runner.assertTransferCount(JobPipelineRunner.REL_NOTIFICATIONS, 0);
    }

    @Test
    void aRunWaitingForASlotBreachesItsSlaBeforeItStarts() throws Exception {
        // chain-14 holds the slot; due half an hour later than chain-15, it is within its SLA when chain-15 breaches.
        runner.enqueue(new byte[0], jobRequest("chain_job", "2026-01-14", "chain-14", "datahub.run.due",
                T0.plus(Duration.ofMinutes(30)).toString()));
        runner.run();
        runner.clearTransferState();
        runner.enqueue(new byte[0], jobRequest("chain_job", "2026-01-15", "chain-15", "datahub.run.due", T0.toString()));
        runner.run();
        clock.advance(Duration.ofMinutes(61));
        runner.run();
        MockFlowFile breach = only(runner, JobPipelineRunner.REL_NOTIFICATIONS);
        breach.assertAttributeEquals("datahub.job.run.id", "chain-15");
        assertEquals("SUBMITTED", new ObjectMapper().readTree(breach.getContent()).get("outcome").asText());
        JobRunRecord row = jobRow(schema, "chain-15");
        assertEquals(RunStatus.SUBMITTED, row.status());
        assertEquals(SlaStatus.BREACHED, row.slaStatus());
    }

    @Test
    void whileTheRunHistoryIsDownRowsWaitInStateAndNothingIsLost() throws Exception {
        DriverManagerDbcpService pool = (DriverManagerDbcpService) runner.getControllerService("pool");
        JdbcRunHistoryStore store = (JdbcRunHistoryStore) runner.getControllerService("store");
        runner.disableControllerService(store);
        runner.disableControllerService(pool);
        runner.setProperty(pool, DriverManagerDbcpService.URL, TestDatabase.DOWN_URL);
        runner.enableControllerService(pool);
        runner.enableControllerService(store);

        MockFlowFile a = startChain();
        runner.clearTransferState();
        complete(a, "SUCCEEDED", null, null);
        MockFlowFile b = pipeline("copy_b", 1);
        runner.clearTransferState();
        complete(b, "SUCCEEDED", null, null);
        only(runner, JobPipelineRunner.REL_JOB_COMPLETED);
        assertFalse(runner.getLogger().getWarnMessages().isEmpty());
        // Ended, but kept: its row is not written yet.
        assertTrue(runner.getStateManager().getState(Scope.CLUSTER).toMap().containsKey("run.chain-1"));

        runner.disableControllerService(store);
        runner.disableControllerService(pool);
        runner.setProperty(pool, DriverManagerDbcpService.URL, TestDatabase.POSTGRESQL.url);
        runner.enableControllerService(pool);
        runner.enableControllerService(store);
        runner.clearTransferState();
        runner.run();
        assertEquals(RunStatus.SUCCEEDED, jobRow(schema, "chain-1").status());
        assertEquals(Map.of("done.chain-1", "SUCCEEDED " + T0), runner.getStateManager().getState(Scope.CLUSTER).toMap());
        runner.assertTransferCount(JobPipelineRunner.REL_JOB_COMPLETED, 0);
    }

    @Test
    void anOperatorCancelStopsLaunchesAndEndsTheRunOnceItsRunningPipelinesComplete() {
        MockFlowFile a = startChain();
        cancel("chain-1");
        runner.assertAllFlowFilesTransferred(JobPipelineRunner.REL_ORIGINAL, 1);
        runner.clearTransferState();
        complete(a, "SUCCEEDED", null, null);
        runner.assertTransferCount(JobPipelineRunner.REL_PIPELINES, 0);
        only(runner, JobPipelineRunner.REL_JOB_FAILED).assertAttributeEquals("datahub.job.status", "CANCELLED");
        PipelineRunRecord notRun = pipelineRows(schema, "chain-1").get(0);
        assertEquals("copy_b", notRun.pipelineId());
        assertEquals(RunStatus.CANCELLED, notRun.status());
    }

    @Test
    void aJobRunIdIsNotStartedTwice() {
        startChain();
        runner.clearTransferState();
        runner.enqueue(new byte[0], jobRequest("chain_job", "2026-01-15", "chain-1"));
        runner.run();
        only(runner, JobPipelineRunner.REL_FAILURE).assertAttributeEquals("datahub.error.message",
                "job run chain-1 is already running; it is not started again");
        runner.assertTransferCount(JobPipelineRunner.REL_PIPELINES, 0);
    }

    @Test
    void withoutARunDateTheRunIsForTodayInTheTimeZone() {
        clock.set("2026-03-01T23:30:00Z");
        runner.setProperty(JobPipelineRunner.TIME_ZONE, "Asia/Tokyo");  // already 2 March there
        runner.enqueue(new byte[0], jobRequest("chain_job", null, null));
        runner.run();
        MockFlowFile a = only(runner, JobPipelineRunner.REL_PIPELINES);
        a.assertAttributeEquals("datahub.run.date", "2026-03-02");
        a.assertAttributeEquals("datahub.param.since", "2026-03-01");
        assertTrue(a.getAttribute("datahub.job.run.id").matches("chain_job-2026-03-02-[0-9a-f]{8}"), a.getAttribute("datahub.job.run.id"));
    }

    @Test
    void verifyChecksTheDefinitionsTheStoreAndAJobRequestWithoutStartingAnything() throws Exception {
        List<String> results = XmlPipelineLoaderTest.describe(runner.verify(jobRequest("chain_job", "2026-01-15", null)));
        assertEquals("Validate definitions SUCCESSFUL", results.get(0).substring(0, "Validate definitions SUCCESSFUL".length()));
        assertTrue(results.get(1).startsWith("Database connection SUCCESSFUL connected to PostgreSQL"), results.get(1));
        assertTrue(results.get(2).startsWith("Run history tables SUCCESSFUL"), results.get(2));
        assertEquals("Job Request SUCCESSFUL job 'chain_job' of application 'demo' would start for 2026-01-15 with parameters"
                + " {region=emea, since=2026-01-14}: copy_a, copy_b; SLA PT1H", results.get(3));
        assertEquals(Map.of(), runner.getStateManager().getState(Scope.CLUSTER).toMap(), "nothing started");

        assertEquals("Job Request FAILED application 'demo' has no job 'nightly' (jobs: chain_job, continue_job, fallback_job, halt_job,"
                + " retry_job, skip_job)", XmlPipelineLoaderTest.describe(runner.verify(jobRequest("nightly", null, null))).get(3));
        assertEquals("Job Request SKIPPED give the attributes datahub.app and datahub.job.id (and any datahub.run.date, datahub.param.*)"
                + " to check that the job they name would start", XmlPipelineLoaderTest.describe(runner.verify(Map.of())).get(3));
    }

    @Test
    void aFlowOfTodayNeedsNoPropertyMigration() {
        var result = runner.migrateProperties();
        assertTrue(result.getPropertiesRenamed().isEmpty());
        assertTrue(result.getPropertiesRemoved().isEmpty());
        assertEquals(Map.of(), JobPipelineRunner.RENAMED_PROPERTIES);
    }
}
