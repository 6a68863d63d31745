package io.datahub.nifi.processors;

import static io.datahub.nifi.processors.JobFlowTestSupport.appJobRequest;
import static io.datahub.nifi.processors.JobFlowTestSupport.jobRow;
import static io.datahub.nifi.processors.JobFlowTestSupport.pipelineRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datahub.model.history.JobRunRecord;
import io.datahub.model.history.PipelineRunRecord;
import io.datahub.model.history.SlaStatus;
import io.datahub.model.run.RunRequest;
import io.datahub.model.run.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retail sample's daily job end to end on real Spark: JobPipelineRunner -> SparkPipelineSubmit (spark-submit, local
 * mode, the real job jar, a Hive catalog shared by the runs) -> RunRecorder (PostgreSQL) -> back into JobPipelineRunner,
 * over the real config tree; the runner is replaced by a new instance over the same state half-way. Outputs are compared
 * with src-test-data/expected/retail (computed there by an independent Python script).
 */
class JobFlowSparkTest {

    private static final String JOB_RUN = "retail_daily-2026-01-15-0000a001";
    private static final String SALT = "s4lt-of-the-retail-test";
    private static final Path CONFIG = SparkFlowTestSupport.REPO.resolve("config");

    @TempDir
    Path temp;

    private final String schema = JobFlowTestSupport.newSchema();

    @AfterEach
    void dropSchema() {
        JobFlowTestSupport.drop(schema);
    }

