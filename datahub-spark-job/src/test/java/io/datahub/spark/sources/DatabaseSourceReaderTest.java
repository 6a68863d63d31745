package io.datahub.spark.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datahub.model.definition.DatabaseSource;
import io.datahub.model.run.ErrorCategory;
import io.datahub.model.schema.Column;
import io.datahub.model.schema.ColumnType;
import io.datahub.model.schema.TableSchema;
import io.datahub.spark.SparkTestSupport;
import io.datahub.spark.api.DatahubException;
import io.datahub.spark.api.RunContext;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Against the real PostgreSQL and MariaDB: a schema (database) of its own with a table of ten orders. */
class DatabaseSourceReaderTest {

    private static final String NAME = "dh_src_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String MARIA_ADMIN_URL = "jdbc:mariadb://127.0.0.1:3306/test";
    private static final String MARIA_URL = "jdbc:mariadb://127.0.0.1:3306/" + NAME;
    /** A MariaDB user with a password, to prove credentials are passed (and a wrong one is refused). */
    private static final String MARIA_USER = NAME + "_u";
    private static final String MARIA_PASSWORD = "Right-pw-42";
    private static final Map<String, String> SECRETS = Map.of(
            "pg", "postgres:unused",
            "maria", "root:",
            "reader", MARIA_USER + ":" + MARIA_PASSWORD,
            "wrong", MARIA_USER + ":Wrong-pw-13");

    /** Ten orders; what every test expects is derived by hand from these. */
    private static final String ROWS = """
            (1, 'Ann', 12.50, DATE '2026-01-15', TIMESTAMP '2026-01-15 08:00:00'),
            (2, 'Bob', 25.00, DATE '2026-01-15', TIMESTAMP '2026-01-15 09:30:00'),
            (3, 'O''Brien', 5.00, DATE '2026-01-10', TIMESTAMP '2026-01-10 10:00:00'),
            (4, 'Dan', 20.00, DATE '2026-01-15', TIMESTAMP '2026-01-15 11:00:00'),
            (5, 'Eve', 99.99, DATE '2026-01-14', TIMESTAMP '2026-01-14 12:00:00'),
            (6, 'Fay', 30.10, DATE '2026-01-15', TIMESTAMP '2026-01-15 13:00:00'),
            (7, 'Gus', NULL, DATE '2026-01-15', TIMESTAMP '2026-01-15 14:00:00'),
            (8, 'Hal', 40.00, DATE '2026-01-13', TIMESTAMP '2026-01-13 15:00:00'),
            (9, 'Ivy', 19.99, DATE '2026-01-15', TIMESTAMP '2026-01-15 16:00:00'),
            (10, 'Jo', 7.00, DATE '2026-01-12', TIMESTAMP '2026-01-12 17:00:00')
            """;

    private static final List<String> ALL_ORDERS = Rows.sorted(
            "[1,Ann,12.50,2026-01-15,2026-01-15 08:00:00.0]",
            "[2,Bob,25.00,2026-01-15,2026-01-15 09:30:00.0]",
            "[3,O'Brien,5.00,2026-01-10,2026-01-10 10:00:00.0]",
            "[4,Dan,20.00,2026-01-15,2026-01-15 11:00:00.0]",
            "[5,Eve,99.99,2026-01-14,2026-01-14 12:00:00.0]",
            "[6,Fay,30.10,2026-01-15,2026-01-15 13:00:00.0]",
            "[7,Gus,null,2026-01-15,2026-01-15 14:00:00.0]",
            "[8,Hal,40.00,2026-01-13,2026-01-13 15:00:00.0]",
            "[9,Ivy,19.99,2026-01-15,2026-01-15 16:00:00.0]",
            "[10,Jo,7.00,2026-01-12,2026-01-12 17:00:00.0]");

    /** Compared as simpleString: Spark's JDBC reader adds column metadata (its JDBC scale) to the fields. */
    private static final StructType ORDERS_SCHEMA =
            StructType.fromDDL("id int, customer string, amount decimal(10,2), order_date date, created_at timestamp");

    @TempDir
    Path data;

