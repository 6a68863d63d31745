package io.datahub.model.schema;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchemaArtifactReaderTest {

    @TempDir
    Path dir;

    private final SchemaArtifactReader reader = new SchemaArtifactReader();

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private TableSchema read(String name, String content) throws Exception {
        return reader.read(write(name, content));
    }

    private SchemaArtifactException fails(String name, String content) throws IOException {
        Path file = write(name, content);
        return assertThrows(SchemaArtifactException.class, () -> reader.read(file));
    }

    private static String avroRecord(String fields) {
        return "{\"type\": \"record\", \"name\": \"Customer\", \"fields\": [\n" + fields + "\n]}";
    }

    private static String jsonSchema(String properties, String required) {
        return "{\"$schema\": \"https://json-schema.org/draft/2020-12/schema\",\n \"type\": \"object\",\n"
                + " \"properties\": {\n" + properties + "\n }" + (required == null ? "" : ",\n \"required\": " + required)
                + "\n}";
    }

    // ------------------------------------------------------------------ Avro mappings

    @Test
    void avroPrimitivesAndNullability() throws Exception {
        TableSchema schema = read("customer.avsc", avroRecord("""
                {"name": "s", "type": "string"},
                {"name": "e", "type": {"type": "enum", "name": "Tier", "symbols": ["GOLD", "SILVER"]}},
                {"name": "i", "type": "int"},
                {"name": "l", "type": ["null", "long"], "default": null},
                {"name": "f", "type": "float"},
                {"name": "d", "type": ["double", "null"]},
                {"name": "b", "type": "boolean"},
                {"name": "raw", "type": "bytes"},
                {"name": "fx", "type": {"type": "fixed", "name": "Hash", "size": 16}},
                {"name": "single", "type": ["string"]}"""));
        assertEquals(List.of(
                new Column("s", ColumnType.STRING, false),
                new Column("e", ColumnType.STRING, false),
                new Column("i", ColumnType.INT, false),
                new Column("l", ColumnType.LONG, true),
                new Column("f", ColumnType.FLOAT, false),
                new Column("d", ColumnType.DOUBLE, true),
                new Column("b", ColumnType.BOOLEAN, false),
                new Column("raw", ColumnType.BINARY, false),
                new Column("fx", ColumnType.BINARY, false),
                new Column("single", ColumnType.STRING, false)), schema.columns());
        assertEquals(dir.resolve("customer.avsc").toString(), schema.origin());
    }

    @Test
    void avroLogicalTypes() throws Exception {
        TableSchema schema = read("events.avsc", avroRecord("""
                {"name": "day", "type": {"type": "int", "logicalType": "date"}},
                {"name": "ts_ms", "type": {"type": "long", "logicalType": "timestamp-millis"}},
                {"name": "ts_us", "type": ["null", {"type": "long", "logicalType": "timestamp-micros"}]},
                {"name": "lts_ms", "type": {"type": "long", "logicalType": "local-timestamp-millis"}},
                {"name": "lts_us", "type": {"type": "long", "logicalType": "local-timestamp-micros"}},
                {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", "precision": 12, "scale": 2}},
                {"name": "rate", "type": ["null", {"type": "fixed", "name": "Rate", "size": 8,
                                                    "logicalType": "decimal", "precision": 18, "scale": 6}]},
                {"name": "whole", "type": {"type": "bytes", "logicalType": "decimal", "precision": 5}},
                {"name": "id", "type": {"type": "string", "logicalType": "uuid"}},
                {"name": "custom", "type": {"type": "long", "logicalType": "not-a-known-type"}}"""));
        assertEquals(List.of(
                new Column("day", ColumnType.DATE, false),
                new Column("ts_ms", ColumnType.TIMESTAMP, false),
                new Column("ts_us", ColumnType.TIMESTAMP, true),
                new Column("lts_ms", ColumnType.TIMESTAMP, false),
                new Column("lts_us", ColumnType.TIMESTAMP, false),
                Column.decimal("amount", false, 12, 2),
                Column.decimal("rate", true, 18, 6),
                Column.decimal("whole", false, 5, 0),
                new Column("id", ColumnType.STRING, false),
                new Column("custom", ColumnType.LONG, false)), schema.columns());
        assertEquals("`day` date NOT NULL, `ts_ms` timestamp NOT NULL, `ts_us` timestamp, `lts_ms` timestamp NOT NULL, "
                + "`lts_us` timestamp NOT NULL, `amount` decimal(12,2) NOT NULL, `rate` decimal(18,6), "
                + "`whole` decimal(5,0) NOT NULL, `id` string NOT NULL, `custom` bigint NOT NULL", schema.ddl());
    }

    @Test
    void avroNestedTypesAreRejectedNamingTheField() throws Exception {
        String ok = "{\"name\": \"id\", \"type\": \"long\"},\n";
        SchemaArtifactException map = fails("schemas/customer.avsc",
                avroRecord(ok + "  {\"name\": \"email\", \"type\": {\"type\": \"map\", \"values\": \"string\"}}"));
        Path file = dir.resolve("schemas/customer.avsc");
        assertEquals(file + ":3:3: field 'email' has unsupported Avro type 'map'", map.getMessage());
        assertEquals("field 'email' has unsupported Avro type 'map'", map.detail());
        assertEquals(file.toString(), map.file());
        assertEquals(OptionalInt.of(3), map.line());
        assertEquals(OptionalInt.of(3), map.column());

        assertEquals("field 'tags' has unsupported Avro type 'array'", fails("a.avsc",
                avroRecord("{\"name\": \"tags\", \"type\": [\"null\", {\"type\": \"array\", \"items\": \"string\"}]}")).detail());
        assertEquals("field 'address' has unsupported Avro type 'record'", fails("r.avsc", avroRecord(
                "{\"name\": \"address\", \"type\": {\"type\": \"record\", \"name\": \"Address\", \"fields\": ["
                        + "{\"name\": \"city\", \"type\": \"string\"}]}}")).detail());
        assertEquals("field 'nothing' has unsupported Avro type 'null'",
                fails("n.avsc", avroRecord("{\"name\": \"nothing\", \"type\": \"null\"}")).detail());
        assertEquals("field 'either' has unsupported Avro union [null, string, int]"
                        + " (only one type, optionally with \"null\", is supported)",
                fails("u.avsc", avroRecord("{\"name\": \"either\", \"type\": [\"null\", \"string\", \"int\"]}")).detail());
    }

    @Test
    void avroUnsupportedOrInvalidLogicalTypes() throws Exception {
        assertEquals("field 't' has unsupported Avro logical type 'time-millis'", fails("t.avsc",
                avroRecord("{\"name\": \"t\", \"type\": {\"type\": \"int\", \"logicalType\": \"time-millis\"}}")).detail());
        assertEquals("field 'd' has invalid Avro logical type 'date': Date can only be used with an underlying int type",
                fails("d.avsc", avroRecord(
                        "{\"name\": \"d\", \"type\": {\"type\": \"string\", \"logicalType\": \"date\"}}")).detail());
        assertEquals("field 'p' has invalid Avro logical type 'decimal': Invalid decimal scale: 4 (greater than precision: 2)",
                fails("p.avsc", avroRecord("{\"name\": \"p\", \"type\": {\"type\": \"bytes\", \"logicalType\": \"decimal\","
                        + " \"precision\": 2, \"scale\": 4}}")).detail());
        assertEquals("field 'big': decimal precision must be between 1 and 38, was 40", fails("b.avsc", avroRecord(
                "{\"name\": \"big\", \"type\": {\"type\": \"bytes\", \"logicalType\": \"decimal\", \"precision\": 40}}")).detail());
        assertEquals("field 'day' has \"logicalType\" next to \"type\", where Avro ignores it; put it inside the type,"
                        + " e.g. \"type\": {\"type\": \"int\", \"logicalType\": \"date\"}",
                fails("m.avsc", avroRecord("{\"name\": \"day\", \"type\": \"int\", \"logicalType\": \"date\"}")).detail());
    }

    @Test
    void avroMustBeARecord() throws Exception {
        Path file = write("list.avsc", "{\"type\": \"array\", \"items\": \"string\"}");
        SchemaArtifactException e = assertThrows(SchemaArtifactException.class, () -> reader.read(file));
        assertEquals(file + ": an Avro schema file must define a record, found 'array'", e.getMessage());
        assertTrue(e.line().isEmpty());
    }

    @Test
    void avroSyntaxErrorCarriesLineAndColumn() throws Exception {
        Path file = write("broken.avsc", "{\"type\": \"record\", \"name\": \"C\",\n \"fields\": [\n  {\"name\": \"a\" \"type\": \"int\"}\n]}");
        SchemaArtifactException e = assertThrows(SchemaArtifactException.class, () -> reader.read(file));
        assertEquals(OptionalInt.of(3), e.line());
        assertEquals(OptionalInt.of(16), e.column());
        assertEquals(file + ":3:16: malformed JSON: Unexpected character ('\"' (code 34)):"
                + " was expecting comma to separate Object entries", e.getMessage());
    }

    @Test
    void avroSemanticErrorFromAvroParser() throws Exception {
        SchemaArtifactException e = fails("bad-name.avsc", avroRecord("{\"name\": \"first-name\", \"type\": \"string\"}"));
        assertEquals("invalid Avro schema: Illegal character in: first-name", e.detail());
    }

    @Test
    void avroDuplicateColumnIgnoringCase() throws Exception {
        SchemaArtifactException e = fails("dup.avsc", avroRecord("""
                {"name": "id", "type": "long"},
                {"name": "ID", "type": "string"}"""));
        assertEquals("duplicate column 'ID' (same as 'id' ignoring case; Spark matches column names case-insensitively)",
                e.detail());
        assertEquals(OptionalInt.of(3), e.line());
    }

    // ------------------------------------------------------------------ JSON Schema mappings

    @Test
    void jsonSchemaTypesFormatsAndNullability() throws Exception {
        TableSchema schema = read("customer_db.json", jsonSchema("""
                  "name": {"type": "string"},
                  "birth_date": {"type": "string", "format": "date"},
                  "updated_at": {"type": "string", "format": "date-time"},
                  "email": {"type": "string", "format": "email"},
                  "age": {"type": "integer", "format": "int32"},
                  "customer_id": {"type": "integer"},
                  "score": {"type": "number", "format": "float"},
                  "balance": {"type": "number", "format": "decimal", "x-precision": 12, "x-scale": 2},
                  "units": {"type": "number", "format": "decimal", "x-precision": 9},
                  "ratio": {"type": "number"},
                  "active": {"type": "boolean"},
                  "nickname": {"type": ["string", "null"]},
                  "region": {"type": ["null", "string"]}""",
                "[\"customer_id\", \"name\", \"balance\", \"units\", \"region\", \"active\"]"));
        assertEquals(List.of(
                new Column("name", ColumnType.STRING, false),
                new Column("birth_date", ColumnType.DATE, true),
                new Column("updated_at", ColumnType.TIMESTAMP, true),
                new Column("email", ColumnType.STRING, true),
                new Column("age", ColumnType.INT, true),
                new Column("customer_id", ColumnType.LONG, false),
                new Column("score", ColumnType.FLOAT, true),
                Column.decimal("balance", false, 12, 2),
                Column.decimal("units", false, 9, 0),
                new Column("ratio", ColumnType.DOUBLE, true),
                new Column("active", ColumnType.BOOLEAN, false),
                new Column("nickname", ColumnType.STRING, true),
                new Column("region", ColumnType.STRING, true)), schema.columns());
        assertEquals("`name` string NOT NULL, `birth_date` date, `updated_at` timestamp, `email` string, `age` int, "
                + "`customer_id` bigint NOT NULL, `score` float, `balance` decimal(12,2) NOT NULL, "
                + "`units` decimal(9,0) NOT NULL, `ratio` double, `active` boolean NOT NULL, `nickname` string, "
                + "`region` string", schema.ddl());
    }

    @Test
    void jsonSchemaKeepsDocumentOrderWithManyColumns() throws Exception {
        StringBuilder props = new StringBuilder();
        for (int i = 40; i > 0; i--) {
            props.append(i == 40 ? "" : ",\n").append("\"c").append(i).append("\": {\"type\": \"string\"}");
        }
        TableSchema schema = read("wide.json", jsonSchema(props.toString(), null));
        assertEquals("c40", schema.columnNames().get(0));
        assertEquals("c1", schema.columnNames().get(39));
    }

    @Test
    void jsonSchemaUnsupportedPropertiesNameTheProperty() throws Exception {
        SchemaArtifactException e = fails("schemas/crm.json", jsonSchema("""
                  "id": {"type": "integer"},
                  "tags": {"type": "array", "items": {"type": "string"}}""", null));
        assertEquals(dir.resolve("schemas/crm.json") + ":5:1: property 'tags' has unsupported JSON Schema type 'array'",
                e.getMessage());
        assertEquals("property 'address' has unsupported JSON Schema type 'object'",
                fails("o.json", jsonSchema("\"address\": {\"type\": \"object\"}", null)).detail());
        assertEquals("property 'x' has unsupported JSON Schema type [\"string\",\"integer\",\"null\"]"
                        + " (only one type, optionally with \"null\", is supported)",
                fails("m.json", jsonSchema("\"x\": {\"type\": [\"string\", \"integer\", \"null\"]}", null)).detail());
        assertEquals("property 'x' has no \"type\" (\"$ref\" is not supported; declare the type inline)",
                fails("r.json", jsonSchema("\"x\": {\"$ref\": \"#/$defs/money\"}", null)).detail());
        assertEquals("property 'x' has no \"type\"", fails("n.json", jsonSchema("\"x\": {}", null)).detail());
        assertEquals("property 'x' must be an object such as {\"type\": \"string\"}",
                fails("s.json", jsonSchema("\"x\": \"string\"", null)).detail());
        assertEquals("property 'amount' has \"format\": \"decimal\" but no \"x-precision\"",
                fails("d.json", jsonSchema("\"amount\": {\"type\": \"number\", \"format\": \"decimal\"}", null)).detail());
        assertEquals("property 'amount' has \"x-precision\": \"12\", expected an integer", fails("d2.json", jsonSchema(
                "\"amount\": {\"type\": \"number\", \"format\": \"decimal\", \"x-precision\": \"12\"}", null)).detail());
        assertEquals("property 'amount': decimal scale must be between 0 and the precision (4), was 6", fails("d3.json",
                jsonSchema("\"amount\": {\"type\": \"number\", \"format\": \"decimal\", \"x-precision\": 4, \"x-scale\": 6}",
                        null)).detail());
    }

    @Test
    void jsonSchemaRootAndRequiredErrors() throws Exception {
        assertEquals("the root of a JSON Schema file must have \"type\": \"object\" (found \"type\": \"array\")",
                fails("a.json", "{\"type\": \"array\", \"items\": {\"type\": \"string\"}}").detail());
        assertEquals("the root of a JSON Schema file must have \"type\": \"object\" (found no \"type\")",
                fails("b.json", "{\"properties\": {}}").detail());
        assertEquals("the root of a JSON Schema file must have \"type\": \"object\" (found a JSON array)",
                fails("c.json", "[1, 2]").detail());
        assertEquals("the root of a JSON Schema file must have \"properties\" (an object with one entry per column)",
                fails("d.json", "{\"type\": \"object\"}").detail());
        assertEquals("schema defines no columns", fails("e.json", "{\"type\": \"object\", \"properties\": {}}").detail());
        SchemaArtifactException required = fails("f.json", jsonSchema("\"id\": {\"type\": \"integer\"}", "[\"id\", \"ID2\"]"));
        assertEquals("\"required\" lists 'ID2', which is not a property", required.detail());
        assertEquals(OptionalInt.of(6), required.line());
        assertEquals(OptionalInt.of(21), required.column());
        assertEquals("\"required\" must be an array of property names",
                fails("g.json", jsonSchema("\"id\": {\"type\": \"integer\"}", "\"id\"")).detail());
    }

    @Test
    void jsonSchemaDuplicateColumns() throws Exception {
        SchemaArtifactException caseOnly = fails("dup.json", jsonSchema("""
                  "id": {"type": "integer"},
                  "Id": {"type": "string"}""", null));
        assertEquals("duplicate column 'Id' (same as 'id' ignoring case; Spark matches column names case-insensitively)",
                caseOnly.detail());
        assertEquals(OptionalInt.of(5), caseOnly.line());
        SchemaArtifactException exact = fails("dup2.json", jsonSchema("""
                  "id": {"type": "integer"},
                  "id": {"type": "string"}""", null));
        assertEquals("malformed JSON: Duplicate field 'id'", exact.detail());
        assertEquals(OptionalInt.of(5), exact.line());
    }

    @Test
    void malformedJsonCarriesLineAndColumn() throws Exception {
        Path file = write("schemas/customer_db.json", "{\n  \"type\": \"object\",\n  \"properties\": {\n"
                + "    \"id\": {\"type\": \"integer\"},\n    \"name\": {\"type\": \"string\"},\n  }\n}\n");
        SchemaArtifactException e = assertThrows(SchemaArtifactException.class, () -> reader.read(file));
        assertEquals(file.toString(), e.file());
        assertEquals(OptionalInt.of(6), e.line());
        assertEquals(OptionalInt.of(3), e.column());
        assertEquals(file + ":6:3: malformed JSON: Unexpected character ('}' (code 125)):"
                + " was expecting double-quote to start field name", e.getMessage());
    }

    @Test
    void trailingContentIsMalformed() throws Exception {
        SchemaArtifactException e = fails("t.json", jsonSchema("\"id\": {\"type\": \"integer\"}", null) + " {}");
        assertTrue(e.detail().startsWith("malformed JSON: Trailing token"), e.detail());
    }

    // ------------------------------------------------------------------ files and streams

    @Test
    void unsupportedExtension() throws Exception {
        Path file = write("customer.xsd", "<xs:schema/>");
        SchemaArtifactException e = assertThrows(SchemaArtifactException.class, () -> reader.read(file));
        assertEquals(file + ": unsupported schema file type '.xsd' (expected .avsc or .json)", e.getMessage());
        Path none = write("customer", "{}");
        assertEquals(none + ": schema file has no extension (expected .avsc or .json)",
                assertThrows(SchemaArtifactException.class, () -> reader.read(none)).getMessage());
    }

    @Test
    void missingFile() {
        Path file = dir.resolve("schemas/nope.avsc");
        SchemaArtifactException e = assertThrows(SchemaArtifactException.class, () -> reader.read(file));
        assertEquals("schema file not found: " + file, e.getMessage());
        assertEquals(file.toString(), e.file());
    }

    @Test
    void directoryIsNotASchemaFile() throws Exception {
        Path sub = Files.createDirectories(dir.resolve("odd.json"));
        assertEquals(sub + ": schema file is a directory",
                assertThrows(SchemaArtifactException.class, () -> reader.read(sub)).getMessage());
    }

    @Test
    void fileOverOneMebibyteIsRejected() throws Exception {
        String padding = " ".repeat(SchemaArtifactReader.MAX_FILE_BYTES);
        Path file = write("huge.json", jsonSchema("\"id\": {\"type\": \"integer\"}", null) + padding);
        assertEquals(file + ": schema file is larger than the 1 MiB limit (1048576 bytes)",
                assertThrows(SchemaArtifactException.class, () -> reader.read(file)).getMessage());
    }

    @Test
    void emptyFile() throws Exception {
        assertEquals("schema file is empty", fails("empty.json", " \n").detail());
        assertEquals("schema file is empty", fails("empty.avsc", "").detail());
    }

    @Test
    void readFromStreamWithOriginAndExtension() throws Exception {
        byte[] bytes = ("\uFEFF" + avroRecord("{\"name\": \"id\", \"type\": \"long\"}")).getBytes(StandardCharsets.UTF_8);
        TableSchema schema = reader.read("schemas/customer.avsc", new ByteArrayInputStream(bytes), ".avsc");
        assertEquals(new TableSchema("schemas/customer.avsc", List.of(new Column("id", ColumnType.LONG, false))), schema);
        assertEquals(schema, reader.read("schemas/customer.avsc", new ByteArrayInputStream(bytes), "AVSC"));
        SchemaArtifactException e = assertThrows(SchemaArtifactException.class,
                () -> reader.read("schemas/customer.yaml", new ByteArrayInputStream(bytes), ".yaml"));
        assertEquals("schemas/customer.yaml: unsupported schema file type '.yaml' (expected .avsc or .json)", e.getMessage());
    }

    @Test
    void extensionIsCaseInsensitive() throws Exception {
        TableSchema schema = read("Customer.JSON", jsonSchema("\"id\": {\"type\": \"integer\"}", "[\"id\"]"));
        assertEquals("`id` bigint NOT NULL", schema.ddl());
    }
}
