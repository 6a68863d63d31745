package io.datahub.spark.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datahub.model.definition.Transformation;
import io.datahub.model.run.ErrorCategory;
import io.datahub.spark.SparkTestSupport;
import io.datahub.spark.api.DatahubException;
import io.datahub.spark.api.RunContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.function.Executable;

/** Small inputs written by hand, rows as text for exact comparison, and DuckDB as an independent engine. */
final class StepTestSupport {

    private StepTestSupport() {
    }

    /** A DataFrame with an explicit schema (DDL such as {@code "id INT, name STRING"}) and the rows in this order. */
    static Dataset<Row> frame(String ddl, Object[]... rows) {
        List<Row> list = new ArrayList<>();
        for (Object[] values : rows) {
            list.add(RowFactory.create(values));
        }
        return SparkTestSupport.spark().createDataFrame(list, StructType.fromDDL(ddl));
    }

    static Object[] row(Object... values) {
        return values;
    }

    static Timestamp ts(String localDateTime) {
        return Timestamp.valueOf(localDateTime);
    }

    /** The first transformation of a pipeline (the test's pipelines must pass XSD validation). */
    @SuppressWarnings("unchecked")
    static <T extends Transformation> T step(String pipelineXml) {
        return (T) SparkTestSupport.pipeline(pipelineXml).transformations().get(0);
    }

    static RunContext context(String pipelineXml, Path dataRoot) {
        return SparkTestSupport.context(pipelineXml, dataRoot, java.util.Map.of());
    }

    /** A value as text: null as "null", timestamps as ISO local date-times, decimals plain. */
    static String text(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Timestamp t) {
            return t.toLocalDateTime().toString();
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return value.toString();
    }

    static String text(Row row) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < row.length(); i++) {
            values.add(text(row.get(i)));
        }
        return String.join("|", values);
    }

    /** Rows as "a|b|c" in the order Spark returns them. */
    static List<String> orderedRows(Dataset<Row> data) {
        return data.collectAsList().stream().map(StepTestSupport::text).toList();
    }

    /** Rows as "a|b|c", sorted (for results whose order is not defined). */
    static List<String> rows(Dataset<Row> data) {
        return orderedRows(data).stream().sorted().toList();
    }

    static void assertRows(Dataset<Row> data, String... expected) {
        assertEquals(Arrays.stream(expected).sorted().toList(), rows(data));
    }

    static void assertColumns(Dataset<Row> data, String... expected) {
        assertEquals(List.of(expected), List.of(data.columns()));
    }

    static DatahubException assertFails(ErrorCategory category, String message, Executable action) {
        DatahubException e = assertThrows(DatahubException.class, action);
        assertEquals(category, e.category(), e.getMessage());
        assertEquals(message, e.getMessage());
        return e;
    }

    static Path writeCsv(Path dir, String name, String... lines) {
        try {
            return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Dataset<Row> readCsv(Path file, String ddl) {
        return SparkTestSupport.spark().read().schema(ddl).option("header", "true").csv(file.toString());
    }

    /** Column names and sorted rows of a DuckDB query, in the same text form as {@link #rows}. */
    static DuckResult duckdb(String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                columns.add(rs.getMetaData().getColumnLabel(i));
            }
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    values.add(text(rs.getObject(i)));
                }
                rows.add(String.join("|", values));
            }
            return new DuckResult(columns, rows.stream().sorted().collect(Collectors.toList()));
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB: " + e.getMessage() + "\n" + sql, e);
        }
    }

    record DuckResult(List<String> columns, List<String> rows) {
    }

    /** Asserts that Spark's result has DuckDB's columns and rows. */
    static void assertSameAsDuckdb(String sql, Dataset<Row> spark) {
        DuckResult expected = duckdb(sql);
        assertEquals(expected.columns(), List.of(spark.columns()), "columns");
        assertEquals(expected.rows(), rows(spark), "rows");
    }
}
