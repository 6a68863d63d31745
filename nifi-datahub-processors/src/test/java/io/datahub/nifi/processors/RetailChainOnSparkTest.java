package io.datahub.nifi.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.datahub.model.history.PipelineRunRecord;
import io.datahub.model.history.SlaStatus;
import io.datahub.model.run.ErrorCategory;
import io.datahub.model.run.PipelineRunResult;
import io.datahub.model.run.RunStatus;
import io.datahub.nifi.services.JdbcRunHistoryStore;
import io.datahub.nifi.services.TestDatabase;
import io.datahub.submit.Submission;
import io.datahub.submit.SubmitMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.provenance.ProvenanceEventRecord;
import org.apache.nifi.provenance.ProvenanceEventType;
import org.apache.nifi.util.LogMessage;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The retail sample application through the bundle as a NiFi flow runs it: ListFile/FetchFile-like FlowFiles of the
 * config tree's definitions into XmlPipelineLoader, its {@code valid} output into SparkPipelineSubmit, whose {@code running}
 * output loops back until the run ends, and the outcome into RunRecorder; each processor a TestRunner fed with the
 * FlowFiles (content and attributes) the previous one emitted.
 *
 * <p>The submitter is SparkLauncherSubmitterService: the real job jar on real Spark in local mode, through the SPARK_HOME
 * datahub-submit's build assembles (reused by path, see this module's pom), on a JDK 17-21. Each run is its own Spark
 * application; their Hive catalog is a Derby metastore under the test's folder. Derby is single-writer, so the pipelines
 * run one after another in the order of job retail_daily (staging, standardization, service). The outputs are compared
 * with {@code src-test-data/expected/} (computed there independently, by Python); row counts are derived in
 * {@code src-test-data/README.md}. The recorder writes the runs to the real PostgreSQL and the real MariaDB.
 */
class RetailChainOnSparkTest {

    static final LocalDate RUN_DATE = LocalDate.of(2026, 1, 15);
    /** Far above a run's few seconds to a minute on a busy machine; the loop polls, it does not wait this long. */
    static final long RUN_DEADLINE_MILLIS = 5 * 60_000;

    /** The pipelines of the chain, in job order, with their layer and SLA (from their definitions). */
    record Pipeline(String id, String layer, String sla) {
    }

    static final List<Pipeline> CHAIN = List.of(
            new Pipeline("retail_sales_load", "staging", "PT1H"),
            new Pipeline("retail_reference_load", "staging", "PT30M"),
            new Pipeline("retail_sales_standardize", "standardization", "PT1H"),
            new Pipeline("retail_top_sales_per_city", "service", "PT30M"));

    /** One pipeline run through the loader and the submitter: what each emitted. */
    record Chained(Pipeline pipeline, MockFlowFile loaded, MockFlowFile firstRunning, MockFlowFile outcome, Relationship relationship) {
    }

    @TempDir
    static Path temp;

    static Path data;
    static TestRunner loader;
    static TestRunner submit;
    static final Map<String, Chained> RUNS = new LinkedHashMap<>();
    /** retail_sales_load run before the inputs were seeded: its landing file is missing. */
    static Chained missingInput;

    @BeforeAll
    static void runTheChainOnSpark() throws Exception {
        data = Files.createDirectories(temp.resolve("data"));
        Path catalog = temp.resolve("catalog");
        loader = XmlPipelineLoaderTest.loader(XmlPipelineLoaderTest.SAMPLE_CONFIG, "30 sec", data.toString(), RUN_DATE.toString());

        // The Hive catalog the pipelines' hive sources and targets use, shared by the runs (a cluster has its metastore).
        submit = SparkFlowTestSupport.sparkSubmit(temp.resolve("work"), SparkFlowTestSupport.smallRunsWithHive(catalog), Map.of());
        submit.setProperty(SparkPipelineSubmit.POLL_INTERVAL, "500 ms");

        missingInput = chain(CHAIN.get(0));
        SparkFlowTestSupport.seedInputs("retail", data);
        for (Pipeline pipeline : CHAIN) {
            RUNS.put(pipeline.id(), chain(pipeline));
        }
    }

    @AfterAll
    static void stopTheSubmitter() {
        SparkFlowTestSupport.stop(submit);  // kills a run still followed after a failed assertion
    }

