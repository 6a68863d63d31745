package io.datahub.spark.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datahub.model.definition.DatabaseTarget;
import io.datahub.spark.SparkTestSupport;
import io.datahub.spark.api.RunContext;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default: an H2 file database under the data root ({@code jdbc:h2:file:${dataRoot}/...}). */
class DatabaseTargetWriterH2Test {

    @TempDir
    Path data;

    private final DatabaseTargetWriter writer = new DatabaseTargetWriter();

    @Test
    void appendIsIdempotentPerRunIdAndFindsAnUnquotedTableByItsLowerCaseName() throws SQLException {
        // Created unquoted, H2 stores CUSTOMERS; the definition says customers.
        execute("CREATE TABLE customers (id INT, name VARCHAR(20), city VARCHAR(20))");
        execute("INSERT INTO customers VALUES (1, 'ann', 'oslo')");
        String xml = pipeline("customers", "mode=\"append\"");
        commit(xml, "run-1", DatabaseTargetWriterTest.rows("2,bob,rome", "3,cid,lima"));
        commit(xml, "run-1", DatabaseTargetWriterTest.rows("2,bob,rome", "3,cid,lima"));
        commit(xml, "run-2", DatabaseTargetWriterTest.rows("4,dan,kyiv"));
        assertEquals(List.of("1|ann|oslo", "2|bob|rome", "3|cid|lima", "4|dan|kyiv"), query("SELECT id, name, city FROM customers ORDER BY id"));
        assertEquals(List.of("customers|run-1", "customers|run-2"),
                query("SELECT target_table, run_id FROM \"datahub_target_commits\" ORDER BY run_id"));
        assertEquals(List.of("CUSTOMERS", "datahub_target_commits"), tables());
    }

    @Test
    void mergeUpsertsOnThePrimaryKey() throws SQLException {
        execute("CREATE SCHEMA crm");
        execute("CREATE TABLE crm.accounts (id INT PRIMARY KEY, name VARCHAR(20), city VARCHAR(20))");
        execute("INSERT INTO crm.accounts VALUES (1, 'ann', 'oslo'), (2, 'bob', 'rome'), (3, 'cid', 'lima')");
        commit(pipeline("crm.accounts", "mode=\"merge\" keys=\"id\""), "run-1", DatabaseTargetWriterTest.rows("3,cyd,linz", "5,eve,graz"));
        assertEquals(List.of("1|ann|oslo", "2|bob|rome", "3|cyd|linz", "5|eve|graz"),
                query("SELECT id, name, city FROM crm.accounts ORDER BY id"));
    }

    @Test
    void mergeIntoAMissingTableCreatesItWithAUniqueIndexOnTheKeys() throws SQLException {
        String xml = pipeline("by_name", "mode=\"merge\" keys=\"name\"");
        commit(xml, "run-1", DatabaseTargetWriterTest.rows("1,ann,oslo", "2,bob,rome"));
        commit(xml, "run-2", DatabaseTargetWriterTest.rows("7,bob,bonn", "3,cid,lima"));
        assertEquals(List.of("1|ann|oslo", "3|cid|lima", "7|bob|bonn"), query("SELECT \"id\", \"name\", \"city\" FROM \"by_name\" ORDER BY \"id\""));
        assertEquals(List.of("by_name_dh_keys|UNIQUE INDEX|name"), query("SELECT i.index_name, i.index_type_name, c.column_name"
                + " FROM information_schema.indexes i JOIN information_schema.index_columns c"
                + " ON c.index_name = i.index_name AND c.table_name = i.table_name WHERE i.table_name = 'by_name'"));
    }

    // --- helpers

    private void commit(String xml, String runId, Dataset<Row> rows) {
        writer.prepare(target(xml), rows, context(xml, runId)).commit();
    }

    private static String pipeline(String table, String attributes) {
        return """
                <pipeline id="p" version="1.0.0" layer="staging">
                  <sources><csv id="a" path="in/a.csv"/></sources>
                  <targets>
                    <database jdbcUrl="jdbc:h2:file:${dataRoot}/db/crm" %s><table name="%s"/></database>
                  </targets>
                </pipeline>
                """.formatted(attributes, table);
    }

    private static DatabaseTarget target(String xml) {
        return SparkTestSupport.firstTarget(xml, DatabaseTarget.class);
    }

    private RunContext context(String xml, String runId) {
        return SparkTestSupport.context(xml, data, runId, Map.of());
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:h2:file:" + data.toAbsolutePath() + "/db/crm");
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private List<String> query(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return DatabaseTargetWriterTest.rows(rs);
        }
    }

    private List<String> tables() throws SQLException {
        return query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'PUBLIC' ORDER BY table_name");
    }
}