    @BeforeAll
    static void createTables() throws SQLException {
        try (Connection pg = DriverManager.getConnection(PG_URL, "postgres", ""); Statement s = pg.createStatement()) {
            s.execute("CREATE SCHEMA " + NAME);
            s.execute("CREATE TABLE " + NAME + ".orders (id INT PRIMARY KEY, customer VARCHAR(50) NOT NULL, amount NUMERIC(10,2),"
                    + " order_date DATE NOT NULL, created_at TIMESTAMP NOT NULL)");
            s.execute("INSERT INTO " + NAME + ".orders VALUES " + ROWS);
        }
        try (Connection maria = DriverManager.getConnection(MARIA_ADMIN_URL, "root", ""); Statement s = maria.createStatement()) {
            s.execute("CREATE DATABASE " + NAME);
            s.execute("CREATE TABLE " + NAME + ".orders (id INT PRIMARY KEY, customer VARCHAR(50) NOT NULL, amount DECIMAL(10,2),"
                    + " order_date DATE NOT NULL, created_at DATETIME NOT NULL)");
            s.execute("INSERT INTO " + NAME + ".orders VALUES " + ROWS);
            s.execute("CREATE USER '" + MARIA_USER + "'@'%' IDENTIFIED BY '" + MARIA_PASSWORD + "'");
            s.execute("GRANT SELECT ON " + NAME + ".* TO '" + MARIA_USER + "'@'%'");
        }
    }

    @AfterAll
    static void dropTables() throws SQLException {
        try (Connection pg = DriverManager.getConnection(PG_URL, "postgres", ""); Statement s = pg.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + NAME + " CASCADE");
        }
        try (Connection maria = DriverManager.getConnection(MARIA_ADMIN_URL, "root", ""); Statement s = maria.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + NAME);
            s.execute("DROP USER IF EXISTS '" + MARIA_USER + "'@'%'");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pg", "maria"})
    void readsATable(String db) {
        RunContext context = context(db, "", "<table name=\"" + NAME + ".orders\"/>");
        Dataset<Row> rows = read(context);
        assertEquals(ORDERS_SCHEMA.simpleString(), rows.schema().simpleString());
        assertEquals(ALL_ORDERS, Rows.sorted(rows));
        assertEquals(List.of(), context.warnings());
    }

    @ParameterizedTest
    @ValueSource(strings = {"pg", "maria"})
    void readsATableInParallelPartitions(String db) {
        Dataset<Row> rows = read(context(db, "partitionColumn=\"id\" lowerBound=\"1\" upperBound=\"10\" numPartitions=\"4\" fetchSize=\"2\"",
                "<table name=\"" + NAME + ".orders\"/>"));
        assertEquals(4, rows.rdd().getNumPartitions());
        assertEquals(ALL_ORDERS, Rows.sorted(rows));
    }

    @ParameterizedTest
    @ValueSource(strings = {"pg", "maria"})
    void bindsQueryParametersAsTypedValues(String db) {
        RunContext context = context(db, "fetchSize=\"2\"", """
                <sql><![CDATA[
                  SELECT id, customer, amount, order_date, created_at FROM %s.orders
                  WHERE (order_date = :runDate AND amount >= :minAmount) OR customer = :customerName
                ]]></sql>""".formatted(NAME), Map.of("minAmount", "20.00", "customerName", "O'Brien"), Map.of());
        Dataset<Row> rows = read(context);
        assertEquals(ORDERS_SCHEMA.simpleString(), rows.schema().simpleString());
        // 2026-01-15 (the run date) with amount >= 20.00: 2, 4, 6 (7 has no amount, 1 and 9 are below); and O'Brien
        assertEquals(Rows.sorted(
                "[2,Bob,25.00,2026-01-15,2026-01-15 09:30:00.0]",
                "[3,O'Brien,5.00,2026-01-10,2026-01-10 10:00:00.0]",
                "[4,Dan,20.00,2026-01-15,2026-01-15 11:00:00.0]",
                "[6,Fay,30.10,2026-01-15,2026-01-15 13:00:00.0]"), Rows.sorted(rows));
    }

    @Test
    void aQueryRunsAtTheIsolationLevel() {
        Dataset<Row> pg = read(context("pg", "isolationLevel=\"SERIALIZABLE\"",
                "<sql>SELECT current_setting('transaction_isolation') AS level</sql>"));
        assertEquals(List.of("[serializable]"), Rows.sorted(pg));
        Dataset<Row> maria = read(context("maria", "isolationLevel=\"READ_COMMITTED\"", "<sql>SELECT @@tx_isolation AS level</sql>"));
        assertEquals(List.of("[READ-COMMITTED]"), Rows.sorted(maria));
    }

