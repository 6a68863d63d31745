package io.datahub.nifi.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datahub.model.history.JobRunRecord;
import io.datahub.model.history.PipelineRunRecord;
import io.datahub.model.history.RunHistoryException;
import io.datahub.model.history.SlaStatus;
import io.datahub.model.run.ErrorCategory;
import io.datahub.model.run.RunStatus;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.NoOpProcessor;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JdbcRunHistoryStoreTest {

    private static final Instant START = Instant.parse("2026-01-05T06:00:00.123Z");

    private final List<Runnable> cleanup = new ArrayList<>();
    private TestRunner runner;
    private JdbcRunHistoryStore store;

    @AfterEach
    void dropSchemas() {
        cleanup.forEach(Runnable::run);
    }

    private String setUp(TestDatabase database, String url, boolean createTables) throws InitializationException {
        String schema = TestDatabase.newSchema();
        cleanup.add(() -> {
            try {
                database.drop(schema);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        runner = TestRunners.newTestRunner(NoOpProcessor.class);
        DriverManagerDbcpService pool = new DriverManagerDbcpService();
        runner.addControllerService("pool", pool);
        runner.setProperty(pool, DriverManagerDbcpService.URL, url);
        runner.enableControllerService(pool);
        store = new JdbcRunHistoryStore();
        runner.addControllerService("store", store);
        runner.setProperty(store, JdbcRunHistoryStore.DBCP_SERVICE, "pool");
        runner.setProperty(store, JdbcRunHistoryStore.SCHEMA_NAME, schema);
        runner.setProperty(store, JdbcRunHistoryStore.CREATE_TABLES, String.valueOf(createTables));
        runner.assertValid(store);
        return schema;
    }

    private static PipelineRunRecord run(String runId, int attempt, RunStatus status, Instant ended) {
        return new PipelineRunRecord(runId, attempt, "job-1", "retail", "staging", "retail_sales_load", "1.0.0",
                LocalDate.of(2026, 1, 5), "livy-batch", null, status, START, ended,
                ended == null ? null : ended.toEpochMilli() - START.toEpochMilli(), ended == null ? null : 42L,
                ended == null ? null : Map.of("hive:staging.sales", 40L), status == RunStatus.FAILED ? ErrorCategory.INPUT_NOT_FOUND : null,
                status == RunStatus.FAILED ? "csv source 'sales_landing': no file matches landing/sales/*.csv" : null,
                "PT1H", ended == null ? SlaStatus.UNKNOWN : SlaStatus.MET);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void createsTheTablesAndWritesIdempotently(TestDatabase database) throws Exception {
        String schema = setUp(database, database.url, true);
        runner.enableControllerService(store);

        store.recordPipelineRun(run("r1", 1, RunStatus.RUNNING, null));
        store.recordPipelineRun(run("r1", 1, RunStatus.SUCCEEDED, START.plusSeconds(30)));
        store.recordPipelineRuns(List.of(run("r2", 1, RunStatus.FAILED, START.plusSeconds(5)), run("r2", 2, RunStatus.SUCCEEDED,
                START.plusSeconds(50))));
        store.recordJobRun(new JobRunRecord("job-1", "retail", "retail_daily", "1.0.0", LocalDate.of(2026, 1, 5), RunStatus.RUNNING,
                START, null, null, 3, 1, 0, 0, 0, null, null, "PT4H", SlaStatus.UNKNOWN));

        PipelineRunRecord r1 = store.find("r1", 1).orElseThrow();
        assertEquals(RunStatus.SUCCEEDED, r1.status());
        assertEquals(Map.of("hive:staging.sales", 40L), r1.rowsWritten());
        assertEquals(START, r1.startedAt());
        assertEquals(ErrorCategory.INPUT_NOT_FOUND, store.find("r2", 1).orElseThrow().errorCategory());
        assertEquals(Optional.empty(), store.find("r1", 2));
        assertEquals(3, database.count("SELECT COUNT(*) FROM " + schema + ".pipeline_runs"));
        assertEquals(1, database.count("SELECT COUNT(*) FROM " + schema + ".job_runs"));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void withoutCreateTablesItRefusesToEnableOnMissingTables(TestDatabase database) throws Exception {
        String schema = setUp(database, database.url, false);
        Throwable e = assertThrows(Throwable.class, () -> runner.enableControllerService(store));
        assertTrue(causes(e).contains("missing table " + schema + ".pipeline_runs"), causes(e));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void withoutCreateTablesItUsesTablesThatExist(TestDatabase database) throws Exception {
        String schema = setUp(database, database.url, true);
        runner.enableControllerService(store);
        runner.disableControllerService(store);
        runner.setProperty(store, JdbcRunHistoryStore.CREATE_TABLES, "false");
        runner.enableControllerService(store);
        store.recordPipelineRun(run("r1", 1, RunStatus.SUCCEEDED, START.plusSeconds(3)));
        assertEquals(1, database.count("SELECT COUNT(*) FROM " + schema + ".pipeline_runs"));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void verifyChecksTheConnectionAndTheTables(TestDatabase database) throws Exception {
        String schema = setUp(database, database.url, false);
        List<ConfigVerificationResult> missing = runner.verify(store, Map.of());
        assertEquals(Outcome.SUCCESSFUL, missing.get(0).getOutcome(), missing::toString);
        assertEquals(Outcome.FAILED, missing.get(1).getOutcome(), missing::toString);
        assertTrue(missing.get(1).getExplanation().contains("missing table " + schema + ".pipeline_runs"), missing::toString);

        runner.setProperty(store, JdbcRunHistoryStore.CREATE_TABLES, "true");
        List<ConfigVerificationResult> toCreate = runner.verify(store, Map.of());
        assertEquals(Outcome.SUCCESSFUL, toCreate.get(1).getOutcome(), toCreate::toString);
        assertTrue(toCreate.get(1).getExplanation().contains("will be created when the service is enabled"), toCreate::toString);

        runner.enableControllerService(store);
        runner.disableControllerService(store);
        List<ConfigVerificationResult> ready = runner.verify(store, Map.of());
        assertEquals(List.of(Outcome.SUCCESSFUL, Outcome.SUCCESSFUL), ready.stream().map(ConfigVerificationResult::getOutcome).toList());
        assertTrue(ready.get(0).getExplanation().startsWith("connected to "), ready::toString);
    }

    @Test
    void verifyReportsADatabaseThatCannotBeReached() throws Exception {
        setUp(TestDatabase.POSTGRESQL, TestDatabase.DOWN_URL, true);
        List<ConfigVerificationResult> results = runner.verify(store, Map.of());
        assertEquals(List.of(Outcome.FAILED, Outcome.SKIPPED), results.stream().map(ConfigVerificationResult::getOutcome).toList());
        assertTrue(results.get(0).getExplanation().startsWith("cannot connect: "), results::toString);
    }

    @Test
    void enablesWhileTheDatabaseIsDownAndReportsItUnavailable() throws Exception {
        setUp(TestDatabase.POSTGRESQL, TestDatabase.DOWN_URL, true);
        runner.enableControllerService(store);
        assertFalse(runner.getControllerServiceLogger("store").getWarnMessages().isEmpty());
        RunHistoryException e = assertThrows(RunHistoryException.class,
                () -> store.recordPipelineRun(run("r1", 1, RunStatus.SUCCEEDED, START.plusSeconds(3))));
        assertTrue(e.unavailable(), e.getMessage());
        assertTrue(e.getMessage().startsWith("run history database unavailable: "), e.getMessage());
    }

    @Test
    void createsTheTablesOnFirstUseOnceTheDatabaseIsBack() throws Exception {
        String schema = setUp(TestDatabase.POSTGRESQL, TestDatabase.DOWN_URL, true);
        runner.enableControllerService(store);
        // The pool now reaches the database (as after a restart of it): the first call creates the tables.
        DriverManagerDbcpService pool = (DriverManagerDbcpService) runner.getControllerService("pool");
        runner.disableControllerService(store);
        runner.disableControllerService(pool);
        runner.setProperty(pool, DriverManagerDbcpService.URL, TestDatabase.POSTGRESQL.url);
        runner.enableControllerService(pool);
        runner.enableControllerService(store);
        store.recordPipelineRun(run("r1", 1, RunStatus.SUCCEEDED, START.plusSeconds(3)));
        assertEquals(1, TestDatabase.POSTGRESQL.count("SELECT COUNT(*) FROM " + schema + ".pipeline_runs"));
    }

    @Test
    void refusesASchemaNameThatIsNotAnIdentifier() throws Exception {
        setUp(TestDatabase.POSTGRESQL, TestDatabase.POSTGRESQL.url, true);
        runner.setProperty(store, JdbcRunHistoryStore.SCHEMA_NAME, "ops; DROP TABLE x");
        runner.assertNotValid(store);
    }

    private static String causes(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            text.append(t).append('\n');
        }
        return text.toString();
    }
}
