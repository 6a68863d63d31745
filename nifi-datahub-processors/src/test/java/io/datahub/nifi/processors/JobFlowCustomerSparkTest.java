package io.datahub.nifi.processors;

import static io.datahub.nifi.processors.JobFlowTestSupport.appJobRequest;
import static io.datahub.nifi.processors.JobFlowTestSupport.jobRow;
import static io.datahub.nifi.processors.JobFlowTestSupport.pipelineRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datahub.model.history.JobRunRecord;
import io.datahub.model.history.PipelineRunRecord;
import io.datahub.model.history.SlaStatus;
import io.datahub.model.run.RunRequest;
import io.datahub.model.run.RunStatus;
import io.datahub.nifi.services.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The customer sample's job {@code customer_master} end to end on real Spark: JobPipelineRunner -> SparkPipelineSubmit
 * (spark-submit, local mode, the real job jar, a Hive catalog shared by the runs) -> RunRecorder (PostgreSQL) -> back into
 * JobPipelineRunner, over the real config tree. The CRM database (source table customer, target crm_customer_snapshot)
 * and the service database (customer_service_snapshot) are schemas of the real PostgreSQL, named by the job request's
 * {@code crmJdbcUrl} / {@code serviceJdbcUrl} parameters; the masking key and hash salt are the launcher's
 * {@code secret.*} properties. Outputs are compared with src-test-data/expected/customer (computed there by an
 * independent Python script).
 */
class JobFlowCustomerSparkTest {

    private static final String JOB_RUN = "customer_master-2026-01-15-0000c001";
    private static final String MASK_KEY = "m4sk-key-of-the-customer-job-test";
    private static final String HASH_SALT = "s4lt-of-the-customer-job-test";
    private static final Path CONFIG = SparkFlowTestSupport.REPO.resolve("config");
    private static final Path CRM_SEED = SparkFlowTestSupport.TEST_DATA.resolve("customer/db/crm_seed.sql");
    /** The columns of customer_service_export's select, email (hashed with the salt) excepted. */
    private static final List<String> SERVICE_COLUMNS = List.of("customer_id", "full_name", "country_code", "country_name", "status",
            "revenue", "updated_at");
    /** The attributes every FlowFile has in nifi-mock, not set by the processors under test. */
    private static final Set<String> CORE_ATTRIBUTES = Set.of("uuid", "path", "filename");

    @TempDir
    Path temp;

    private final String history = JobFlowTestSupport.newSchema();
    private final String crm = JobFlowTestSupport.newSchema();
    private final String service = JobFlowTestSupport.newSchema();
    private TestRunner submit;

    @AfterEach
    void cleanUp() {
        SparkFlowTestSupport.stop(submit);
        for (String schema : List.of(history, crm, service)) {
            JobFlowTestSupport.drop(schema);
        }
    }

    /** A schema of the test PostgreSQL as the pipelines reach it: credentials in the URL (trust authentication, no password). */
    private static String url(String schema) {
        return TestDatabase.POSTGRESQL.url + "&currentSchema=" + schema;
    }

