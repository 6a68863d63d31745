package io.datahub.spark.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datahub.model.definition.JsonSource;
import io.datahub.model.run.ErrorCategory;
import io.datahub.model.schema.Column;
import io.datahub.model.schema.ColumnType;
import io.datahub.model.schema.TableSchema;
import io.datahub.spark.SparkTestSupport;
import io.datahub.spark.api.DatahubException;
import io.datahub.spark.api.RunContext;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Date;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonSourceReaderTest {

    private static final TableSchema ORDERS = new TableSchema("orders.json", List.of(
            new Column("id", ColumnType.LONG, false),
            Column.decimal("amount", true, 10, 2),
            new Column("name", ColumnType.STRING, true)));

    /** Two good records (1 and 5) and three bad ones: a value that does not convert, malformed JSON, a NOT NULL breach. */
    private static final String ORDERS_JSON = """
            {"id":1,"amount":10.5,"name":"Ann","note":"not declared"}
            {"id":"x","amount":1,"name":"Bob"}
            {"id":3,"amount":2.25
            {"amount":3,"name":"Dan"}
            {"id":5,"name":"Eve"}
            """;

    @TempDir
    Path data;

    @Test
    void readsBackWhatSparkWrote() {
        StructType schema = StructType.fromDDL("id bigint, name string, day date");
        List<Row> written = List.of(
                RowFactory.create(1L, "Ann", Date.valueOf("2026-01-15")),
                RowFactory.create(2L, null, Date.valueOf("2026-01-14")),
                RowFactory.create(3L, "Cid", null));
        SparkTestSupport.spark().createDataFrame(written, schema).write().json(layer().resolve("in/people").toString());
        TableSchema people = new TableSchema("people.json", List.of(
                new Column("id", ColumnType.LONG, false), new Column("name", ColumnType.STRING, true), new Column("day", ColumnType.DATE, true)));
        Dataset<Row> rows = read(context("""
                <json id="people" path="in/people" schemaRef="people.json"/>""", Map.of("people.json", people)));
        assertEquals(StructType.fromDDL("id bigint, name string, day date"), rows.schema());
        assertEquals(Rows.sorted("[1,Ann,2026-01-15]", "[2,null,2026-01-14]", "[3,Cid,null]"), Rows.sorted(rows));
    }

    @Test
    void withoutSchemaRefSparkInfersTheColumns() throws IOException {
        write("in/a.json", "{\"id\":1,\"name\":\"Ann\"}\n{\"id\":2,\"name\":null,\"vip\":true}\n");
        Dataset<Row> rows = read(context("""
                <json id="people" path="in/*.json"/>""", Map.of()));
        assertEquals(StructType.fromDDL("id bigint, name string, vip boolean"), rows.schema());
        assertEquals(Rows.sorted("[1,Ann,null]", "[2,null,true]"), Rows.sorted(rows));
    }

    @Test
    void multiLineReadsADocumentSpanningLines() throws IOException {
        write("in/doc.json", """
                [
                  {"id": 1,
                   "name": "Ann"},
                  {"id": 2,
                   "name": "Bob"}
                ]
                """);
        Dataset<Row> rows = read(context("""
                <json id="people" path="in/doc.json" multiLine="true"/>""", Map.of()));
        assertEquals(Rows.sorted("[1,Ann]", "[2,Bob]"), Rows.sorted(rows));
    }

    @Test
    void badRecordsDropKeepsTheRecordsThatFit() throws IOException {
        write("in/orders.json", ORDERS_JSON);
        RunContext context = context("""
                <json id="orders" path="in/orders.json" schemaRef="orders.json" badRecords="drop"/>""", Map.of("orders.json", ORDERS));
        Dataset<Row> rows = read(context);
        assertEquals(StructType.fromDDL("id bigint, amount decimal(10,2), name string"), rows.schema());
        assertEquals(Rows.sorted("[1,10.50,Ann]", "[5,null,Eve]"), Rows.sorted(rows));
        assertEquals(Map.of("orders", 3L), context.rejected());
    }

    @Test
    void badRecordsRejectWritesTheRawRecords() throws Exception {
        Path file = write("in/orders.json", ORDERS_JSON);
        RunContext context = context("""
                <json id="orders" path="in/orders.json" schemaRef="orders.json" badRecords="reject" rejectPath="bad"/>""",
                Map.of("orders.json", ORDERS));
        assertEquals(Rows.sorted("[1,10.50,Ann]", "[5,null,Eve]"), Rows.sorted(read(context)));
        assertEquals(Map.of("orders", 3L), context.rejected());
        String source = file.toUri().toString();
        assertEquals(Rows.sorted(
                "{\"id\":\"x\",\"amount\":1,\"name\":\"Bob\"}|" + source,
                "{\"id\":3,\"amount\":2.25|" + source,
                "{\"amount\":3.00,\"name\":\"Dan\"}|" + source), // a NOT NULL breach: the parsed record as JSON
                Rows.rejects(layer().resolve("bad")));
    }

    @Test
    void badRecordsFailNamesTheFirstBadRecord() throws IOException {
        Path file = write("in/orders.json", ORDERS_JSON);
        RunContext context = context("""
                <json id="orders" path="in/orders.json" schemaRef="orders.json"/>""", Map.of("orders.json", ORDERS));
        DatahubException e = SparkTestSupport.failure(() -> read(context).collectAsList());
        assertEquals(ErrorCategory.SCHEMA_MISMATCH, e.category());
        assertEquals("<json> source 'orders': record does not fit schema orders.json (file " + file.toUri()
                + "): {\"id\":\"x\",\"amount\":1,\"name\":\"Bob\"}", e.getMessage());
    }

    @Test
    void withoutSchemaRefMalformedJsonIsABadRecord() throws IOException {
        Path file = write("in/a.json", "{\"id\":1}\n{\"id\":\n{\"id\":3}\n");
        RunContext dropping = context("""
                <json id="people" path="in/a.json" badRecords="drop"/>""", Map.of());
        Dataset<Row> rows = read(dropping);
        assertEquals(List.of("id"), List.of(rows.columns()));
        assertEquals(Rows.sorted("[1]", "[3]"), Rows.sorted(rows));
        assertEquals(Map.of("people", 1L), dropping.rejected());

        RunContext failing = context("""
                <json id="people" path="in/a.json"/>""", Map.of());
        DatahubException e = SparkTestSupport.failure(() -> read(failing).collectAsList());
        assertEquals(ErrorCategory.SCHEMA_MISMATCH, e.category());
        assertEquals("<json> source 'people': malformed record (file " + file.toUri() + "): {\"id\":", e.getMessage());
    }

    @Test
    void aPathThatMatchesNoFileIsInputNotFound() {
        RunContext context = context("""
                <json id="people" path="in/none/*.json"/>""", Map.of());
        DatahubException e = SparkTestSupport.failure(() -> read(context).collectAsList());
        assertEquals(ErrorCategory.INPUT_NOT_FOUND, e.category());
        assertEquals("<json> source 'people': path " + layer() + "/in/none/*.json matches no file", e.getMessage());
    }

    @Test
    void decimalsKeepTheDeclaredScale() throws IOException {
        write("in/o.json", "{\"id\":1,\"amount\":0.1}\n");
        Dataset<Row> rows = read(context("""
                <json id="orders" path="in/o.json" schemaRef="orders.json"/>""", Map.of("orders.json", ORDERS)));
        assertEquals(new BigDecimal("0.10"), rows.collectAsList().get(0).getDecimal(1));
    }

    // ------------------------------------------------------------------ helpers

    private Path layer() {
        return SparkTestSupport.layer(data);
    }

    private Path write(String relative, String content) throws IOException {
        return SparkTestSupport.write(data, relative, content);
    }

    private RunContext context(String element, Map<String, TableSchema> schemas) {
        return SparkTestSupport.sourceContext(element, data, schemas);
    }

    private static Dataset<Row> read(RunContext context) {
        return new JsonSourceReader().read((JsonSource) context.pipeline().sources().get(0), context);
    }
}
