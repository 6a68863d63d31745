package io.datahub.spark.samples;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The customer sample with its CRM and service database on a real PostgreSQL and a real MariaDB
 * ({@code crmJdbcUrl}, {@code serviceJdbcUrl}), each seeded with crm_seed.sql in a schema / database of
 * this class: the rows merged into crm_customer_snapshot and customer_service_snapshot, read back over
 * JDBC, are the expected ones of {@code src-test-data/expected/customer/}.
 */
class CustomerSampleOnRealDatabasesTest {

    private static final String SPACE = "e2e_customer_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

    /** A database under test: the URL the pipelines get (credentials inside, no secret needed) and an admin URL. */
    record Db(String label, String url, String adminUrl, String create, String drop) {
        @Override
        public String toString() {
            return label;
        }
    }

    static final Db POSTGRES = new Db("postgresql", "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + SPACE + "&user=postgres",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres", "CREATE SCHEMA " + SPACE, "DROP SCHEMA IF EXISTS " + SPACE + " CASCADE");
    static final Db MARIADB = new Db("mariadb", "jdbc:mariadb://127.0.0.1:3306/" + SPACE + "?user=root",
            "jdbc:mariadb://127.0.0.1:3306/test?user=root", "CREATE DATABASE " + SPACE, "DROP DATABASE IF EXISTS " + SPACE);

    static Stream<Db> databases() {
        return Stream.of(POSTGRES, MARIADB);
    }

    @BeforeAll
    static void createSpaces() throws SQLException, IOException {
        for (Db db : databases().toList()) {
            execute(db.adminUrl(), db.create());
            try (Connection c = DriverManager.getConnection(db.url()); Statement s = c.createStatement()) {
                for (String statement : Samples.crmSeedStatements()) {
                    s.execute(statement);
                }
            }
        }
    }

    @AfterAll
    static void dropSpaces() throws SQLException {
        for (Db db : databases().toList()) {
            execute(db.adminUrl(), db.drop());
        }
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void crmAndServiceTablesHoldTheExpectedRows(Db db, @TempDir Path data) throws IOException, SQLException {
        Samples.dropHiveDatabases();
        Samples.seedFiles("customer", data);
        CustomerSamplePipelinesTest.assertStagingLoadCounts(Samples.run("customer", "customer_staging_load", Map.of("crmJdbcUrl", db.url()), data));
        // Hive only; it feeds the service export.
        CustomerSamplePipelinesTest.assertStandardizationCounts(Samples.run("customer", "customer_standardization", Map.of(), data));
        CustomerSamplePipelinesTest.assertServiceExportCounts(
                Samples.run("customer", "customer_service_export", Map.of("serviceJdbcUrl", db.url()), data));
        try (Connection c = DriverManager.getConnection(db.url())) {
            CustomerSamplePipelinesTest.assertCrmSnapshot(Table.jdbc(c, "SELECT * FROM crm_customer_snapshot"));
            CustomerSamplePipelinesTest.assertServiceRows("customer_service_snapshot", Table.jdbc(c, "SELECT * FROM customer_service_snapshot"));
        }
    }
}