    @Test
    void customerMasterRunsEveryPipelineOnceAndWritesTheExpectedRowsToTheCrmAndServiceDatabases() throws Exception {
        Path data = Files.createDirectories(temp.resolve("data"));
        SparkFlowTestSupport.seedInputs("customer", data);
        seedCrm();
        // The job jar carries no JDBC driver: the databases' driver goes to Spark as deployment.md says (spark.jars).
        Map<String, String> sparkConf = SparkFlowTestSupport.smallRunsWithHive(temp.resolve("catalog"));
        sparkConf.put("spark.jars", postgresqlDriverJar().toString());
        submit = SparkFlowTestSupport.sparkSubmit(temp.resolve("work"), sparkConf,
                Map.of("customer_mask_key", MASK_KEY, "customer_hash_salt", HASH_SALT));
        // One run in Spark at a time: the local Hive catalog is a single-writer Derby database (the chain is linear anyway).
        JobFlowChain chain = new JobFlowChain(JobFlowTestSupport.jobRunner(new JobPipelineRunner(), CONFIG, data, history), submit,
                JobFlowTestSupport.recorder(history), 1);

        // The happy path: a failed run would only wait out customer_staging_load's 5-minute retry delay; stop at once with its reason.
        chain.beforeCompletion = completion -> assertEquals("SUCCEEDED", completion.getAttribute("datahub.run.status"),
                () -> completion.getAttribute("datahub.pipeline.id") + ": [" + completion.getAttribute("datahub.error.category") + "] "
                        + completion.getAttribute("datahub.error.message"));
        // The job declares no parameters: values supplied with the request reach every pipeline, each takes those it declares.
        chain.request(appJobRequest("customer", "customer_master", "2026-01-15", JOB_RUN,
                "datahub.param.crmJdbcUrl", url(crm), "datahub.param.serviceJdbcUrl", url(service)));
        MockFlowFile end = chain.awaitEnded(1, Duration.ofMinutes(8)).get(0);
        assertEquals(List.of(), chain.failures);
        assertEquals(1, chain.ended.size());

        // Every pipeline ran exactly once, in dependency order, each of its own run id, and succeeded.
        assertEquals(List.of("customer_staging_load#1", "customer_standardization#1", "customer_service_export#1"), chain.launched());
        for (JobFlowChain.Emitted e : chain.pipelines) {
            MockFlowFile f = e.flowFile();
            f.assertAttributeEquals("datahub.run.id", JOB_RUN + "-" + f.getAttribute("datahub.pipeline.id") + "-1");
            f.assertAttributeEquals("datahub.job.run.id", JOB_RUN);
            f.assertAttributeEquals("datahub.param.crmJdbcUrl", url(crm));
            f.assertAttributeEquals("datahub.param.serviceJdbcUrl", url(service));
        }
        assertEquals(url(crm), RunRequest.fromJson(chain.pipelines.get(0).flowFile().getContent()).parameters().get("crmJdbcUrl"));
        assertEquals(url(service), RunRequest.fromJson(chain.pipelines.get(2).flowFile().getContent()).parameters().get("serviceJdbcUrl"));
        assertEquals(List.of("customer_staging_load=SUCCEEDED", "customer_standardization=SUCCEEDED", "customer_service_export=SUCCEEDED"),
                chain.completions.stream().map(c -> c.flowFile().getAttribute("datahub.pipeline.id") + "="
                        + c.flowFile().getAttribute("datahub.run.status")).toList());

        // The end of the job: job completed, its exact attributes and counts.
        assertEquals(Map.of("datahub.app", "customer", "datahub.job.id", "customer_master", "datahub.job.version", "2.0.0",
                "datahub.job.run.id", JOB_RUN, "datahub.run.date", "2026-01-15", "mime.type", "application/json",
                "datahub.job.status", "SUCCEEDED", "datahub.sla.status", "MET"), withoutCore(end));
        end.assertAttributeEquals("filename", JOB_RUN + ".json");
        JsonNode report = new ObjectMapper().readTree(end.getContent());
        assertEquals("SUCCEEDED", report.get("outcome").asText());
        assertEquals("customer_master", report.get("job").asText());
        assertEquals("PT3H", report.get("sla").asText());
        assertEquals("MET", report.get("slaStatus").asText());
        assertEquals(new ObjectMapper().readTree("""
                {"PENDING": 0, "RUNNING": 0, "WAITING_RETRY": 0, "SUCCEEDED": 3, "FAILED": 0, "SKIPPED": 0, "CANCELLED": 0}"""),
                report.get("counts"));
        assertEquals(0, report.get("failedPipelines").size());
        List<String> reported = new ArrayList<>();
        report.get("pipelines").forEach(p -> reported.add(p.get("pipelineId").asText() + " " + p.get("status").asText() + " "
                + p.get("attempts").asInt() + " " + p.get("runIds")));
        assertEquals(List.of(
                "customer_staging_load SUCCEEDED 1 [\"" + JOB_RUN + "-customer_staging_load-1\"]",
                "customer_standardization SUCCEEDED 1 [\"" + JOB_RUN + "-customer_standardization-1\"]",
                "customer_service_export SUCCEEDED 1 [\"" + JOB_RUN + "-customer_service_export-1\"]"), reported);

        // customer_master: email on failure (not sent), webhook on completion whose URL is a secret: only its name travels.
        assertEquals(1, chain.notifications.size());
        MockFlowFile webhook = chain.notifications.get(0);
        assertEquals(Map.of("datahub.app", "customer", "datahub.job.id", "customer_master", "datahub.job.version", "2.0.0",
                "datahub.job.run.id", JOB_RUN, "datahub.run.date", "2026-01-15", "mime.type", "application/json",
                "datahub.notify.channel", "webhook", "datahub.notify.event", "completion",
                "datahub.notify.url.secret.ref", "customer_slack_webhook",
                "datahub.notify.subject", "[Data Hub] customer_master (customer) 2026-01-15: SUCCEEDED"), withoutCore(webhook));
        JsonNode body = new ObjectMapper().readTree(webhook.getContent());
        assertEquals("completion", body.get("event").asText());
        assertEquals(JOB_RUN, body.get("jobRunId").asText());
        assertEquals(report.get("counts"), body.get("counts"));

        // The job_runs row and the pipeline_runs rows (rows read over all sources, rows written per target).
        JobRunRecord job = jobRow(history, JOB_RUN);
        assertEquals(RunStatus.SUCCEEDED, job.status());
        assertEquals("customer_master", job.jobId());
        assertEquals("2.0.0", job.jobVersion());
        assertEquals(LocalDate.of(2026, 1, 15), job.runDate());
        assertEquals(3, job.pipelinesTotal());
        assertEquals(3, job.succeeded());
        assertEquals(0, job.failed() + job.skipped() + job.cancelled());
        assertNull(job.failedPipelines());
        assertNull(job.errorMessage());
        assertEquals("PT3H", job.sla());
        assertEquals(SlaStatus.MET, job.slaStatus());
        List<PipelineRunRecord> runs = pipelineRows(history, JOB_RUN);
        assertEquals(3, runs.size());
        Map<String, PipelineRunRecord> byPipeline = runs.stream().collect(Collectors.toMap(PipelineRunRecord::pipelineId, Function.identity()));
        for (PipelineRunRecord r : runs) {
            assertEquals(RunStatus.SUCCEEDED, r.status(), r.toString());
            assertEquals(1, r.attempt(), r.toString());
            assertEquals(JOB_RUN + "-" + r.pipelineId() + "-1", r.runId());
            assertNull(r.errorCategory(), r.toString());
        }
        // Derived in src-test-data/README.md: 22 landing lines, C-1011 unparsable -> 21 read; 4 CRM rows updated on or after
        // the run date; 15 distinct ids (one null) -> snapshot 15, 14 with an id for the CRM merge; 9 country groups;
        // standardization: Karen (no id) filtered, 1002/1006/1008/1010 quarantined -> 10 valid, 4 rejects.
        assertEquals(Map.of("customer_staging_load", 25L, "customer_standardization", 15L, "customer_service_export", 10L),
                runs.stream().collect(Collectors.toMap(PipelineRunRecord::pipelineId, PipelineRunRecord::rowsRead)));
        assertEquals(Map.of("hive staging.customer_snapshot", 15L, "csv exports/customer_by_country/%Y/%m/%d", 9L, "crm_service", 14L),
                byPipeline.get("customer_staging_load").rowsWritten());
        assertEquals(Map.of("hive standardization.customer", 10L, "csv rejects/customer/%Y/%m/%d", 4L),
                byPipeline.get("customer_standardization").rowsWritten());
        assertEquals(Map.of("csv exports/customer/%Y/%m/%d", 10L, "customer_service_db", 10L),
                byPipeline.get("customer_service_export").rowsWritten());

        // The rows of the two databases, read back with plain JDBC.
        CsvRows raw = CsvRows.expected("customer/staging_customer_snapshot.csv").withoutNull("customer_id");
        CsvRows crmRows = CsvRows.jdbc(url(crm), "SELECT * FROM crm_customer_snapshot");
        List<String> crmCompared = raw.columns().stream().filter(c -> !c.equals("ssn") && !c.equals("email")).toList();
        CsvRows.assertSameRows("crm_customer_snapshot", raw.project(crmCompared), crmRows.project(crmCompared),
                Set.of("customer_id", "revenue", "crm_customer_id"));
        assertTokenized(raw, crmRows, List.of("ssn", "email"));
        CsvRows serviceRows = CsvRows.jdbc(url(service), "SELECT * FROM customer_service_snapshot");
        CsvRows expectedService = CsvRows.expected("customer/standardization_customer.csv").project(SERVICE_COLUMNS);
        CsvRows.assertSameRows("customer_service_snapshot", expectedService, serviceRows.project(SERVICE_COLUMNS),
                Set.of("customer_id", "revenue"));
        assertEquals(Set.copyOf(SERVICE_COLUMNS),
                serviceRows.columns().stream().filter(c -> !c.equals("email")).collect(Collectors.toSet()));
        for (List<String> row : serviceRows.project(List.of("email")).rows()) {
            assertTrue(row.get(0) != null && !row.get(0).contains("@"), "email hashed with the salt: " + row);
        }

        // The CSV outputs, read without Spark (the exports are gzip).
        Path layers = data.resolve("applications/customer");
        CsvRows.assertSameRows("customer_by_country export", CsvRows.expected("customer/staging_customer_by_country.csv"),
                CsvRows.sparkFolder(layers.resolve("staging/exports/customer_by_country/2026/01/15")), Set.of("customers", "sum_revenue"));
        CsvRows.assertSameRows("customer export", expectedService,
                CsvRows.sparkFolder(layers.resolve("service/exports/customer/2026/01/15")).project(SERVICE_COLUMNS),
                Set.of("customer_id", "revenue"));
        CsvRows expectedRejects = CsvRows.expected("customer/standardization_customer_rejects.csv");
        CsvRows.assertSameRows("customer rejects", expectedRejects,
                CsvRows.sparkFolder(layers.resolve("standardization/rejects/customer/2026/01/15")).project(expectedRejects.columns()),
                Set.of("customer_id", "revenue"));

        // The secrets reached Spark through the launcher only: in no attribute or content of any FlowFile of the flow.
        List<MockFlowFile> seen = Stream.of(chain.pipelines.stream().map(JobFlowChain.Emitted::flowFile),
                chain.completions.stream().map(JobFlowChain.Completed::flowFile), chain.ended.stream(), chain.notifications.stream())
                .flatMap(s -> s).toList();
        for (MockFlowFile f : seen) {
            String everything = f.getAttributes() + "\n" + f.getContent();
            assertFalse(everything.contains(MASK_KEY) || everything.contains(HASH_SALT), "a secret in " + f.getAttributes());
        }
    }

