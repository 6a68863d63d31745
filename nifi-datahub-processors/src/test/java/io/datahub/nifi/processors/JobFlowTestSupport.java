package io.datahub.nifi.processors;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datahub.model.history.JobRunRecord;
import io.datahub.model.history.PipelineRunRecord;
import io.datahub.model.history.RunHistoryRepository;
import io.datahub.model.testing.TestFiles;
import io.datahub.nifi.services.DriverManagerDbcpService;
import io.datahub.nifi.services.JdbcRunHistoryStore;
import io.datahub.nifi.services.StandardPipelineRegistry;
import io.datahub.nifi.services.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;

/**
 * What the job runner's tests share: the test config tree (application {@code demo}: tiny csv-to-csv pipelines and one job
 * per failure policy, under src/test/resources/job-config), a JobPipelineRunner wired to a registry and a run-history
 * store on the real PostgreSQL, and the completions RunRecorder would pass back.
 */
final class JobFlowTestSupport {

    static final String APP = "demo";

    private JobFlowTestSupport() {
    }

    /** A copy of the test config tree under {@code dir}/config, so a test may change it. */
    static Path copyConfig(Path dir) {
        try {
            return TestFiles.copyTree(Path.of(JobFlowTestSupport.class.getResource("/job-config").toURI()), dir.resolve("config"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh schema of the real PostgreSQL for one test; drop it with {@link #drop}. */
    static String newSchema() {
        return TestDatabase.newSchema();
    }

    static void drop(String schema) {
        try {
            TestDatabase.POSTGRESQL.drop(schema);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Adds the registry ("registry": config tree, data root) and the run-history store ("store" over "pool") to a runner. */
    static void addServices(TestRunner runner, Path config, Path dataRoot, String dbUrl, String schema) throws InitializationException {
        StandardPipelineRegistry registry = new StandardPipelineRegistry();
        runner.addControllerService("registry", registry);
        runner.setProperty(registry, StandardPipelineRegistry.CONFIG_DIRECTORY, config.toString());
        runner.setProperty(registry, StandardPipelineRegistry.DATA_ROOT, dataRoot.toString());
        runner.setProperty(registry, StandardPipelineRegistry.RELOAD_INTERVAL, "0 sec");
        runner.enableControllerService(registry);
        addStore(runner, dbUrl, schema);
    }

    /** Adds the run-history store ("store": tables in {@code schema}, over "pool", connections to {@code dbUrl}) to a runner. */
    static JdbcRunHistoryStore addStore(TestRunner runner, String dbUrl, String schema) throws InitializationException {
        DriverManagerDbcpService pool = new DriverManagerDbcpService();
        runner.addControllerService("pool", pool);
        runner.setProperty(pool, DriverManagerDbcpService.URL, dbUrl);
        runner.enableControllerService(pool);
        JdbcRunHistoryStore store = new JdbcRunHistoryStore();
        runner.addControllerService("store", store);
        runner.setProperty(store, JdbcRunHistoryStore.DBCP_SERVICE, "pool");
        runner.setProperty(store, JdbcRunHistoryStore.SCHEMA_NAME, schema);
        runner.enableControllerService(store);
        return store;
    }

    /** A JobPipelineRunner with its own registry and store. */
    static TestRunner jobRunner(JobPipelineRunner processor, Path config, Path dataRoot, String schema) throws InitializationException {
        TestRunner runner = TestRunners.newTestRunner(processor);
        addServices(runner, config, dataRoot, TestDatabase.POSTGRESQL.url, schema);
        runner.setProperty(JobPipelineRunner.PIPELINE_REGISTRY, "registry");
        runner.setProperty(JobPipelineRunner.RUN_HISTORY_STORE, "store");
        runner.setProperty(JobPipelineRunner.TIME_ZONE, "UTC");
        return runner;
    }

    /** RunRecorder writing to the run history of a schema of the real PostgreSQL. */
    static TestRunner recorder(String schema) throws InitializationException {
        TestRunner runner = TestRunners.newTestRunner(RunRecorder.class);
        addStore(runner, TestDatabase.POSTGRESQL.url, schema);
        runner.setProperty(RunRecorder.RUN_HISTORY_STORE, "store");
        return runner;
    }

    /** A job request naming a job of the demo application. */
    static Map<String, String> jobRequest(String jobId, String runDate, String jobRunId, String... more) {
        return appJobRequest(APP, jobId, runDate, jobRunId, more);
    }

    static Map<String, String> appJobRequest(String app, String jobId, String runDate, String jobRunId, String... more) {
        Map<String, String> attributes = new HashMap<>();
        attributes.put("datahub.app", app);
        attributes.put("datahub.job.id", jobId);
        if (runDate != null) {
            attributes.put("datahub.run.date", runDate);
        }
        if (jobRunId != null) {
            attributes.put("datahub.job.run.id", jobRunId);
        }
        for (int i = 0; i < more.length; i += 2) {
            attributes.put(more[i], more[i + 1]);
        }
        return attributes;
    }

    /** The completion RunRecorder passes on for a pipeline FlowFile: its attributes plus the run's end. */
    static Map<String, String> completion(MockFlowFile pipeline, String status, String category, String message) {
        Map<String, String> attributes = new HashMap<>(pipeline.getAttributes());
        attributes.remove("uuid");
        attributes.put("datahub.run.status", status);
        attributes.put("datahub.submit.mode", "SPARK_LAUNCHER");
        attributes.put("datahub.sla.status", "MET");
        if (category != null) {
            attributes.put("datahub.error.category", category);
            attributes.put("datahub.error.message", message);
        }
        return attributes;
    }

    /** The run history of a schema, read the way the dashboards and the CLI read it. */
    static RunHistoryRepository history(String schema) {
        return new RunHistoryRepository(() -> DriverManager.getConnection(TestDatabase.POSTGRESQL.url), schema);
    }

    static JobRunRecord jobRow(String schema, String jobRunId) {
        return history(schema).findJob(jobRunId).orElseThrow(() -> new AssertionError("no job_runs row " + jobRunId));
    }

    static List<PipelineRunRecord> pipelineRows(String schema, String jobRunId) {
        return history(schema).runsOfJob(jobRunId);
    }

    static MockFlowFile only(TestRunner runner, org.apache.nifi.processor.Relationship relationship) {
        List<MockFlowFile> flowFiles = runner.getFlowFilesForRelationship(relationship);
        assertTrue(flowFiles.size() == 1, "one FlowFile on " + relationship.getName() + ", got " + flowFiles.size());
        return flowFiles.get(0);
    }
}
