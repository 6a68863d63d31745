package io.datahub.spark.samples;

import io.datahub.model.run.PipelineResolver;
import io.datahub.model.run.PipelineRunResult;
import io.datahub.model.run.RunRequest;
import io.datahub.model.testing.TestFiles;
import io.datahub.model.validation.ConfigValidator;
import io.datahub.spark.SparkTestSupport;
import io.datahub.spark.engine.Elements;
import io.datahub.spark.engine.SparkPipeline;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;

/**
 * The sample applications as a user runs them: run requests resolved from the real config tree
 * ({@code config/}), inputs from {@code src-test-data/} seeded the way the CLI seeds them, and the
 * dev secrets of {@code config/dev-secrets.properties}.
 */
final class Samples {

    /** Surefire runs in the module folder. */
    static final Path CONFIG = Path.of("..", "config").toAbsolutePath().normalize();
    static final Path TEST_DATA = Path.of("..", "src-test-data").toAbsolutePath().normalize();
    static final Path EXPECTED = TEST_DATA.resolve("expected");
    static final Path CRM_SEED = TEST_DATA.resolve("customer").resolve("db").resolve("crm_seed.sql");
    static final LocalDate RUN_DATE = LocalDate.of(2026, 1, 15);
    /** The Hive databases the sample pipelines write (shared by all runs in this JVM's catalog). */
    static final List<String> HIVE_DATABASES = List.of("staging", "standardization", "service");

    private static PipelineResolver resolver;

    private Samples() {
    }

    static synchronized PipelineResolver resolver() {
        if (resolver == null) {
            resolver = new PipelineResolver(new ConfigValidator().validate(CONFIG));
        }
        return resolver;
    }

    static RunRequest request(String app, String pipelineId, Map<String, String> parameters, Path dataRoot) {
        // A run id of its own per run, as the CLI and NiFi give: reruns in this JVM must not look like retries.
        String runId = "run-" + pipelineId + "-" + UUID.randomUUID().toString().substring(0, 8);
        return resolver().resolve(app, pipelineId, runId, 1, null, RUN_DATE, parameters,
                dataRoot.toAbsolutePath().toString());
    }

    static Map<String, String> devSecrets() {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(CONFIG.resolve("dev-secrets.properties"))) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> secrets = new HashMap<>();
        p.stringPropertyNames().forEach(n -> secrets.put(n, p.getProperty(n)));
        return Map.copyOf(secrets);
    }

    /** Runs a pipeline on the test JVM's shared session with the dev secrets. */
    static PipelineRunResult run(String app, String pipelineId, Map<String, String> parameters, Path dataRoot) {
        return new SharedSessionPipeline(devSecrets()).run(request(app, pipelineId, parameters, dataRoot));
    }

    /** Drops the sample's Hive databases so a run starts from an empty catalog. */
    static void dropHiveDatabases() {
        SparkSession spark = SparkTestSupport.spark();
        for (String db : HIVE_DATABASES) {
            spark.sql("DROP DATABASE IF EXISTS " + db + " CASCADE");
        }
    }

    /** As the CLI's seeding does: landing and reference files under {@code <data>/applications/<app>/staging/}. */
    static void seedFiles(String app, Path dataRoot) throws IOException {
        TestFiles.seedSampleInputs(TEST_DATA, app, dataRoot);
    }

    /** The H2 CRM database the customer pipelines' default {@code crmJdbcUrl} names, seeded with crm_seed.sql. */
    static void seedH2Crm(Path dataRoot) throws SQLException {
        String url = "jdbc:h2:file:" + dataRoot.toAbsolutePath().resolve("db").resolve("crm") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("RUNSCRIPT FROM '" + CRM_SEED.toString().replace("'", "''") + "'");
        }
    }

    /** crm_seed.sql split into statements (it has no ';' inside literals), comment lines left out, for plain JDBC. */
    static List<String> crmSeedStatements() throws IOException {
        StringBuilder sql = new StringBuilder();
        for (String line : Files.readAllLines(CRM_SEED)) {
            if (!line.strip().startsWith("--")) {
                sql.append(line).append('\n');
            }
        }
        List<String> statements = new ArrayList<>();
        for (String s : sql.toString().split(";")) {
            if (!s.isBlank()) {
                statements.add(s.strip());
            }
        }
        return statements;
    }

    /** The engine on the test JVM's one session (Spark allows one per JVM); secrets from a map. */
    static final class SharedSessionPipeline extends SparkPipeline {

        private final Map<String, String> secrets;

        SharedSessionPipeline(Map<String, String> secrets) {
            super(new Elements());
            this.secrets = secrets;
        }

        @Override
        protected SparkSession session(RunRequest request) {
            return SparkTestSupport.spark();
        }

        @Override
        protected Function<String, String> secrets(SparkSession spark) {
            return secrets::get;
        }
    }
}
