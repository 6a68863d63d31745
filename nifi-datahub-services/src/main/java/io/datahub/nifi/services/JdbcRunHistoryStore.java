package io.datahub.nifi.services;

import io.datahub.model.history.ConnectionSource;
import io.datahub.model.history.JobRunRecord;
import io.datahub.model.history.PipelineRunRecord;
import io.datahub.model.history.RunHistoryException;
import io.datahub.model.history.RunHistoryRepository;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.lifecycle.OnDisabled;
import org.apache.nifi.annotation.lifecycle.OnEnabled;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.context.PropertyContext;
import org.apache.nifi.controller.AbstractControllerService;
import org.apache.nifi.controller.ConfigurationContext;
import org.apache.nifi.controller.VerifiableControllerService;
import org.apache.nifi.dbcp.DBCPService;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.migration.PropertyConfiguration;
import org.apache.nifi.processor.util.StandardValidators;

/**
 * Run history in {@code <schema>.pipeline_runs} and {@code <schema>.job_runs} through NiFi's {@link DBCPService}: a thin
 * adapter over {@code datahub-model}'s {@link RunHistoryRepository}, which holds the SQL, the DDL of each database and
 * the classification of failures.
 */
@Tags({"datahub", "run history", "jdbc", "database", "sql", "postgresql", "mariadb", "mysql"})
@CapabilityDescription("Records Data Hub pipeline runs (one row per run attempt) and job runs in the run-history tables"
        + " <schema>.pipeline_runs and <schema>.job_runs, reached through a Database Connection Pooling Service."
        + " Writes are idempotent: a record replaces the row of its run id and attempt. Creates the tables when enabled"
        + " (PostgreSQL, MariaDB/MySQL, H2) or checks that they exist.")
public class JdbcRunHistoryStore extends AbstractControllerService implements RunHistoryStore, VerifiableControllerService {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    public static final PropertyDescriptor DBCP_SERVICE = new PropertyDescriptor.Builder()
            .name("Database Connection Pooling Service")
            .description("The connection pool of the run-history database. Connections are taken per call and returned at once.")
            .required(true)
            .identifiesControllerService(DBCPService.class)
            .build();

    public static final PropertyDescriptor SCHEMA_NAME = new PropertyDescriptor.Builder()
            .name("Schema Name")
            .description("The schema holding pipeline_runs and job_runs (a database on MariaDB/MySQL); a plain identifier.")
            .required(true)
            .defaultValue("ops")
            .addValidator(StandardValidators.createRegexMatchingValidator(IDENTIFIER))
            .build();

    public static final PropertyDescriptor CREATE_TABLES = new PropertyDescriptor.Builder()
            .name("Create Tables")
            .description("When true, the schema, the tables and their indexes are created where missing when the service is"
                    + " enabled (the user needs the right to create them). When false, the service only checks that they"
                    + " exist with all their columns and does not enable otherwise.")
            .required(true)
            .allowableValues("true", "false")
            .defaultValue("true")
            .build();

    private static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(DBCP_SERVICE, SCHEMA_NAME, CREATE_TABLES);

    static final String CONNECTION_STEP = "Database connection";
    static final String TABLES_STEP = "Run history tables";
    private static final int VALID_TIMEOUT_SECONDS = 5;

    private volatile RunHistoryRepository repository;
    private volatile DBCPService pool;
    private volatile boolean createTables;
    /** False until the tables were created or checked; stays false while the database cannot be reached. */
    private volatile boolean tablesReady;

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    /** Former property name -> current name (never remove an entry); none renamed yet. See {@link PropertyMigrations}. */
    static final Map<String, String> RENAMED_PROPERTIES = Map.of();

    @Override
    public void migrateProperties(final PropertyConfiguration config) {
        PropertyMigrations.rename(config, RENAMED_PROPERTIES);
    }

    @OnEnabled
    public void onEnabled(final ConfigurationContext context) {
        repository = repository(context);
        pool = context.getProperty(DBCP_SERVICE).asControllerService(DBCPService.class);
        createTables = context.getProperty(CREATE_TABLES).asBoolean();
        tablesReady = false;
        try {
            prepareTables();
        } catch (RunHistoryException e) {
            if (!e.unavailable()) {
                repository = null;
                throw e;  // a configuration problem (missing tables, no rights): the service must not enable
            }
            // The database is down: enable anyway, so that callers can hold their records and retry (no record is lost);
            // the tables are created or checked by the first call that reaches the database.
            getLogger().warn("Run history database unavailable; the tables of schema {} will be {} on first use: {}",
                    repository.schema(), createTables ? "created" : "checked", e.getMessage());
        }
    }

    @OnDisabled
    public void onDisabled() {
        repository = null;
        pool = null;
        tablesReady = false;
    }

    @Override
    public void recordPipelineRun(final PipelineRunRecord run) {
        repository().record(run);
    }

    @Override
    public void recordPipelineRuns(final List<PipelineRunRecord> runs) {
        repository().recordAll(runs);
    }

    @Override
    public void recordJobRun(final JobRunRecord job) {
        repository().record(job);
    }

