package io.datahub.spark.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datahub.model.definition.DatabaseTarget;
import io.datahub.model.run.ErrorCategory;
import io.datahub.model.run.RunRequest;
import io.datahub.spark.SparkTestSupport;
import io.datahub.spark.api.DatahubException;
import io.datahub.spark.api.RunContext;
import io.datahub.spark.api.TargetCommit;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/** The same cases against a real PostgreSQL and a real MariaDB, each in a schema / database of its own. */
class DatabaseTargetWriterTest {

    private static final String SPACE = "dbt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private static final StructType SCHEMA = new StructType()
            .add("id", DataTypes.IntegerType)
            .add("name", DataTypes.StringType)
            .add("city", DataTypes.StringType);

    /**
     * A database under test: the JDBC URL, the credentials secret ({@code user:password}) and this class's schema / database.
     * PostgreSQL runs with trust authentication, so its password is checked nowhere but in our messages.
     */
    record Db(String label, String url, String secret, String space) {
        @Override
        public String toString() {
            return label;
        }

        Connection connect() throws SQLException {
            int colon = secret.indexOf(':');
            return DriverManager.getConnection(url, secret.substring(0, colon), secret.substring(colon + 1));
        }

        boolean maria() {
            return label.equals("mariadb");
        }
    }

    static final Db POSTGRES = new Db("postgresql", "jdbc:postgresql://127.0.0.1:5432/test", "postgres:pg-Secret-9", SPACE);
    static final Db MARIADB = new Db("mariadb", "jdbc:mariadb://127.0.0.1:3306/test", "root:", SPACE);

    static Stream<Db> databases() {
        return Stream.of(POSTGRES, MARIADB);
    }

    @TempDir
    Path data;

    private final DatabaseTargetWriter writer = new DatabaseTargetWriter();

    @BeforeAll
    static void createSpaces() throws SQLException {
        execute(POSTGRES, "CREATE SCHEMA " + SPACE);
        execute(MARIADB, "CREATE DATABASE " + SPACE);
    }