    /** The definition file, as FetchFile delivers it after ListFile: its content, filename and absolute.path. */
    static MockFlowFile load(Pipeline pipeline) throws IOException {
        Path file = XmlPipelineLoaderTest.SAMPLE_CONFIG.resolve("applications/retail").resolve(pipeline.layer())
                .resolve("pipelines").resolve(pipeline.id() + ".xml");
        loader.clearTransferState();
        loader.enqueue(Files.readAllBytes(file), XmlPipelineLoaderTest.fileAttributes(file));
        loader.run();
        loader.assertAllFlowFilesTransferred(XmlPipelineLoader.REL_VALID, 1);
        return loader.getFlowFilesForRelationship(XmlPipelineLoader.REL_VALID).get(0);
    }

    /**
     * Loader, then submitter: the loader's FlowFile is enqueued into the submitter, and each FlowFile it routes to running
     * is enqueued again (the self-loop of a flow) until the run leaves running. Between triggers the test waits only
     * until the looped FlowFile is due (Polling Interval, datahub.poll.next), as NiFi's scheduler does with the penalty.
     */
    static Chained chain(Pipeline pipeline) throws Exception {
        MockFlowFile loaded = load(pipeline);
        submit.clearTransferState();
        submit.enqueue(loaded.toByteArray(), loaded.getAttributes());
        MockFlowFile firstRunning = null;
        long deadline = System.currentTimeMillis() + RUN_DEADLINE_MILLIS;
        while (true) {
            submit.run();
            submit.assertTransferCount(SparkPipelineSubmit.REL_RETRY, 0);
            for (Relationship outcome : List.of(SparkPipelineSubmit.REL_SUCCESS, SparkPipelineSubmit.REL_FAILURE)) {
                List<MockFlowFile> ended = submit.getFlowFilesForRelationship(outcome);
                if (!ended.isEmpty()) {
                    assertEquals(1, ended.size());
                    assertEquals(0, submit.getQueueSize().getObjectCount(), "no FlowFile left behind");
                    assertNotNull(firstRunning, pipeline.id() + ": a run is followed through running, never waited for");
                    return new Chained(pipeline, loaded, firstRunning, ended.get(0), outcome);
                }
            }
            List<MockFlowFile> running = submit.getFlowFilesForRelationship(SparkPipelineSubmit.REL_RUNNING);
            long dueAt;
            if (running.isEmpty()) {
                // The queued FlowFile was not due yet: the processor left it queued and yielded.
                assertEquals(1, submit.getQueueSize().getObjectCount());
                assertTrue(submit.isYieldCalled());
                dueAt = System.currentTimeMillis() + 50;
            } else {
                assertEquals(1, running.size());
                MockFlowFile looped = running.get(0);
                assertTrue(looped.isPenalized(), "running is penalized");
                if (firstRunning == null) {
                    firstRunning = looped;
                }
                submit.clearTransferState();
                submit.enqueue(looped.toByteArray(), looped.getAttributes());
                dueAt = Long.parseLong(looped.getAttribute(SparkPipelineSubmit.NEXT_POLL));
            }
            if (System.currentTimeMillis() > deadline) {
                fail(pipeline.id() + ": still running after " + RUN_DEADLINE_MILLIS + " ms: " + (running.isEmpty() ? "" : running.get(0).getAttributes()));
            }
            long wait = dueAt - System.currentTimeMillis();
            if (wait > 0) {
                Thread.sleep(wait);  // time has to pass before the run is due again; the processor itself never waits
            }
        }
    }

    private static Chained run(String pipelineId) {
        return RUNS.get(pipelineId);
    }

    private static Path layerFolder(String layer) {
        return data.resolve("applications").resolve("retail").resolve(layer);
    }

    /** What the job reported: the success FlowFile's content. */
    private static PipelineRunResult result(Chained chained) {
        return PipelineRunResult.fromJson(chained.outcome().getContent());
    }