    @Test
    void partitionAttributesOnAQueryAreAWarning() {
        RunContext context = context("pg", "partitionColumn=\"id\" lowerBound=\"1\" upperBound=\"10\" numPartitions=\"4\"",
                "<sql>SELECT id FROM " + NAME + ".orders WHERE id &lt;= 2</sql>");
        assertEquals(Rows.sorted("[1]", "[2]"), Rows.sorted(read(context)));
        assertEquals(List.of("<database> source 'orders': partitionColumn, lowerBound, upperBound and numPartitions apply to"
                + " <table> reads; the <sql> query is read over one connection"), context.warnings());
    }

    @Test
    void isolationLevelOnATableReadIsAWarning() {
        RunContext context = context("pg", "isolationLevel=\"SERIALIZABLE\"", "<table name=\"" + NAME + ".orders\"/>");
        assertEquals(10, read(context).count());
        assertEquals(List.of("<database> source 'orders': isolationLevel SERIALIZABLE applies to <sql> reads only;"
                + " Spark's JDBC table reader uses the database's default isolation"), context.warnings());
    }

    @Test
    void aSchemaRefConformsTheResult() {
        TableSchema schema = new TableSchema("orders.avsc", List.of(
                new Column("ID", ColumnType.LONG, false), new Column("amount", ColumnType.DOUBLE, true)));
        RunContext context = context("pg", "schemaRef=\"orders.avsc\"",
                "<sql>SELECT id, amount FROM " + NAME + ".orders WHERE id &lt;= 2</sql>", Map.of(), Map.of("orders.avsc", schema));
        Dataset<Row> rows = read(context);
        assertEquals(StructType.fromDDL("ID bigint, amount double"), rows.schema());
        assertEquals(Rows.sorted("[1,12.5]", "[2,25.0]"), Rows.sorted(rows));
    }

    @Test
    void credentialsComeFromTheSecret() {
        Dataset<Row> rows = read(context("maria", "jdbcUrl=\"" + MARIA_URL + "\" userSecretRef=\"reader\"",
                "<sql>SELECT customer FROM orders WHERE id = 3</sql>"));
        assertEquals(List.of("[O'Brien]"), Rows.sorted(rows));
    }

    @Test
    void aWrongPasswordIsConnectionFailed() {
        RunContext context = context("maria", "jdbcUrl=\"" + MARIA_URL + "\" userSecretRef=\"wrong\"",
                "<table name=\"orders\"/>");
        DatahubException e = assertThrows(DatahubException.class, () -> read(context));
        assertEquals(ErrorCategory.CONNECTION_FAILED, e.category());
        assertEquals("<database> source 'orders': cannot connect to " + MARIA_URL + ": Access denied for user '" + MARIA_USER
                + "'@'127.0.0.1' (using password: YES)", e.getMessage());
    }

    @Test
    void aClosedPortIsConnectionFailedAndTheUrlLosesItsPassword() {
        RunContext context = context("pg", "jdbcUrl=\"jdbc:postgresql://127.0.0.1:1/test?user=postgres&amp;password=Top-secret-7\"",
                "<table name=\"" + NAME + ".orders\"/>");
        DatahubException e = assertThrows(DatahubException.class, () -> read(context));
        assertEquals(ErrorCategory.CONNECTION_FAILED, e.category());
        assertEquals("<database> source 'orders': cannot connect to jdbc:postgresql://127.0.0.1:1/test?user=postgres&password=***:"
                + " Connection to 127.0.0.1:1 refused. Check that the hostname and port are correct and that the postmaster"
                + " is accepting TCP/IP connections.", e.getMessage());
        assertFalse(e.getMessage().contains("Top-secret-7"));
    }

    @Test
    void aClosedPortOnTheQueryPathIsConnectionFailed() {
        RunContext context = context("maria", "jdbcUrl=\"jdbc:mariadb://127.0.0.1:1/test\" userSecretRef=\"reader\"",
                "<sql>SELECT 1</sql>");
        DatahubException e = assertThrows(DatahubException.class, () -> read(context));
        assertEquals(ErrorCategory.CONNECTION_FAILED, e.category());
        assertEquals("<database> source 'orders': cannot connect to jdbc:mariadb://127.0.0.1:1/test: Socket fail to connect to"
                + " address=(host=127.0.0.1)(port=1)(type=primary). Connection refused", e.getMessage());
        assertFalse(e.getMessage().contains(MARIA_PASSWORD));
    }

