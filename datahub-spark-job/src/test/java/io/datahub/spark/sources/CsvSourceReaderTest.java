package io.datahub.spark.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datahub.model.definition.CsvSource;
import io.datahub.model.run.ErrorCategory;
import io.datahub.model.schema.Column;
import io.datahub.model.schema.ColumnType;
import io.datahub.model.schema.TableSchema;
import io.datahub.spark.SparkTestSupport;
import io.datahub.spark.api.DatahubException;
import io.datahub.spark.api.RunContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvSourceReaderTest {

    private static final TableSchema ORDERS = new TableSchema("orders.avsc", List.of(
            new Column("id", ColumnType.LONG, false),
            Column.decimal("amount", true, 10, 2),
            new Column("order_date", ColumnType.DATE, true),
            new Column("name", ColumnType.STRING, true)));

    /** Two good rows (1 and 5) and five bad ones, one of each kind. */
    private static final String ORDERS_CSV = """
            id;amount;order_date;name
            1;10.50;2026-01-15;Ann
            2;abc;2026-01-15;Bob
            3;7.25;2026-01-14
            ;3.00;2026-01-13;Dan
            4;1.00;2026-01-12;Eve;extra
            5;;2026-01-11;Fay
            6;2.50;15/01/2026;Gus
            """;

    private static final List<String> GOOD_ORDERS = Rows.sorted("[1,10.50,2026-01-15,Ann]", "[5,null,2026-01-11,Fay]");

    @TempDir
    Path data;

    @Test
    void withoutSchemaRefEveryColumnIsAStringNamedByTheHeader() throws IOException {
        write("in/customers.csv", """
                id,name,city
                1,"Smith, John",Berlin
                2,Anna,
                3,"Lee \\"Jr\\"",Paris
                """);
        Dataset<Row> rows = read("""
                <csv id="customers" path="in/customers.csv"/>""", Map.of());
        assertEquals(StructType.fromDDL("id string, name string, city string"), rows.schema());
        assertEquals(Rows.sorted("[1,Smith, John,Berlin]", "[2,Anna,null]", "[3,Lee \"Jr\",Paris]"), Rows.sorted(rows));
    }

    @Test
    void pipeDelimiterAndCustomNullValue() throws IOException {
        write("in/c.csv", """
                id|name|city
                1|NULL|Berlin
                2|Anna|NULL
                """);
        Dataset<Row> rows = read("""
                <csv id="customers" path="in/c.csv" delimiter="|" nullValue="NULL"/>""", Map.of());
        assertEquals(Rows.sorted("[1,null,Berlin]", "[2,Anna,null]"), Rows.sorted(rows));
    }

    @Test
    void backslashTMeansTab() throws IOException {
        write("in/c.tsv", "id\tname\n1\tAnn, Lee\n2\tBob\n");
        Dataset<Row> rows = read("""
                <csv id="customers" path="in/c.tsv" delimiter="\\t"/>""", Map.of());
        assertEquals(List.of("id", "name"), List.of(rows.columns()));
        assertEquals(Rows.sorted("[1,Ann, Lee]", "[2,Bob]"), Rows.sorted(rows));
    }

    @Test
    void aWildcardReadsEveryMatchingFileAndSkipsEachHeader() throws IOException {
        write("in/part1.csv", "id,name\n1,Ann\n2,Bob\n");
        write("in/part2.csv", "id,name\n3,Cid\n");
        write("in/other.txt", "id,name\n9,Not me\n");
        Dataset<Row> rows = read("""
                <csv id="customers" path="in/part*.csv"/>""", Map.of());
        assertEquals(Rows.sorted("[1,Ann]", "[2,Bob]", "[3,Cid]"), Rows.sorted(rows));
    }

    @Test
    void inferSchemaLetsSparkTypeTheColumns() throws IOException {
        write("in/c.csv", "id,amount,name\n1,2.5,Ann\n2,3.0,Bob\n");
        Dataset<Row> rows = read("""
                <csv id="customers" path="in/c.csv" inferSchema="true"/>""", Map.of());
        assertEquals(StructType.fromDDL("id int, amount double, name string"), rows.schema());
        assertEquals(Rows.sorted("[1,2.5,Ann]", "[2,3.0,Bob]"), Rows.sorted(rows));
    }

    @Test
    void withoutHeaderColumnsAreNumbered() throws IOException {
        write("in/c.csv", "1,Ann\n2,Bob\n");
        Dataset<Row> rows = read("""
                <csv id="customers" path="in/c.csv" header="false"/>""", Map.of());
        assertEquals(List.of("_c0", "_c1"), List.of(rows.columns()));
        assertEquals(Rows.sorted("[1,Ann]", "[2,Bob]"), Rows.sorted(rows));
    }

    @Test
    void quoteEscapeAndEncodingAreHonoured() throws IOException {
        Path file = layer().resolve("in/latin1.csv");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "id,name\n1,'O''Brien, Jr'\n2,Müller\n", StandardCharsets.ISO_8859_1);
        Dataset<Row> rows = read("""
                <csv id="customers" path="in/latin1.csv" quote="'" escape="'" encoding="ISO-8859-1"/>""", Map.of());
        assertEquals(Rows.sorted("[1,O'Brien, Jr]", "[2,Müller]"), Rows.sorted(rows));
    }

    @Test
    void aSchemaRefTypesTheColumnsByPosition() throws IOException {
        write("in/orders.csv", """
                ID;AMOUNT;DAY;NAME
                1;10.50;2026-01-15;Ann
                2;;2026-01-14;
                """);
        Dataset<Row> rows = read("""
                <csv id="orders" path="in/orders.csv" delimiter=";" schemaRef="orders.avsc"/>""", Map.of("orders.avsc", ORDERS));
        assertEquals(StructType.fromDDL("id bigint, amount decimal(10,2), order_date date, name string"), rows.schema());
        assertEquals(Rows.sorted("[1,10.50,2026-01-15,Ann]", "[2,null,2026-01-14,null]"), Rows.sorted(rows));
    }

    @Test
    void dateAndTimestampFormatsApplyToTypedColumns() throws IOException {
        write("in/e.csv", "day,at\n15.01.2026,2026/01/15 10:30\n");
        TableSchema events = new TableSchema("events.avsc", List.of(
                new Column("day", ColumnType.DATE, true), new Column("at", ColumnType.TIMESTAMP, true)));
        Dataset<Row> rows = read("""
                <csv id="events" path="in/e.csv" dateFormat="dd.MM.yyyy" timestampFormat="yyyy/MM/dd HH:mm" schemaRef="events.avsc"/>""",
                Map.of("events.avsc", events));
        // the session time zone of the tests is UTC
        assertEquals(Rows.sorted("[2026-01-15,2026-01-15 10:30:00.0]"), Rows.sorted(rows));
    }

    @Test
    void badRecordsFailStopsAtTheFirstRowThatDoesNotFit() throws IOException {
        Path file = write("in/orders.csv", ORDERS_CSV);
        RunContext context = context("""
                <csv id="orders" path="in/orders.csv" delimiter=";" schemaRef="orders.avsc"/>""", Map.of("orders.avsc", ORDERS));
        DatahubException e = SparkTestSupport.failure(context, () -> read(context).collectAsList());
        assertEquals(ErrorCategory.SCHEMA_MISMATCH, e.category());
        assertEquals("<csv> source 'orders': record does not fit schema orders.avsc (file " + file.toUri() + "): 2;abc;2026-01-15;Bob",
                e.getMessage());
    }

    @Test
    void badRecordsFailNamesTheNullColumnsOfANotNullBreach() throws IOException {
        Path file = write("in/orders.csv", """
                id;amount;order_date;name
                1;10.50;2026-01-15;Ann
                ;3.00;2026-01-13;Dan
                """);
        RunContext context = context("""
                <csv id="orders" path="in/orders.csv" delimiter=";" schemaRef="orders.avsc"/>""", Map.of("orders.avsc", ORDERS));
        DatahubException e = SparkTestSupport.failure(context, () -> read(context).collectAsList());
        assertEquals(ErrorCategory.SCHEMA_MISMATCH, e.category());
        assertEquals("<csv> source 'orders': column 'id' is null but schema orders.avsc declares it NOT NULL (file "
                + file.toUri() + ")", e.getMessage());
    }

    @Test
    void badRecordsDropKeepsTheRowsThatFitAndCountsTheOthers() throws IOException {
        write("in/orders.csv", ORDERS_CSV);
        RunContext context = context("""
                <csv id="orders" path="in/orders.csv" delimiter=";" schemaRef="orders.avsc" badRecords="drop"/>""",
                Map.of("orders.avsc", ORDERS));
        Dataset<Row> rows = read(context);
        assertEquals(List.of("id", "amount", "order_date", "name"), List.of(rows.columns()));
        assertEquals(GOOD_ORDERS, Rows.sorted(rows));
        assertEquals(Map.of("orders", 5L), context.rejected());
        // the good rows come from the parsed rows cached while counting the bad ones, not from a second parse
        assertTrue(rows.queryExecution().withCachedData().toString().contains("InMemoryRelation"));
    }

    @Test
    void badRecordsRejectWritesTheRawLinesToTheDefaultRejectFolder() throws Exception {
        Path file = write("in/orders.csv", ORDERS_CSV);
        RunContext context = context("""
                <csv id="orders" path="in/orders.csv" delimiter=";" schemaRef="orders.avsc" badRecords="reject"/>""",
                Map.of("orders.avsc", ORDERS));
        Dataset<Row> rows = read(context);
        assertEquals(List.of("id", "amount", "order_date", "name"), List.of(rows.columns()));
        assertEquals(GOOD_ORDERS, Rows.sorted(rows));
        assertEquals(Map.of("orders", 5L), context.rejected());
        String source = file.toUri().toString();
        assertEquals(Rows.sorted(
                        "2;abc;2026-01-15;Bob|" + source,
                        "3;7.25;2026-01-14|" + source,
                        ";3.00;2026-01-13;Dan|" + source, // a NOT NULL breach: the row written back in the source's dialect
                        "4;1.00;2026-01-12;Eve;extra|" + source,
                        "6;2.50;15/01/2026;Gus|" + source),
                Rows.rejects(layer().resolve("rejects/p/orders")));
    }

    @Test
    void rejectPathIsResolvedWithParameters() throws Exception {
        Path file = write("in/orders.csv", "id;amount;order_date;name\n1;10.50;2026-01-15;Ann\n7;x,y;2026-01-15;\"Q\"\n");
        RunContext context = context("""
                <csv id="orders" path="in/orders.csv" delimiter=";" schemaRef="orders.avsc" badRecords="reject"
                     rejectPath="bad/${runDate}"/>""", Map.of("orders.avsc", ORDERS));
        assertEquals(Rows.sorted("[1,10.50,2026-01-15,Ann]"), Rows.sorted(read(context)));
        assertEquals(Map.of("orders", 1L), context.rejected());
        assertEquals(List.of("7;x,y;2026-01-15;\"Q\"|" + file.toUri()), Rows.rejects(layer().resolve("bad/2026-01-15")));
    }

    @Test
    void dropWithNothingToDropCountsZero() throws IOException {
        write("in/orders.csv", "id;amount;order_date;name\n1;10.50;2026-01-15;Ann\n");
        RunContext context = context("""
                <csv id="orders" path="in/orders.csv" delimiter=";" schemaRef="orders.avsc" badRecords="drop"/>""",
                Map.of("orders.avsc", ORDERS));
        assertEquals(Rows.sorted("[1,10.50,2026-01-15,Ann]"), Rows.sorted(read(context)));
        assertEquals(Map.of("orders", 0L), context.rejected());
    }

    @Test
    void withoutSchemaRefARowWithTheWrongNumberOfFieldsIsBadToo() throws IOException {
        write("in/c.csv", "id,name\n1,Ann\n2\n3,Cid,extra\n4,Dan\n");
        RunContext context = context("""
                <csv id="customers" path="in/c.csv" badRecords="drop"/>""", Map.of());
        assertEquals(Rows.sorted("[1,Ann]", "[4,Dan]"), Rows.sorted(read(context)));
        assertEquals(Map.of("customers", 2L), context.rejected());
    }

    @Test
    void withoutSchemaRefAMalformedRowFailsTheRunByDefault() throws IOException {
        Path file = write("in/c.csv", "id,name\n1,Ann\n2\n");
        RunContext context = context("""
                <csv id="customers" path="in/c.csv"/>""", Map.of());
        DatahubException e = SparkTestSupport.failure(context, () -> read(context).collectAsList());
        assertEquals(ErrorCategory.SCHEMA_MISMATCH, e.category());
        assertEquals("<csv> source 'customers': malformed record (file " + file.toUri() + "): 2", e.getMessage());
    }

    @Test
    void aPathThatMatchesNoFileIsInputNotFound() {
        RunContext context = context("""
                <csv id="orders" path="in/${runDate}/*.csv"/>""", Map.of());
        DatahubException e = SparkTestSupport.failure(context, () -> read(context).collectAsList());
        assertEquals(ErrorCategory.INPUT_NOT_FOUND, e.category());
        assertEquals("<csv> source 'orders': path " + layer() + "/in/2026-01-15/*.csv matches no file", e.getMessage());
    }

    @Test
    void anEmptyFolderIsInputNotFound() throws IOException {
        Files.createDirectories(layer().resolve("in/empty"));
        RunContext context = context("""
                <csv id="orders" path="in/empty"/>""", Map.of());
        DatahubException e = SparkTestSupport.failure(context, () -> read(context).collectAsList());
        assertEquals(ErrorCategory.INPUT_NOT_FOUND, e.category());
        assertEquals("<csv> source 'orders': path " + layer() + "/in/empty holds no file to read", e.getMessage());
    }

    // ------------------------------------------------------------------ helpers

    private Path layer() {
        return SparkTestSupport.layer(data);
    }

    private Path write(String relative, String content) throws IOException {
        return SparkTestSupport.write(data, relative, content);
    }

    private RunContext context(String csvElement, Map<String, TableSchema> schemas) {
        return SparkTestSupport.sourceContext(csvElement, data, schemas);
    }

    private Dataset<Row> read(String csvElement, Map<String, TableSchema> schemas) {
        return read(context(csvElement, schemas));
    }

    private static Dataset<Row> read(RunContext context) {
        return new CsvSourceReader().read((CsvSource) context.pipeline().sources().get(0), context);
    }
}