    @Test
    void retailDailyRunsEveryPipelineOnceThroughARestartAndWritesTheExpectedRows() throws Exception {
        Path data = Files.createDirectories(temp.resolve("data"));
        SparkFlowTestSupport.seedInputs("retail", data);
        TestRunner submit = SparkFlowTestSupport.sparkSubmit(temp.resolve("work"),
                SparkFlowTestSupport.smallRunsWithHive(temp.resolve("catalog")), Map.of("retail_hash_salt", SALT));
        // One run in Spark at a time: the local Hive catalog is a single-writer Derby database.
        JobFlowChain chain = new JobFlowChain(JobFlowTestSupport.jobRunner(new JobPipelineRunner(), CONFIG, data, schema), submit,
                JobFlowTestSupport.recorder(schema), 1);

        // After the first load completed, NiFi "restarts": a new runner instance over the same cluster state gets the rest.
        chain.beforeCompletion = completion -> {
            if (chain.completions.size() == 1) {
                try {
                    Map<String, String> state = chain.jobs().getStateManager().getState(Scope.CLUSTER).toMap();
                    TestRunner restarted = JobFlowTestSupport.jobRunner(new JobPipelineRunner(), CONFIG, data, schema);
                    restarted.getStateManager().setState(state, Scope.CLUSTER);
                    chain.replaceJobRunner(restarted);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        chain.request(appJobRequest("retail", "retail_daily", "2026-01-15", JOB_RUN));
        MockFlowFile end = chain.awaitEnded(1, Duration.ofMinutes(8)).get(0);
        assertEquals(List.of(), chain.failures);

        // Every pipeline ran once, loads first, each of its own run id.
        assertEquals(List.of("retail_sales_load#1", "retail_reference_load#1", "retail_sales_standardize#1", "retail_top_sales_per_city#1",
                "retail_top_salesmen#1", "retail_star_schema#1"), chain.launched());
        Set<String> runIds = new HashSet<>();
        for (JobFlowChain.Emitted e : chain.pipelines) {
            String pipelineId = e.flowFile().getAttribute("datahub.pipeline.id");
            assertTrue(runIds.add(e.flowFile().getAttribute("datahub.run.id")));
            assertEquals(JOB_RUN + "-" + pipelineId + "-1", e.flowFile().getAttribute("datahub.run.id"));
            assertEquals("100", e.flowFile().getAttribute("datahub.param.topN"), "the job parameter's default reaches every run");
        }
        assertEquals("100", RunRequest.fromJson(chain.pipelines.get(4).flowFile().getContent()).parameters().get("topN"));

        end.assertAttributeEquals("datahub.job.status", "SUCCEEDED");
        end.assertAttributeEquals("datahub.app", "retail");
        end.assertAttributeEquals("datahub.job.run.id", JOB_RUN);
        end.assertAttributeNotExists("datahub.job.failed.pipelines");
        JsonNode report = new ObjectMapper().readTree(end.getContent());
        assertEquals(6, report.get("counts").get("SUCCEEDED").asInt());
        assertEquals(0, report.get("failedPipelines").size());
        // retail_daily notifies the chat webhook on completion; its URL is a secret: only its name travels.
        assertEquals(1, chain.notifications.size());
        MockFlowFile webhook = chain.notifications.get(0);
        webhook.assertAttributeEquals("datahub.notify.channel", "webhook");
        webhook.assertAttributeEquals("datahub.notify.event", "completion");
        webhook.assertAttributeEquals("datahub.notify.url.secret.ref", "retail_slack_webhook");
        webhook.assertAttributeNotExists("datahub.notify.url");

        JobRunRecord job = jobRow(schema, JOB_RUN);
        assertEquals(RunStatus.SUCCEEDED, job.status());
        assertEquals("1.0.0", job.jobVersion());
        assertEquals(LocalDate.of(2026, 1, 15), job.runDate());
        assertEquals(6, job.pipelinesTotal());
        assertEquals(6, job.succeeded());
        assertEquals(0, job.failed() + job.skipped() + job.cancelled());
        assertEquals("PT2H", job.sla());
        assertEquals(SlaStatus.MET, job.slaStatus());

        // The rows RunRecorder wrote, one per run, with the rows each target received (counts derived in src-test-data/README.md).
        Map<String, Map<String, Long>> written = pipelineRows(schema, JOB_RUN).stream()
                .peek(r -> assertEquals(RunStatus.SUCCEEDED, r.status(), r.toString()))
                .collect(Collectors.toMap(PipelineRunRecord::pipelineId, PipelineRunRecord::rowsWritten));
        assertEquals(Map.of(
                "retail_sales_load", Map.of("hive staging.sales", 50L),
                "retail_reference_load", Map.of("hive staging.customers", 10L, "hive staging.products", 8L),
                "retail_sales_standardize", Map.of("hive standardization.sales", 45L, "csv rejects/sales/%Y/%m/%d", 3L),
                "retail_top_sales_per_city", Map.of("csv exports/top_sales_per_city/%Y/%m/%d", 15L, "hive service.top_sales_per_city", 15L),
                "retail_top_salesmen", Map.of("hive service.top_salesmen", 7L, "csv exports/top_salesmen/%Y/%m/%d", 7L),
                "retail_star_schema", Map.of("hive service.dim_customer", 10L, "hive service.dim_product", 8L, "hive service.dim_date", 3L,
                        "hive service.fact_sales", 45L)), written);

        Path layers = data.resolve("applications/retail");
        CsvRows.assertSameRows("top_sales_per_city export", CsvRows.expected("retail/top_sales_per_city.csv"),
                CsvRows.sparkFolder(layers.resolve("service/exports/top_sales_per_city/2026/01/15")),
                Set.of("total_sales", "sales_count", "avg_sale", "max_sale"));
        CsvRows.assertSameRows("top_salesmen export", CsvRows.expected("retail/top_salesmen.csv"),
                CsvRows.sparkFolder(layers.resolve("service/exports/top_salesmen/2026/01/15")),
                Set.of("total_sales", "deals", "avg_deal", "distinct_cities", "sales_rank"));
        CsvRows.assertSameRows("sales rejects", CsvRows.expected("retail/standardization_sales_rejects.csv"),
                CsvRows.sparkFolder(layers.resolve("standardization/rejects/sales/2026/01/15")), Set.of("quantity", "unit_price", "amount"));

        // The Hive tables, exported by one more run on the same catalog, compared row by row.
        exportHiveTables(submit, data);
        Path export = layers.resolve("service/verify");
        CsvRows.assertSameRows("standardization.sales", CsvRows.expected("retail/standardization_sales.csv"),
                CsvRows.sparkFolder(export.resolve("standardization_sales")), Set.of("quantity", "unit_price", "amount"));
        CsvRows.assertSameRows("service.fact_sales", CsvRows.expected("retail/fact_sales.csv"), CsvRows.sparkFolder(export.resolve("fact_sales")),
                Set.of("date_key", "quantity", "unit_price", "amount"));
        CsvRows.assertSameRows("service.dim_product", CsvRows.expected("retail/dim_product.csv"),
                CsvRows.sparkFolder(export.resolve("dim_product")), Set.of());
        CsvRows.assertSameRows("service.dim_date", CsvRows.expected("retail/dim_date.csv"), CsvRows.sparkFolder(export.resolve("dim_date")),
                Set.of("date_key", "year", "month", "day_of_month", "day_of_week"));
        CsvRows dimCustomer = CsvRows.sparkFolder(export.resolve("dim_customer"));
        // The expected file leaves the masked columns out (salted hash, redaction); no raw e-mail address may remain.
        CsvRows.assertSameRows("service.dim_customer keys", CsvRows.expected("retail/dim_customer_keys.csv"),
                dimCustomer.project(List.of("customer_id")), Set.of());
        for (String email : dimCustomer.project(List.of("customer_email")).rows().stream().map(r -> r.get(0)).toList()) {
            assertFalse(email.contains("@"), email);
        }
    }

    /** One run reading the job's Hive tables into CSV folders under service/verify (a pipeline outside the config tree). */
    private static void exportHiveTables(TestRunner submit, Path data) throws InterruptedException {
        String xml = """
                <pipeline id="verify_retail_tables" version="1.0.0" layer="service">
                  <sources>
                    <hive id="standardization_sales" table="standardization.sales"/>
                    <hive id="fact_sales" table="service.fact_sales"/>
                    <hive id="dim_product" table="service.dim_product"/>
                    <hive id="dim_date" table="service.dim_date"/>
                    <hive id="dim_customer" table="service.dim_customer"/>
                  </sources>
                  <targets>
                    <csv source="standardization_sales" path="verify/standardization_sales"/>
                    <csv source="fact_sales" path="verify/fact_sales"/>
                    <csv source="dim_product" path="verify/dim_product"/>
                    <csv source="dim_date" path="verify/dim_date"/>
                    <csv source="dim_customer" path="verify/dim_customer"/>
                  </targets>
                </pipeline>
                """;
        RunRequest request = new RunRequest("verify-retail-1", 1, null, "retail", "service", "verify_retail_tables", LocalDate.of(2026, 1, 15),
                Map.of(), data.toString(), xml, Map.of(), Map.of(), Map.of());
        submit.clearTransferState();
        submit.enqueue(request.toJson());
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (true) {
            submit.run();
            if (!submit.getFlowFilesForRelationship(SparkPipelineSubmit.REL_SUCCESS).isEmpty()) {
                return;
            }
            assertTrue(submit.getFlowFilesForRelationship(SparkPipelineSubmit.REL_FAILURE).isEmpty(), () -> "the export failed: "
                    + submit.getFlowFilesForRelationship(SparkPipelineSubmit.REL_FAILURE).get(0).getAttribute("datahub.error.message"));
            assertTrue(System.nanoTime() < deadline, "the export did not end within 3 minutes");
            MockFlowFile running = submit.getFlowFilesForRelationship(SparkPipelineSubmit.REL_RUNNING).get(0);
            submit.clearTransferState();
            submit.enqueue(running.toByteArray(), running.getAttributes());
            Thread.sleep(200);  // Spark is working: poll again shortly
        }
    }
}