    @Test
    void everyPipelineSucceedsWithItsRowCountsInTheResultAndTheAttributes() throws IOException {
        // Rows from src-test-data/README.md: 54 sales lines, 50 distinct sale_ids; 10 customers, 8 products;
        // 50 staged sales - 2 filtered (T0046, T0047) - 3 quarantined (T0048-T0050) = 45 valid, 3 rejects;
        // 45 sales in 15 (city, day) groups, exported and published.
        Map<String, Map<String, Long>> read = Map.of(
                "retail_sales_load", Map.of("sales_landing", 54L),
                "retail_reference_load", Map.of("customers", 10L, "products", 8L),
                "retail_sales_standardize", Map.of("sales", 50L, "products", 8L),
                "retail_top_sales_per_city", Map.of("sales", 45L));
        Map<String, Map<String, Long>> written = Map.of(
                "retail_sales_load", Map.of("hive staging.sales", 50L),
                "retail_reference_load", Map.of("hive staging.customers", 10L, "hive staging.products", 8L),
                "retail_sales_standardize", Map.of("hive standardization.sales", 45L, "csv rejects/sales/%Y/%m/%d", 3L),
                "retail_top_sales_per_city", Map.of("csv exports/top_sales_per_city/%Y/%m/%d", 15L, "hive service.top_sales_per_city", 15L));
        Map<String, String> readTotal = Map.of("retail_sales_load", "54", "retail_reference_load", "18",
                "retail_sales_standardize", "58", "retail_top_sales_per_city", "45");
        Map<String, String> writtenTotal = Map.of("retail_sales_load", "50", "retail_reference_load", "18",
                "retail_sales_standardize", "48", "retail_top_sales_per_city", "30");

        for (Pipeline pipeline : CHAIN) {
            Chained chained = run(pipeline.id());
            MockFlowFile done = chained.outcome();
            assertEquals(SparkPipelineSubmit.REL_SUCCESS, chained.relationship(),
                    () -> pipeline.id() + ": " + done.getAttribute("datahub.error.category") + " " + done.getAttribute("datahub.error.message"));
            String runId = chained.loaded().getAttribute("datahub.run.id");
            assertTrue(runId.matches(pipeline.id() + "-2026-01-15-[0-9a-f]{8}"), runId);

            PipelineRunResult result = result(chained);
            assertEquals(RunStatus.SUCCEEDED, result.status());
            assertEquals(runId, result.runId());
            assertEquals(read.get(pipeline.id()), result.rowsRead(), pipeline.id() + ": rows read");
            assertEquals(written.get(pipeline.id()), result.rowsWritten(), pipeline.id() + ": rows written");

            // The loader's attributes travel through; the submitter adds the run's state.
            done.assertAttributeEquals("datahub.app", "retail");
            done.assertAttributeEquals("datahub.layer", pipeline.layer());
            done.assertAttributeEquals("datahub.pipeline.id", pipeline.id());
            done.assertAttributeEquals("datahub.pipeline.version", "1.0.0");
            done.assertAttributeEquals("datahub.run.id", runId);
            done.assertAttributeEquals("datahub.run.date", "2026-01-15");
            done.assertAttributeEquals("datahub.attempt", "1");
            done.assertAttributeEquals("datahub.sla", pipeline.sla());
            done.assertAttributeEquals("datahub.run.status", "SUCCEEDED");
            done.assertAttributeEquals("datahub.submit.mode", "SPARK_LAUNCHER");
            done.assertAttributeEquals("datahub.rows.read", readTotal.get(pipeline.id()));
            done.assertAttributeEquals("datahub.rows.written", writtenTotal.get(pipeline.id()));
            done.assertAttributeEquals("mime.type", "application/json");
            assertTrue(done.getAttribute("datahub.spark.app.id").matches("local-\\d+"), done.getAttribute("datahub.spark.app.id"));
            done.assertAttributeNotExists("datahub.error.category");
            done.assertAttributeNotExists("datahub.error.message");
            done.assertAttributeNotExists("datahub.poll.next");
            done.assertAttributeNotExists("datahub.livy.batch.id");
            Instant started = Instant.parse(done.getAttribute("datahub.run.started"));
            Instant ended = Instant.parse(done.getAttribute("datahub.run.ended"));
            assertTrue(!ended.isBefore(started), started + " .. " + ended);
            Submission kept = Submission.fromAttributeValue(done.getAttribute("datahub.submission"));
            assertEquals(SubmitMode.SPARK_LAUNCHER, kept.mode());
            assertEquals(runId, kept.runId());
            assertEquals(temp.resolve("work").resolve(runId).toString(), kept.externalId(), "the run's work folder");

            MockFlowFile running = chained.firstRunning();
            assertTrue(Set.of("SUBMITTED", "RUNNING").contains(running.getAttribute("datahub.run.status")),
                    running.getAttribute("datahub.run.status"));
            running.assertAttributeEquals("datahub.run.id", runId);
            running.assertAttributeEquals("datahub.submit.mode", "SPARK_LAUNCHER");
            running.assertContentEquals(chained.loaded().toByteArray());  // the run request, until the outcome replaces it
        }
    }

