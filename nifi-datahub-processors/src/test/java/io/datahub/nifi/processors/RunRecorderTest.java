package io.datahub.nifi.processors;

import io.datahub.nifi.services.TestDatabase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datahub.model.history.PipelineRunRecord;
import io.datahub.model.history.SlaStatus;
import io.datahub.model.run.ErrorCategory;
import io.datahub.model.run.PipelineRunResult;
import io.datahub.model.run.RunStatus;
import io.datahub.nifi.services.JdbcRunHistoryStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.nifi.provenance.ProvenanceEventRecord;
import org.apache.nifi.provenance.ProvenanceEventType;
import org.apache.nifi.util.LogMessage;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RunRecorderTest {

    private final List<Runnable> cleanup = new ArrayList<>();
    private TestRunner runner;
    private JdbcRunHistoryStore store;
    private String schema;

    @AfterEach
    void dropSchemas() {
        cleanup.forEach(Runnable::run);
    }

    private void setUp(TestDatabase database, String url) throws Exception {
        String schema = TestDatabase.newSchema();
        this.schema = schema;
        cleanup.add(() -> {
            try {
                database.drop(schema);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        runner = TestRunners.newTestRunner(RunRecorder.class);
        store = JobFlowTestSupport.addStore(runner, url, schema);
        runner.setProperty(RunRecorder.RUN_HISTORY_STORE, "store");
    }

    /** A run request as XmlPipelineLoader emits it for the sample pipeline retail_sales_load. */
    private static MockFlowFile loaded() throws Exception {
        TestRunner loader = XmlPipelineLoaderTest.loader(XmlPipelineLoaderTest.SAMPLE_CONFIG, "30 sec");
        loader.enqueue(new byte[0], Map.of("datahub.app", "retail", "datahub.pipeline.id", "retail_sales_load"));
        loader.run();
        loader.assertAllFlowFilesTransferred(XmlPipelineLoader.REL_VALID, 1);
        return loader.getFlowFilesForRelationship(XmlPipelineLoader.REL_VALID).get(0);
    }

    private static PipelineRunResult result(MockFlowFile run, RunStatus status, Instant start, Instant end, ErrorCategory category,
                                            String message) {
        return new PipelineRunResult(run.getAttribute("datahub.run.id"), "retail", "staging", "retail_sales_load", "1.0.0", "2026-01-05",
                status, start, end, Map.of("sales_landing", 1000L), status == RunStatus.SUCCEEDED ? Map.of("hive:staging.sales", 990L) : null,
                Map.of(), Map.of(), List.of(), List.of(), category, message);
    }

    private static Map<String, String> with(MockFlowFile flowFile, String... keysAndValues) {
        Map<String, String> attributes = new HashMap<>(flowFile.getAttributes());
        for (int i = 0; i < keysAndValues.length; i += 2) {
            attributes.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return attributes;
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void recordsARunFromTheLoaderThroughItsEnd(TestDatabase database) throws Exception {
        setUp(database, database.url);
        MockFlowFile run = loaded();
        String runId = run.getAttribute("datahub.run.id");
        Instant started = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);

        // Submitted: the content is still the run request; nothing final, so no counters.
        runner.enqueue(run.getContent(), with(run, "datahub.run.status", "SUBMITTED", "datahub.submit.mode", "LIVY_BATCH",
                "datahub.run.started", started.toString()));
        runner.run();
        runner.assertAllFlowFilesTransferred(RunRecorder.REL_SUCCESS, 1);
        runner.getFlowFilesForRelationship(RunRecorder.REL_SUCCESS).get(0).assertAttributeEquals("datahub.sla.status", "UNKNOWN");
        assertEquals(RunStatus.SUBMITTED, store.find(runId, 1).orElseThrow().status());
        assertNull(runner.getCounterValue(RunRecorder.COUNTER_RUNS));

        // Succeeded: the content is the run result (as SparkPipelineSubmit leaves it).
        runner.clearTransferState();
        Instant ended = started.plusSeconds(300);
        runner.enqueue(result(run, RunStatus.SUCCEEDED, started.plusSeconds(5), ended, null, null).toJson(),
                with(run, "datahub.run.status", "SUCCEEDED", "datahub.submit.mode", "LIVY_BATCH", "datahub.spark.app.id", "application_1_0001",
                        "datahub.run.started", started.toString(), "datahub.run.ended", ended.toString()));
        runner.run();
        runner.assertAllFlowFilesTransferred(RunRecorder.REL_SUCCESS, 1);
        runner.getFlowFilesForRelationship(RunRecorder.REL_SUCCESS).get(0).assertAttributeEquals("datahub.sla.status", "MET");

        PipelineRunRecord row = store.find(runId, 1).orElseThrow();
        assertEquals(RunStatus.SUCCEEDED, row.status());
        assertEquals("retail", row.app());
        assertEquals("staging", row.layer());
        assertEquals("1.0.0", row.pipelineVersion());
        assertEquals(LocalDate.of(2026, 1, 5), row.runDate());
        assertEquals("LIVY_BATCH", row.submitMode());
        assertEquals("application_1_0001", row.sparkAppId());
        assertEquals(1000L, row.rowsRead());
        assertEquals(Map.of("hive:staging.sales", 990L), row.rowsWritten());
        assertEquals(started.plusSeconds(5), row.startedAt());
        assertEquals(ended, row.endedAt());
        assertEquals(295_000L, row.durationMs());
        assertEquals("PT1H", row.sla());
        assertEquals(SlaStatus.MET, row.slaStatus());
        assertEquals(1, database.count("SELECT COUNT(*) FROM " + schema + ".pipeline_runs WHERE run_id = '" + runId + "'"));

        assertEquals(1L, runner.getCounterValue("datahub.runs"));
        assertEquals(1L, runner.getCounterValue("datahub.runs.retail"));
        assertNull(runner.getCounterValue("datahub.failures"));
        List<ProvenanceEventRecord> events = runner.getProvenanceEvents();
        assertEquals(2, events.size());
        assertEquals(ProvenanceEventType.ATTRIBUTES_MODIFIED, events.get(1).getEventType());
        assertEquals("run " + runId + " attempt 1: SUCCEEDED; rows read 1000; rows written {hive:staging.sales=990}; SLA MET",
                events.get(1).getDetails());
        assertTrue(runner.getLogger().getErrorMessages().isEmpty());
        assertTrue(runner.getLogger().getWarnMessages().isEmpty());
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aFailedRunRaisesAnErrorBulletinAndCountsAFailure(TestDatabase database) throws Exception {
        setUp(database, database.url);
        MockFlowFile run = loaded();
        String runId = run.getAttribute("datahub.run.id");
        Instant started = Instant.now().minusSeconds(60);
        runner.enqueue(result(run, RunStatus.FAILED, started, started.plusSeconds(20), ErrorCategory.INPUT_NOT_FOUND,
                        "csv source 'sales_landing': no file matches landing/sales/*.csv").toJson(),
                with(run, "datahub.run.status", "FAILED", "datahub.run.started", started.toString()));
        runner.run();

        runner.assertAllFlowFilesTransferred(RunRecorder.REL_SUCCESS, 1);
        PipelineRunRecord row = store.find(runId, 1).orElseThrow();
        assertEquals(RunStatus.FAILED, row.status());
        assertEquals(ErrorCategory.INPUT_NOT_FOUND, row.errorCategory());
        assertEquals("csv source 'sales_landing': no file matches landing/sales/*.csv", row.errorMessage());
        assertEquals(1L, runner.getCounterValue("datahub.failures"));
        assertEquals(1L, runner.getCounterValue("datahub.runs"));
        List<LogMessage> errors = runner.getLogger().getErrorMessages();
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).getMsg().contains(runId) && errors.get(0).getMsg().contains("INPUT_NOT_FOUND"), errors.get(0).getMsg());
        assertTrue(runner.getProvenanceEvents().get(0).getDetails().contains(
                "FAILED; rows read 1000; error INPUT_NOT_FOUND: csv source 'sales_landing': no file matches"), runner.getProvenanceEvents().get(0).getDetails());
    }

    @Test
    void aTimeoutWithoutResultIsRecordedFromTheAttributes() throws Exception {
        setUp(TestDatabase.POSTGRESQL, TestDatabase.POSTGRESQL.url);
        MockFlowFile run = loaded();
        String runId = run.getAttribute("datahub.run.id");
        Instant started = Instant.parse("2026-01-05T03:30:00Z");
        runner.enqueue(run.getContent(), with(run, "datahub.run.status", "FAILED", "datahub.error.category", "TIMEOUT",
                "datahub.error.message", "run did not finish within 2 hours; cancelled", "datahub.run.started", String.valueOf(started.toEpochMilli()),
                "datahub.run.ended", "2026-01-05T05:30:00Z"));
        runner.run();
        runner.assertAllFlowFilesTransferred(RunRecorder.REL_SUCCESS, 1);
        PipelineRunRecord row = store.find(runId, 1).orElseThrow();
        assertEquals(ErrorCategory.TIMEOUT, row.errorCategory());
        assertEquals(7_200_000L, row.durationMs());
        assertNull(row.rowsRead());
        assertEquals(SlaStatus.BREACHED, row.slaStatus());
        assertEquals(1L, runner.getCounterValue("datahub.sla.breaches"));
    }

    @Test
    void anSlaBreachRaisesAWarningBulletinMeasuredFromTheDueTime() throws Exception {
        setUp(TestDatabase.MARIADB, TestDatabase.MARIADB.url);
        MockFlowFile run = loaded();
        Instant due = Instant.parse("2026-01-05T03:30:00Z");
        Instant started = Instant.parse("2026-01-05T04:00:00Z");  // started late: within the SLA from its start, not from the due time
        Instant ended = Instant.parse("2026-01-05T04:45:00Z");
        runner.enqueue(result(run, RunStatus.SUCCEEDED, started, ended, null, null).toJson(),
                with(run, "datahub.run.status", "SUCCEEDED", "datahub.run.due", due.toString()));
        runner.run();

        MockFlowFile out = runner.getFlowFilesForRelationship(RunRecorder.REL_SUCCESS).get(0);
        out.assertAttributeEquals("datahub.sla.status", "BREACHED");
        assertEquals(SlaStatus.BREACHED, store.find(run.getAttribute("datahub.run.id"), 1).orElseThrow().slaStatus());
        assertEquals(1L, runner.getCounterValue("datahub.sla.breaches"));
        List<LogMessage> warnings = runner.getLogger().getWarnMessages();
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).getMsg().contains("breached its SLA PT1H"), warnings.get(0).getMsg());
        assertTrue(runner.getLogger().getErrorMessages().isEmpty());
    }

    @Test
    void aRunningRunPastItsSlaIsAlreadyBreachedButNotCounted() throws Exception {
        setUp(TestDatabase.POSTGRESQL, TestDatabase.POSTGRESQL.url);
        MockFlowFile run = loaded();
        runner.enqueue(run.getContent(), with(run, "datahub.run.status", "RUNNING",
                "datahub.run.started", Instant.now().minus(2, ChronoUnit.HOURS).toString()));
        runner.run();
        runner.getFlowFilesForRelationship(RunRecorder.REL_SUCCESS).get(0).assertAttributeEquals("datahub.sla.status", "BREACHED");
        assertEquals(1, runner.getLogger().getWarnMessages().size());
        assertNull(runner.getCounterValue("datahub.sla.breaches"));
        assertNull(store.find(run.getAttribute("datahub.run.id"), 1).orElseThrow().endedAt());
    }

    @Test
    void whenTheStoreIsDownTheFlowFileGoesToRetryIntactAndPenalized() throws Exception {
        setUp(TestDatabase.POSTGRESQL, TestDatabase.DOWN_URL);
        MockFlowFile run = loaded();
        Map<String, String> attributes = with(run, "datahub.run.status", "SUCCEEDED");
        String content = result(run, RunStatus.SUCCEEDED, Instant.now().minusSeconds(30), Instant.now(), null, null).toJson();
        runner.enqueue(content, attributes);
        runner.run();

        runner.assertAllFlowFilesTransferred(RunRecorder.REL_RETRY, 1);
        MockFlowFile retried = runner.getFlowFilesForRelationship(RunRecorder.REL_RETRY).get(0);
        retried.assertContentEquals(content);
        Map<String, String> expected = new HashMap<>(attributes);
        expected.remove("uuid");
        assertEquals(expected, withoutCoreAttributes(retried.getAttributes(), attributes));
        retried.assertAttributeNotExists("datahub.sla.status");
        assertTrue(retried.isPenalized());
        assertNull(runner.getCounterValue("datahub.runs"));
        assertTrue(runner.getProvenanceEvents().isEmpty());
        assertTrue(runner.getLogger().getWarnMessages().get(0).getMsg().contains("run history database unavailable"),
                runner.getLogger().getWarnMessages().get(0).getMsg());
    }

    @Test
    void missingAttributesGoToFailure() throws Exception {
        setUp(TestDatabase.POSTGRESQL, TestDatabase.POSTGRESQL.url);
        runner.enqueue(new byte[0], Map.of("datahub.run.id", "r1", "datahub.app", "retail", "datahub.pipeline.id", "p"));
        runner.enqueue(new byte[0], Map.of("datahub.run.status", "DONE", "datahub.run.id", "r1", "datahub.app", "retail",
                "datahub.pipeline.id", "p"));
        runner.enqueue(new byte[0], Map.of("datahub.run.status", "RUNNING", "datahub.app", "retail", "datahub.pipeline.id", "p"));
        runner.run(3);
        runner.assertAllFlowFilesTransferred(RunRecorder.REL_FAILURE, 3);
        List<String> reasons = runner.getFlowFilesForRelationship(RunRecorder.REL_FAILURE).stream()
                .map(f -> f.getAttribute("datahub.record.error")).toList();
        assertEquals("attribute datahub.run.status is missing", reasons.get(0));
        assertTrue(reasons.get(1).startsWith("attribute datahub.run.status = 'DONE' is not one of [SUBMITTED"), reasons.get(1));
        assertEquals("attribute datahub.run.id is missing", reasons.get(2));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void verifyReportsTheConnectionAndTheTablesOfTheEnabledStore(TestDatabase database) throws Exception {
        setUp(database, database.url);
        String product;
        try (Connection c = DriverManager.getConnection(database.url)) {
            product = c.getMetaData().getDatabaseProductName() + " " + c.getMetaData().getDatabaseProductVersion();
        }
        assertEquals(List.of("Database connection SUCCESSFUL connected to " + product,
                "Run history tables SUCCESSFUL " + schema + ".pipeline_runs and " + schema + ".job_runs exist with all their columns"),
                XmlPipelineLoaderTest.describe(runner.verify(Map.of())));

        // Dropped while the store is enabled: it created them once and does not again, so writes would fail.
        database.execute("DROP TABLE " + schema + ".job_runs");
        assertEquals(List.of("Database connection SUCCESSFUL connected to " + product,
                "Run history tables FAILED run history is not set up in schema " + schema + ": missing table " + schema + ".job_runs"),
                XmlPipelineLoaderTest.describe(runner.verify(Map.of())));
    }

    @Test
    void verifyReportsAStoreThatIsDownWithTheCause() throws Exception {
        setUp(TestDatabase.POSTGRESQL, TestDatabase.DOWN_URL);
        assertEquals(List.of("Database connection FAILED cannot connect: cannot get a connection from the pool: Connection to 127.0.0.1:1"
                        + " refused. Check that the hostname and port are correct and that the postmaster is accepting TCP/IP connections.",
                "Run history tables SKIPPED no connection to the database"), XmlPipelineLoaderTest.describe(runner.verify(Map.of())));
    }

    private static Map<String, String> withoutCoreAttributes(Map<String, String> actual, Map<String, String> expected) {
        Map<String, String> filtered = new HashMap<>(actual);
        filtered.keySet().retainAll(expected.keySet());
        filtered.remove("uuid");  // enqueue gives the FlowFile its own
        return filtered;
    }
}