    @AfterAll
    static void dropSpaces() throws SQLException {
        execute(POSTGRES, "DROP SCHEMA " + SPACE + " CASCADE");
        execute(MARIADB, "DROP DATABASE " + SPACE);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void appendAddsRowsAndARerunOfTheSameRunIdAddsNothing(Db db) throws SQLException {
        // No primary key: a duplicated append would show as duplicated rows.
        execute(db, "CREATE TABLE " + SPACE + ".appended (id INT, name VARCHAR(20), city VARCHAR(20))");
        execute(db, "INSERT INTO " + SPACE + ".appended VALUES (1, 'ann', 'oslo')");
        String xml = pipeline(db, "appended", "mode=\"append\"");
        commit(db, xml, "run-1", rows("2,bob,rome", "3,cid,lima"));
        commit(db, xml, "run-1", rows("2,bob,rome", "3,cid,lima"));
        commit(db, xml, "run-2", rows("4,dan,kyiv"));
        assertEquals(List.of("1|ann|oslo", "2|bob|rome", "3|cid|lima", "4|dan|kyiv"), rowsOf(db, "appended"));
        assertEquals(List.of(SPACE + ".appended|run-1", SPACE + ".appended|run-2"),
                query(db, "SELECT target_table, run_id FROM " + SPACE + ".datahub_target_commits WHERE target_table LIKE '%.appended'"
                        + " ORDER BY run_id"));
        assertEquals(List.of("appended"), tables(db).stream().filter(t -> t.startsWith("appended")).toList(), "staging dropped");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void overwriteReplacesTheRowsAndKeepsTheTablesIndexes(Db db) throws SQLException {
        execute(db, "CREATE TABLE " + SPACE + ".replaced (id INT PRIMARY KEY, name VARCHAR(20), city VARCHAR(20))");
        execute(db, "CREATE INDEX replaced_city ON " + SPACE + ".replaced (city)");
        execute(db, "INSERT INTO " + SPACE + ".replaced VALUES (1, 'ann', 'oslo'), (2, 'bob', 'rome')");
        commit(db, pipeline(db, "replaced", "mode=\"overwrite\""), "run-1", rows("2,bea,bern", "5,eve,graz"));
        assertEquals(List.of("2|bea|bern", "5|eve|graz"), rowsOf(db, "replaced"));
        assertTrue(indexes(db, "replaced").contains("replaced_city"), indexes(db, "replaced").toString());
        assertEquals(List.of(db.maria() ? "varchar" : "character varying"), query(db, columnTypeQuery(db, "replaced", "name")),
                "the table's DDL stays");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void overwriteCreatesAMissingTable(Db db) throws SQLException {
        commit(db, pipeline(db, "created", "mode=\"overwrite\""), "run-1", rows("1,ann,oslo", "2,bob,rome"));
        assertEquals(List.of("1|ann|oslo", "2|bob|rome"), rowsOf(db, "created"));
        assertEquals(List.of("created"), tables(db).stream().filter(t -> t.startsWith("created")).toList());
    }

    @ParameterizedTest
    @MethodSource("databases")
    void truncateInsertEmptiesTheTableAndInserts(Db db) throws SQLException {
        execute(db, "CREATE TABLE " + SPACE + ".truncated (id INT PRIMARY KEY, name VARCHAR(20), city VARCHAR(20))");
        execute(db, "INSERT INTO " + SPACE + ".truncated VALUES (1, 'ann', 'oslo'), (2, 'bob', 'rome'), (3, 'cid', 'lima')");
        commit(db, pipeline(db, "truncated", "mode=\"truncateInsert\""), "run-1", rows("3,cyd,linz", "7,gus,nice"));
        assertEquals(List.of("3|cyd|linz", "7|gus|nice"), rowsOf(db, "truncated"));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void mergeUpdatesExistingKeysInsertsNewOnesAndKeepsTheRest(Db db) throws SQLException {
        execute(db, "CREATE TABLE " + SPACE + ".merged (id INT PRIMARY KEY, name VARCHAR(20), city VARCHAR(20))");
        execute(db, "INSERT INTO " + SPACE + ".merged VALUES (1, 'ann', 'oslo'), (2, 'bob', 'rome'), (3, 'cid', 'lima')");
        String xml = pipeline(db, "merged", "mode=\"merge\" keys=\"id\"");
        commit(db, xml, "run-1", rows("2,bob,bonn", "4,dan,kyiv"));
        assertEquals(List.of("1|ann|oslo", "2|bob|bonn", "3|cid|lima", "4|dan|kyiv"), rowsOf(db, "merged"));
        // Merge is idempotent by nature: the same run again changes nothing.
        commit(db, xml, "run-1", rows("2,bob,bonn", "4,dan,kyiv"));
        assertEquals(List.of("1|ann|oslo", "2|bob|bonn", "3|cid|lima", "4|dan|kyiv"), rowsOf(db, "merged"));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void mergeOnACompositeUniqueIndex(Db db) throws SQLException {
        execute(db, "CREATE TABLE " + SPACE + ".merged_pair (id INT NOT NULL, name VARCHAR(20) NOT NULL, city VARCHAR(20))");
        execute(db, "CREATE UNIQUE INDEX merged_pair_key ON " + SPACE + ".merged_pair (name, id)");
        execute(db, "INSERT INTO " + SPACE + ".merged_pair VALUES (1, 'ann', 'oslo'), (1, 'bob', 'rome')");
        commit(db, pipeline(db, "merged_pair", "mode=\"merge\" keys=\"id, name\""), "run-1", rows("1,bob,bonn", "2,ann,kyiv"));
        assertEquals(List.of("1|ann|oslo", "1|bob|bonn", "2|ann|kyiv"), rowsOf(db, "merged_pair"));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void mergeWithoutAUniqueKeyOnTheKeysIsAConfigurationError(Db db) throws SQLException {
        execute(db, "CREATE TABLE " + SPACE + ".no_key (id INT, name VARCHAR(20), city VARCHAR(20))");
        String xml = pipeline(db, "no_key", "id=\"crm\" mode=\"merge\" keys=\"ID\"");
        DatahubException e = assertThrows(DatahubException.class, () -> writer.prepare(target(xml), rows("1,ann,oslo"), context(db, xml, "run-1")));
        assertEquals(ErrorCategory.CONFIGURATION, e.category());
        assertEquals("<database id=\"crm\">: table " + SPACE + ".no_key needs a primary key or unique index on the keys (id) for mode merge",
                e.getMessage());
        assertEquals(List.of("no_key"), tables(db).stream().filter(t -> t.startsWith("no_key")).toList());
    }

    @ParameterizedTest
    @MethodSource("databases")
    void writeBatchSizeAndIsolationLevelAreHonoured(Db db) throws SQLException {
        execute(db, "CREATE TABLE " + SPACE + ".batched (id INT PRIMARY KEY, name VARCHAR(20), city VARCHAR(20))");
        String xml = pipeline(db, "batched", "mode=\"append\" writeBatchSize=\"2\" isolationLevel=\"SERIALIZABLE\"");
        commit(db, xml, "run-1", rows("1,a,x", "2,b,x", "3,c,x", "4,d,y", "5,e,y", "6,f,y", "7,g,z"));
        assertEquals(List.of("1|a|x", "2|b|x", "3|c|x", "4|d|y", "5|e|y", "6|f|y", "7|g|z"), rowsOf(db, "batched"));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void abortLeavesTheTableUnchangedAndDropsTheStagingTable(Db db) throws SQLException {
        execute(db, "CREATE TABLE " + SPACE + ".aborted (id INT PRIMARY KEY, name VARCHAR(20), city VARCHAR(20))");
        execute(db, "INSERT INTO " + SPACE + ".aborted VALUES (1, 'ann', 'oslo')");
        String xml = pipeline(db, "aborted", "mode=\"overwrite\"");
        TargetCommit commit = writer.prepare(target(xml), rows("8,hal,riga", "9,ida,oslo"), context(db, xml, "run-1"));
        List<String> staged = tables(db).stream().filter(t -> t.startsWith("aborted")).toList();
        assertEquals(2, staged.size(), staged.toString());
        assertTrue(staged.get(1).matches("aborted__stg_[0-9a-f]{8}"), staged.toString());
        assertEquals(List.of("8|hal|riga", "9|ida|oslo"), query(db, "SELECT id, name, city FROM " + SPACE + "." + staged.get(1) + " ORDER BY id"));
        assertEquals(List.of("1|ann|oslo"), rowsOf(db, "aborted"), "prepare must not change the table");
        commit.abort();
        assertEquals(List.of("1|ann|oslo"), rowsOf(db, "aborted"));
        assertEquals(List.of("aborted"), tables(db).stream().filter(t -> t.startsWith("aborted")).toList());
    }

    @ParameterizedTest
    @MethodSource("databases")
    void dataColumnsMissingFromTheTableAreASchemaMismatch(Db db) throws SQLException {
        execute(db, "CREATE TABLE " + SPACE + ".narrow (id INT PRIMARY KEY, name VARCHAR(20))");
        String xml = pipeline(db, "narrow", "mode=\"append\"");
        DatahubException e = assertThrows(DatahubException.class, () -> writer.prepare(target(xml), rows("1,ann,oslo"), context(db, xml, "run-1")));
        assertEquals(ErrorCategory.SCHEMA_MISMATCH, e.category());
        assertEquals("<database table=\"" + SPACE + ".narrow\">: table narrow has no column city (columns: id, name)", e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aFailingStatementIsAnSqlErrorAndRollsTheWholeCommitBack(Db db) throws SQLException {
        execute(db, "CREATE TABLE " + SPACE + ".failing (id INT PRIMARY KEY, name VARCHAR(20), city VARCHAR(20))");
        execute(db, "INSERT INTO " + SPACE + ".failing VALUES (1, 'ann', 'oslo')");
        String xml = pipeline(db, "failing", "mode=\"append\"");
        TargetCommit commit = writer.prepare(target(xml), rows("2,bob,rome", "1,ann,oslo", "3,cid,lima"), context(db, xml, "run-1"));
        DatahubException e = assertThrows(DatahubException.class, commit::commit);
        assertEquals(ErrorCategory.SQL_ERROR, e.category());
        String prefix = "<database table=\"" + SPACE + ".failing\">: append into " + SPACE + ".failing failed: ";
        if (db.maria()) {
            assertTrue(e.getMessage().startsWith(prefix + "(conn="), e.getMessage());
            assertTrue(e.getMessage().endsWith(") Duplicate entry '1' for key 'PRIMARY'"), e.getMessage());
        } else {
            assertEquals(prefix + "ERROR: duplicate key value violates unique constraint \"failing_pkey\"\n  Detail: Key (id)=(1) already exists.",
                    e.getMessage());
        }
        assertEquals(List.of("1|ann|oslo"), rowsOf(db, "failing"), "nothing of the failed commit stays");
        assertEquals(List.of(), query(db, "SELECT run_id FROM " + SPACE + ".datahub_target_commits WHERE target_table LIKE '%.failing'"));
        assertEquals(List.of("failing"), tables(db).stream().filter(t -> t.startsWith("failing")).toList(), "staging dropped");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aClosedPortIsAConnectionFailureWithoutThePassword(Db db) {
        String url = db.url().replace(db.maria() ? ":3306/" : ":5432/", ":1/");
        String xml = """
                <pipeline id="p" version="1.0.0" layer="staging">
                  <sources><csv id="a" path="in/a.csv"/></sources>
                  <targets>
                    <database jdbcUrl="%s?password=Url-Secret-7" userSecretRef="db"><table name="t"/></database>
                  </targets>
                </pipeline>
                """.formatted(url.replace("&", "&amp;"));
        RunRequest request = SparkTestSupport.request(xml, data, Map.of(), Map.of(), Map.of(), Map.of());
        RunContext context = SparkTestSupport.context(request, Map.of("db", "writer:Secret-Pw-3"));
        DatahubException e = assertThrows(DatahubException.class, () -> writer.prepare(target(xml), rows("1,a,x"), context));
        assertEquals(ErrorCategory.CONNECTION_FAILED, e.category());
        String reason = db.maria()
                ? "Socket fail to connect to address=(host=127.0.0.1)(port=1)(type=primary). Connection refused"
                : "Connection to 127.0.0.1:1 refused. Check that the hostname and port are correct and that the postmaster is accepting TCP/IP connections.";
        assertEquals("<database table=\"t\">: cannot connect to " + url + "?password=***: " + reason, e.getMessage());
        assertFalse(e.getMessage().contains("Secret-Pw-3"));
    }

    // --- helpers

    private void commit(Db db, String xml, String runId, Dataset<Row> rows) {
        writer.prepare(target(xml), rows, context(db, xml, runId)).commit();
    }

    private static String pipeline(Db db, String table, String attributes) {
        return """
                <pipeline id="p" version="1.0.0" layer="staging">
                  <sources><csv id="a" path="in/a.csv"/></sources>
                  <targets>
                    <database jdbcUrl="%s" userSecretRef="db" %s><table name="%s.%s"/></database>
                  </targets>
                </pipeline>
                """.formatted(db.url(), attributes, db.space(), table);
    }

    private static DatabaseTarget target(String xml) {
        return SparkTestSupport.firstTarget(xml, DatabaseTarget.class);
    }

    private RunContext context(Db db, String xml, String runId) {
        return SparkTestSupport.context(xml, data, runId, Map.of("db", db.secret()));
    }

    /** Rows written as "id,name,city". */
    static Dataset<Row> rows(String... rows) {
        List<Row> list = new ArrayList<>();
        for (String row : rows) {
            String[] v = row.split(",");
            list.add(RowFactory.create(Integer.parseInt(v[0]), v[1], v[2]));
        }
        return SparkTestSupport.spark().createDataFrame(list, SCHEMA);
    }

    private static List<String> rowsOf(Db db, String table) throws SQLException {
        return query(db, "SELECT id, name, city FROM " + SPACE + "." + table + " ORDER BY id, name");
    }

    private static String columnTypeQuery(Db db, String table, String column) {
        return "SELECT " + (db.maria() ? "LOWER(DATA_TYPE)" : "data_type") + " FROM information_schema.columns WHERE table_schema = '"
                + SPACE + "' AND table_name = '" + table + "' AND column_name = '" + column + "'";
    }

    static List<String> query(Db db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rows(rs);
        }
    }

    static List<String> rows(ResultSet rs) throws SQLException {
        List<String> rows = new ArrayList<>();
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
            List<String> values = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                values.add(rs.getString(i));
            }
            rows.add(String.join("|", values));
        }
        return rows;
    }

    private static void execute(Db db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static List<String> tables(Db db) throws SQLException {
        return query(db, "SELECT table_name FROM information_schema.tables WHERE table_schema = '" + SPACE + "' ORDER BY table_name");
    }

    private static List<String> indexes(Db db, String table) throws SQLException {
        try (Connection c = db.connect(); ResultSet rs = indexInfo(c.getMetaData(), db, table)) {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString("INDEX_NAME"));
            }
            return names;
        }
    }

    private static ResultSet indexInfo(DatabaseMetaData meta, Db db, String table) throws SQLException {
        return db.maria() ? meta.getIndexInfo(SPACE, null, table, false, true) : meta.getIndexInfo(null, SPACE, table, false, true);
    }
}