    @Test
    void theStandardizationRejectsAreTheExpectedRows() throws IOException {
        CsvRows.assertSameRows("rejects/sales/2026/01/15", CsvRows.expected("retail/standardization_sales_rejects.csv"),
                CsvRows.sparkFolder(layerFolder("standardization").resolve("rejects/sales/2026/01/15")),
                Set.of("quantity", "unit_price", "amount"));
    }

    @Test
    void theTopSalesPerCityExportIsTheExpectedRows() throws IOException {
        // It reads standardization.sales, which the chain's earlier runs built from staging.sales and staging.products:
        // every total, count, average and maximum of the 15 groups depends on all three being exact.
        CsvRows.assertSameRows("exports/top_sales_per_city/2026/01/15", CsvRows.expected("retail/top_sales_per_city.csv"),
                CsvRows.sparkFolder(layerFolder("service").resolve("exports/top_sales_per_city/2026/01/15")),
                Set.of("total_sales", "sales_count", "avg_sale", "max_sale"));
    }

    @Test
    void aPipelineWhoseInputIsMissingEndsInFailureWithItsCategory() {
        MockFlowFile failed = missingInput.outcome();
        assertEquals(SparkPipelineSubmit.REL_FAILURE, missingInput.relationship());
        String runId = missingInput.loaded().getAttribute("datahub.run.id");
        String message = "<csv> source 'sales_landing': path " + data.toAbsolutePath()
                + "/applications/retail/staging/landing/sales/*.csv matches no file";
        failed.assertAttributeEquals("datahub.run.status", "FAILED");
        failed.assertAttributeEquals("datahub.error.category", "INPUT_NOT_FOUND");
        failed.assertAttributeEquals("datahub.error.message", message);
        failed.assertAttributeEquals("datahub.run.id", runId);
        failed.assertAttributeEquals("datahub.pipeline.id", "retail_sales_load");
        failed.assertAttributeEquals("datahub.submit.mode", "SPARK_LAUNCHER");
        // The source fails before reading: nothing read, nothing written.
        failed.assertAttributeEquals("datahub.rows.read", "0");
        failed.assertAttributeEquals("datahub.rows.written", "0");
        PipelineRunResult result = result(missingInput);
        assertEquals(RunStatus.FAILED, result.status());
        assertEquals(Map.of(), result.rowsRead());
        assertEquals(Map.of(), result.rowsWritten());
        assertEquals(ErrorCategory.INPUT_NOT_FOUND, result.errorCategory());
        assertEquals(message, result.errorMessage());
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void theRecorderWritesEveryRunToTheRunHistory(TestDatabase database) throws Exception {
        String schema = TestDatabase.newSchema();
        TestRunner recorder = TestRunners.newTestRunner(RunRecorder.class);
        JdbcRunHistoryStore store = JobFlowTestSupport.addStore(recorder, database.url, schema);
        recorder.setProperty(RunRecorder.RUN_HISTORY_STORE, "store");
        try {
            List<Chained> all = new ArrayList<>(List.of(missingInput));
            all.addAll(RUNS.values());
            for (Chained chained : all) {
                String runId = chained.loaded().getAttribute("datahub.run.id");
                // The start, as a flow records it from running, then the outcome: one row, written twice.
                recorder.enqueue(chained.firstRunning().toByteArray(), chained.firstRunning().getAttributes());
                recorder.run();
                recorder.assertAllFlowFilesTransferred(RunRecorder.REL_SUCCESS, 1);
                PipelineRunRecord started = store.find(runId, 1).orElseThrow();
                assertEquals(chained.firstRunning().getAttribute("datahub.run.status"), started.status().name());
                assertNull(started.endedAt());
                recorder.clearTransferState();

                recorder.enqueue(chained.outcome().toByteArray(), chained.outcome().getAttributes());
                recorder.run();
                recorder.assertAllFlowFilesTransferred(RunRecorder.REL_SUCCESS, 1);
                recorder.getFlowFilesForRelationship(RunRecorder.REL_SUCCESS).get(0).assertAttributeEquals("datahub.sla.status", "MET");
                recorder.clearTransferState();
                assertEquals(1, database.count("SELECT COUNT(*) FROM " + schema + ".pipeline_runs WHERE run_id = '" + runId + "'"));
            }
            assertEquals(5, database.count("SELECT COUNT(*) FROM " + schema + ".pipeline_runs"));

            for (Pipeline pipeline : CHAIN) {
                Chained chained = run(pipeline.id());
                String runId = chained.loaded().getAttribute("datahub.run.id");
                PipelineRunResult result = result(chained);
                PipelineRunRecord row = store.find(runId, 1).orElseThrow();
                assertEquals(RunStatus.SUCCEEDED, row.status(), pipeline.id());
                assertEquals("retail", row.app());
                assertEquals(pipeline.layer(), row.layer());
                assertEquals(pipeline.id(), row.pipelineId());
                assertEquals("1.0.0", row.pipelineVersion());
                assertEquals(RUN_DATE, row.runDate());
                assertNull(row.jobRunId());
                assertEquals("SPARK_LAUNCHER", row.submitMode());
                assertEquals(chained.outcome().getAttribute("datahub.spark.app.id"), row.sparkAppId());
                assertEquals(Long.parseLong(chained.outcome().getAttribute("datahub.rows.read")), row.rowsRead());
                assertEquals(result.rowsWritten(), row.rowsWritten());
                assertEquals(result.startedAt().toEpochMilli(), row.startedAt().toEpochMilli());
                assertEquals(result.endedAt().toEpochMilli(), row.endedAt().toEpochMilli());
                assertEquals(row.endedAt().toEpochMilli() - row.startedAt().toEpochMilli(), row.durationMs());
                assertNull(row.errorCategory());
                assertNull(row.errorMessage());
                assertEquals(pipeline.sla(), row.sla());
                assertEquals(SlaStatus.MET, row.slaStatus());
            }
            PipelineRunRecord failed = store.find(missingInput.loaded().getAttribute("datahub.run.id"), 1).orElseThrow();
            assertEquals(RunStatus.FAILED, failed.status());
            assertEquals(ErrorCategory.INPUT_NOT_FOUND, failed.errorCategory());
            assertEquals(missingInput.outcome().getAttribute("datahub.error.message"), failed.errorMessage());
            assertEquals("retail_sales_load", failed.pipelineId());
            assertEquals("SPARK_LAUNCHER", failed.submitMode());

            assertEquals(5L, recorder.getCounterValue("datahub.runs"));
            assertEquals(5L, recorder.getCounterValue("datahub.runs.retail"));
            assertEquals(1L, recorder.getCounterValue("datahub.failures"));
            assertNull(recorder.getCounterValue("datahub.sla.breaches"));
            List<LogMessage> errors = recorder.getLogger().getErrorMessages();
            assertEquals(1, errors.size(), "one error bulletin: the failed run");
            assertTrue(errors.get(0).getMsg().contains(missingInput.loaded().getAttribute("datahub.run.id")), errors.get(0).getMsg());

            // One provenance event per recorded state, carrying the run id and outcome.
            List<ProvenanceEventRecord> events = recorder.getProvenanceEvents();
            assertEquals(10, events.size());
            events.forEach(e -> assertEquals(ProvenanceEventType.ATTRIBUTES_MODIFIED, e.getEventType()));
            String salesLoad = run("retail_sales_load").loaded().getAttribute("datahub.run.id");
            assertTrue(events.stream().anyMatch(e -> e.getDetails().equals("run " + salesLoad
                    + " attempt 1: SUCCEEDED; rows read 54; rows written {hive staging.sales=50}; SLA MET")), () -> events.stream().map(ProvenanceEventRecord::getDetails).toList().toString());
            String standardize = run("retail_sales_standardize").loaded().getAttribute("datahub.run.id");
            assertTrue(events.stream().anyMatch(e -> e.getDetails().equals("run " + standardize + " attempt 1: SUCCEEDED; rows read 58;"
                    + " rows written " + result(run("retail_sales_standardize")).rowsWritten() + "; SLA MET")), () -> events.stream().map(ProvenanceEventRecord::getDetails).toList().toString());
            String failedRun = missingInput.loaded().getAttribute("datahub.run.id");
            assertTrue(events.stream().anyMatch(e -> e.getDetails().equals("run " + failedRun + " attempt 1: FAILED; rows read 0; rows written {}; error INPUT_NOT_FOUND: "
                    + missingInput.outcome().getAttribute("datahub.error.message") + "; SLA MET")), () -> events.stream().map(ProvenanceEventRecord::getDetails).toList().toString());
        } finally {
            try {
                database.drop(schema);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