    @Test
    void badSqlIsSqlErrorWithTheDatabasesMessage() {
        RunContext pg = context("pg", "", "<sql>SELEC id FROM " + NAME + ".orders</sql>");
        DatahubException e = assertThrows(DatahubException.class, () -> read(pg));
        assertEquals(ErrorCategory.SQL_ERROR, e.category());
        assertEquals("<database> source 'orders': query failed: ERROR: syntax error at or near \"SELEC\" Position: 1", e.getMessage());

        RunContext maria = context("maria", "", "<sql>SELECT nope FROM " + NAME + ".orders</sql>");
        DatahubException m = assertThrows(DatahubException.class, () -> read(maria));
        assertEquals(ErrorCategory.SQL_ERROR, m.category());
        assertEquals("<database> source 'orders': query failed: Unknown column 'nope' in 'SELECT'", m.getMessage());
    }

    @Test
    void aMissingTableIsInputNotFound() {
        RunContext context = context("pg", "", "<table name=\"" + NAME + ".nothing\"/>");
        DatahubException e = assertThrows(DatahubException.class, () -> read(context));
        assertEquals(ErrorCategory.INPUT_NOT_FOUND, e.category());
        assertEquals("<database> source 'orders': table " + NAME + ".nothing does not exist", e.getMessage());
    }

    @Test
    void aParameterThatDoesNotParseIsAConfigurationError() {
        RunContext context = context("pg", "", "<sql>SELECT id FROM " + NAME + ".orders WHERE amount >= :minAmount</sql>",
                Map.of("minAmount", "twenty", "customerName", "x"), Map.of());
        DatahubException e = assertThrows(DatahubException.class, () -> read(context));
        assertEquals(ErrorCategory.CONFIGURATION, e.category());
        assertEquals("<database> source 'orders': parameter 'minAmount': 'twenty' is not a decimal", e.getMessage());
    }

    @Test
    void aMissingSecretNamesTheSource() {
        RunContext context = context("pg", "userSecretRef=\"nobody\"", "<table name=\"" + NAME + ".orders\"/>");
        DatahubException e = assertThrows(DatahubException.class, () -> read(context));
        assertEquals(ErrorCategory.SECRET_MISSING, e.category());
        assertEquals("<database> source 'orders': secret 'nobody' has no value (set Spark configuration spark.datahub.secret.nobody)",
                e.getMessage());
    }

    // ------------------------------------------------------------------ helpers

    private RunContext context(String db, String attributes, String body) {
        return context(db, attributes, body, Map.of("minAmount", "0", "customerName", "x"), Map.of());
    }

    /**
     * A pipeline with one {@code <database>} source: {@code db} "pg" or "maria" picks URL and secret unless
     * {@code attributes} names its own.
     */
    private RunContext context(String db, String attributes, String body, Map<String, String> parameters,
                               Map<String, TableSchema> schemas) {
        String url = db.equals("pg") ? PG_URL : MARIA_ADMIN_URL;
        String connection = (attributes.contains("jdbcUrl=") ? "" : "jdbcUrl=\"" + url + "\" ")
                + (attributes.contains("userSecretRef=") ? "" : "userSecretRef=\"" + db + "\" ");
        String xml = """
                <pipeline id="p" version="1.0.0" layer="staging">
                  <parameters>
                    <parameter name="minAmount" type="decimal"/>
                    <parameter name="customerName"/>
                  </parameters>
                  <sources>
                    <database id="orders" %s%s>
                      %s
                    </database>
                  </sources>
                  <targets><csv path="out"/></targets>
                </pipeline>
                """.formatted(connection, attributes, body);
        return SparkTestSupport.context(SparkTestSupport.request(xml, data, parameters, schemas, Map.of(), Map.of()), SECRETS);
    }

    private static Dataset<Row> read(RunContext context) {
        return new DatabaseSourceReader().read((DatabaseSource) context.pipeline().sources().get(0), context);
    }
}
