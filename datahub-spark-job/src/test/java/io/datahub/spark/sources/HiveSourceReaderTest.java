package io.datahub.spark.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datahub.model.definition.HiveSource;
import io.datahub.model.run.ErrorCategory;
import io.datahub.model.schema.Column;
import io.datahub.model.schema.ColumnType;
import io.datahub.model.schema.TableSchema;
import io.datahub.spark.SparkTestSupport;
import io.datahub.spark.api.DatahubException;
import io.datahub.spark.api.RunContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HiveSourceReaderTest {

    private static final String DB = "dh_src_hive_test";

    @TempDir
    Path data;

    @BeforeAll
    static void createTable() {
        SparkSession spark = SparkTestSupport.spark();
        spark.sql("DROP DATABASE IF EXISTS " + DB + " CASCADE");
        spark.sql("CREATE DATABASE " + DB);
        spark.sql("CREATE TABLE " + DB + ".customers (id INT, name STRING, country STRING, ingest_date DATE)"
                + " USING parquet PARTITIONED BY (ingest_date)");
        spark.sql("INSERT INTO " + DB + ".customers VALUES"
                + " (1, 'Ann', 'DE', DATE'2026-01-14'),"
                + " (2, 'Bob', 'FR', DATE'2026-01-15'),"
                + " (3, 'Cid', 'DE', DATE'2026-01-15'),"
                + " (4, NULL, 'IT', DATE'2026-01-15')");
    }

    @AfterAll
    static void dropTable() {
        SparkTestSupport.spark().sql("DROP DATABASE IF EXISTS " + DB + " CASCADE");
    }

    @Test
    void readsTheWholeTable() {
        Dataset<Row> rows = read(context("""
                <hive id="customers" table="%s.customers"/>""".formatted(DB), Map.of()));
        assertEquals(StructType.fromDDL("id int, name string, country string, ingest_date date"), rows.schema());
        assertEquals(Rows.sorted("[1,Ann,DE,2026-01-14]", "[2,Bob,FR,2026-01-15]", "[3,Cid,DE,2026-01-15]", "[4,null,IT,2026-01-15]"),
                Rows.sorted(rows));
    }

    @Test
    void whereIsSubstitutedAndFiltersTheRows() {
        Dataset<Row> rows = read(context("""
                <hive id="customers" table="%s.customers" where="ingest_date = DATE'${runDate}' AND country &lt;&gt; 'FR'"/>"""
                .formatted(DB), Map.of()));
        assertEquals(Rows.sorted("[3,Cid,DE,2026-01-15]", "[4,null,IT,2026-01-15]"), Rows.sorted(rows));
    }

    @Test
    void aSchemaRefSelectsAndCastsTheDeclaredColumnsAfterTheWhere() {
        TableSchema schema = new TableSchema("customers.avsc", List.of(
                new Column("id", ColumnType.LONG, false), new Column("name", ColumnType.STRING, true)));
        Dataset<Row> rows = read(context("""
                <hive id="customers" table="%s.customers" schemaRef="customers.avsc" where="ingest_date = DATE'2026-01-14'"/>"""
                .formatted(DB), Map.of("customers.avsc", schema)));
        assertEquals(StructType.fromDDL("id bigint, name string"), rows.schema());
        assertEquals(List.of("[1,Ann]"), Rows.sorted(rows));
    }

    @Test
    void aDeclaredColumnTheTableLacksIsUnknownColumn() {
        TableSchema schema = new TableSchema("customers.avsc", List.of(
                new Column("id", ColumnType.LONG, false), new Column("email", ColumnType.STRING, true)));
        RunContext context = context("""
                <hive id="customers" table="%s.customers" schemaRef="customers.avsc"/>""".formatted(DB), Map.of("customers.avsc", schema));
        DatahubException e = assertThrows(DatahubException.class, () -> read(context));
        assertEquals(ErrorCategory.UNKNOWN_COLUMN, e.category());
        assertEquals("<hive> source 'customers': schema customers.avsc: column 'email' does not exist"
                + " (columns: id, name, country, ingest_date)", e.getMessage());
    }

    @Test
    void aWhereOnAnUnknownColumnIsUnknownColumn() {
        RunContext context = context("""
                <hive id="customers" table="%s.customers" where="region = 'EU'"/>""".formatted(DB), Map.of());
        DatahubException e = assertThrows(DatahubException.class, () -> read(context));
        assertEquals(ErrorCategory.UNKNOWN_COLUMN, e.category());
        assertEquals("<hive> source 'customers': where 'region = 'EU'': column `region` does not exist"
                + " (columns: id, name, country, ingest_date)", e.getMessage());
    }

    @Test
    void aWhereThatDoesNotParseIsAConfigurationError() {
        RunContext context = context("""
                <hive id="customers" table="%s.customers" where="country = = 'DE'"/>""".formatted(DB), Map.of());
        DatahubException e = assertThrows(DatahubException.class, () -> read(context));
        assertEquals(ErrorCategory.CONFIGURATION, e.category());
        assertEquals("<hive> source 'customers': where 'country = = 'DE'': [PARSE_SYNTAX_ERROR] Syntax error at or near '='.(line 1, pos 10)", e.getMessage());
    }

    @Test
    void aMissingTableIsInputNotFound() {
        RunContext context = context("""
                <hive id="customers" table="%s.nobody"/>""".formatted(DB), Map.of());
        DatahubException e = assertThrows(DatahubException.class, () -> read(context));
        assertEquals(ErrorCategory.INPUT_NOT_FOUND, e.category());
        assertEquals("<hive> source 'customers': table " + DB + ".nobody does not exist", e.getMessage());
    }

    // ------------------------------------------------------------------ helpers

    private RunContext context(String element, Map<String, TableSchema> schemas) {
        String xml = """
                <pipeline id="p" version="1.0.0" layer="standardization">
                  <sources>
                    %s
                  </sources>
                  <targets><csv path="out"/></targets>
                </pipeline>
                """.formatted(element);
        return SparkTestSupport.context(SparkTestSupport.request(xml, data, Map.of(), schemas, Map.of(), Map.of()), Map.of());
    }

    private static Dataset<Row> read(RunContext context) {
        return new HiveSourceReader().read((HiveSource) context.pipeline().sources().get(0), context);
    }
}