    /** crm_seed.sql into the CRM schema (comment lines left out; no ';' inside its literals). */
    private void seedCrm() throws Exception {
        TestDatabase.POSTGRESQL.execute("CREATE SCHEMA " + crm);
        TestDatabase.POSTGRESQL.execute("CREATE SCHEMA " + service);
        String script = Files.readAllLines(CRM_SEED).stream().filter(l -> !l.strip().startsWith("--")).collect(Collectors.joining("\n"));
        try (Connection c = DriverManager.getConnection(url(crm)); Statement s = c.createStatement()) {
            for (String statement : script.split(";")) {
                if (!statement.isBlank()) {
                    s.execute(statement);
                }
            }
        }
    }

    /** The PostgreSQL JDBC driver's jar, as on this module's test classpath. */
    private static Path postgresqlDriverJar() throws Exception {
        return Path.of(org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static Map<String, String> withoutCore(MockFlowFile flowFile) {
        Map<String, String> attributes = new HashMap<>(flowFile.getAttributes());
        attributes.keySet().removeAll(CORE_ATTRIBUTES);
        return attributes;
    }

    /** A tokenized column is null exactly where the raw value is, and otherwise never the raw value (rows matched by customer_id). */
    private static void assertTokenized(CsvRows raw, CsvRows masked, List<String> columns) {
        List<String> keyed = Stream.concat(Stream.of("customer_id"), columns.stream()).toList();
        Map<String, List<String>> rawById = raw.project(keyed).rows().stream().collect(Collectors.toMap(r -> r.get(0), r -> r));
        for (List<String> row : masked.project(keyed).rows()) {
            List<String> original = rawById.get(row.get(0));
            for (int i = 1; i < row.size(); i++) {
                String what = keyed.get(i) + " of " + row.get(0);
                if (original.get(i) == null) {
                    assertNull(row.get(i), what);
                } else {
                    assertTrue(row.get(i) != null && !row.get(i).isEmpty(), what);
                    assertNotEquals(original.get(i), row.get(i), what);
                }
            }
        }
    }
}