    @Override
    public Optional<PipelineRunRecord> find(final String runId, final int attempt) {
        return repository().find(runId, attempt);
    }

    @Override
    public List<ConfigVerificationResult> verify(final ConfigurationContext context, final ComponentLog verificationLogger,
                                                 final Map<String, String> variables) {
        final DBCPService connectionPool = context.getProperty(DBCP_SERVICE).asControllerService(DBCPService.class);
        final boolean create = context.getProperty(CREATE_TABLES).asBoolean();
        return check(connectionPool, repository(context), create, "when the service is enabled", verificationLogger);
    }

    @Override
    public List<ConfigVerificationResult> verifyStore(final ComponentLog verificationLogger) {
        final RunHistoryRepository current = repository;
        final DBCPService currentPool = pool;
        if (current == null || currentPool == null) {
            return List.of(result(CONNECTION_STEP, Outcome.FAILED, "run history store " + getIdentifier() + " is not enabled"));
        }
        // Once created or checked, the tables are not created again: tables dropped since then are a failure.
        return check(currentPool, current, createTables && !tablesReady, "by the next write", verificationLogger);
    }

    /**
     * The connection, then the tables.
     *
     * @param create      whether missing tables will be created
     * @param createdWhen when they will be created
     */
    private static List<ConfigVerificationResult> check(final DBCPService pool, final RunHistoryRepository candidate, final boolean create,
                                                        final String createdWhen, final ComponentLog verificationLogger) {
        final List<ConfigVerificationResult> results = new ArrayList<>();
        try (Connection connection = connections(pool).get()) {
            final String product = connection.getMetaData().getDatabaseProductName() + " " + connection.getMetaData().getDatabaseProductVersion();
            if (!connection.isValid(VALID_TIMEOUT_SECONDS)) {
                results.add(result(CONNECTION_STEP, Outcome.FAILED, "the connection to " + product + " is not valid"));
                return skipTables(results);
            }
            results.add(result(CONNECTION_STEP, Outcome.SUCCESSFUL, "connected to " + product));
        } catch (SQLException | RuntimeException e) {
            verificationLogger.warn("Cannot connect to the run-history database", e);
            results.add(result(CONNECTION_STEP, Outcome.FAILED, "cannot connect: " + e.getMessage()));
            return skipTables(results);
        }
        try {
            candidate.checkTables();
            results.add(result(TABLES_STEP, Outcome.SUCCESSFUL,
                    candidate.schema() + ".pipeline_runs and " + candidate.schema() + ".job_runs exist with all their columns"));
        } catch (RunHistoryException e) {
            if (create && !e.unavailable()) {
                results.add(result(TABLES_STEP, Outcome.SUCCESSFUL, e.getMessage() + "; Create Tables is true, so they will be created "
                        + createdWhen));
            } else {
                verificationLogger.warn("Run history tables not usable: {}", e.getMessage());
                results.add(result(TABLES_STEP, Outcome.FAILED, e.getMessage()));
            }
        }
        return results;
    }

    private RunHistoryRepository repository() {
        final RunHistoryRepository current = repository;
        if (current == null) {
            throw new IllegalStateException("run history store " + getIdentifier() + " is not enabled");
        }
        if (!tablesReady) {
            prepareTables();
        }
        return current;
    }

    private synchronized void prepareTables() {
        if (tablesReady) {
            return;
        }
        final RunHistoryRepository current = repository;
        if (createTables) {
            current.createTables();
        } else {
            current.checkTables();
        }
        tablesReady = true;
        getLogger().info("Run history ready in schema {}", current.schema());
    }

    private static RunHistoryRepository repository(final PropertyContext context) {
        final DBCPService pool = context.getProperty(DBCP_SERVICE).asControllerService(DBCPService.class);
        return new RunHistoryRepository(connections(pool), context.getProperty(SCHEMA_NAME).getValue().strip());
    }

    /**
     * Connections from the pool. A pool that cannot hand out a connection throws an unchecked ProcessException; it becomes
     * a connection-class SQLException here, so the repository reports the database as unavailable (retry later) rather
     * than as a failed statement.
     */
    static ConnectionSource connections(final DBCPService pool) {
        return () -> {
            try {
                return pool.getConnection();
            } catch (RuntimeException e) {
                throw new SQLTransientConnectionException("cannot get a connection from the pool: " + message(e), "08001", e);
            }
        };
    }

    /** The message of the first SQLException in the chain (the driver's reason), else of the error itself. */
    private static String message(final Throwable error) {
        Throwable described = error;
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException) {
                described = t;
                break;
            }
        }
        final String text = described.getMessage();
        return text == null || text.isBlank() ? described.getClass().getSimpleName() : text.strip();
    }

    private static List<ConfigVerificationResult> skipTables(final List<ConfigVerificationResult> results) {
        results.add(result(TABLES_STEP, Outcome.SKIPPED, "no connection to the database"));
        return results;
    }

    private static ConfigVerificationResult result(final String step, final Outcome outcome, final String explanation) {
        return new ConfigVerificationResult.Builder()
                .verificationStepName(step)
                .outcome(outcome)
                .explanation(explanation)
                .build();
    }
}
