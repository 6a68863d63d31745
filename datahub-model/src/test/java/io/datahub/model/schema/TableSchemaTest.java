package io.datahub.model.schema;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TableSchemaTest {

    private final TableSchema schema = new TableSchema("schemas/customer.avsc", List.of(
            new Column("customer_id", ColumnType.LONG, false),
            new Column("Email", ColumnType.STRING, true),
            Column.decimal("balance", true, 12, 2),
            new Column("ingest_date", ColumnType.DATE, false)));

    @Test
    void sparkSqlTypeNames() {
        assertEquals("string", ColumnType.STRING.sparkSqlType(null, null));
        assertEquals("int", ColumnType.INT.sparkSqlType(null, null));
        assertEquals("bigint", ColumnType.LONG.sparkSqlType(null, null));
        assertEquals("float", ColumnType.FLOAT.sparkSqlType(null, null));
        assertEquals("double", ColumnType.DOUBLE.sparkSqlType(null, null));
        assertEquals("decimal(10,2)", ColumnType.DECIMAL.sparkSqlType(10, 2));
        assertEquals("boolean", ColumnType.BOOLEAN.sparkSqlType(null, null));
        assertEquals("date", ColumnType.DATE.sparkSqlType(null, null));
        assertEquals("timestamp", ColumnType.TIMESTAMP.sparkSqlType(null, null));
        assertEquals("binary", ColumnType.BINARY.sparkSqlType(null, null));
    }

    @Test
    void decimalNeedsValidPrecisionAndScale() {
        assertEquals("decimal needs both precision and scale",
                assertThrows(IllegalArgumentException.class, () -> ColumnType.DECIMAL.sparkSqlType(10, null)).getMessage());
        assertEquals("decimal precision must be between 1 and 38, was 39",
                assertThrows(IllegalArgumentException.class, () -> ColumnType.DECIMAL.sparkSqlType(39, 0)).getMessage());
        assertEquals("decimal scale must be between 0 and the precision (5), was 6",
                assertThrows(IllegalArgumentException.class, () -> ColumnType.DECIMAL.sparkSqlType(5, 6)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ColumnType.INT.sparkSqlType(10, 0));
        assertThrows(IllegalArgumentException.class, () -> new Column("x", ColumnType.STRING, true, 10, 2));
        assertThrows(IllegalArgumentException.class, () -> new Column("x", ColumnType.DECIMAL, true, null, null));
    }

    @Test
    void columnDdl() {
        assertEquals("`customer_id` bigint NOT NULL", new Column("customer_id", ColumnType.LONG, false).ddl());
        assertEquals("`email` string", new Column("email", ColumnType.STRING, true).ddl());
        assertEquals("`amount` decimal(18,4) NOT NULL", Column.decimal("amount", false, 18, 4).ddl());
        assertEquals("`odd``name` int", new Column("odd`name", ColumnType.INT, true).ddl());
    }

    @Test
    void schemaDdl() {
        assertEquals("`customer_id` bigint NOT NULL, `Email` string, `balance` decimal(12,2), `ingest_date` date NOT NULL",
                schema.ddl());
    }

    @Test
    void columnLookupIgnoresCase() {
        assertEquals("Email", schema.column("email").orElseThrow().name());
        assertEquals("customer_id", schema.column("CUSTOMER_ID").orElseThrow().name());
        assertTrue(schema.column("phone").isEmpty());
        assertEquals(List.of("customer_id", "Email", "balance", "ingest_date"), schema.columnNames());
    }

    @Test
    void missingKeepsGivenOrderAndIgnoresCase() {
        assertEquals(List.of("phone", "Region"),
                schema.missing(List.of("phone", "EMAIL", "Region", "Customer_Id")));
        assertEquals(List.of(), schema.missing(List.of("ingest_date", "BALANCE")));
    }

    @Test
    void duplicateColumnsDifferingInCaseAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TableSchema("s.json",
                List.of(new Column("id", ColumnType.LONG, false), new Column("ID", ColumnType.STRING, true))));
        assertEquals("duplicate column 'ID' (same as 'id' ignoring case; Spark matches column names case-insensitively)",
                e.getMessage());
    }
}
