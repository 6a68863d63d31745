package io.datahub.spark.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datahub.model.testing.CsvLines;
import io.datahub.spark.SparkTestSupport;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;

/**
 * Rows as text in the conventions of {@code src-test-data/expected/} (README there): null as null, dates
 * {@code yyyy-MM-dd}, timestamps {@code yyyy-MM-ddTHH:mm:ss} as wall-clock time in the session's time zone
 * (the inputs' local times, which Spark read in that zone), numbers compared by value.
 *
 * @param numeric the columns compared numerically (known from the data's types, or given for CSV files)
 */
record Table(List<String> columns, List<List<String>> rows, Set<String> numeric) {

    private static final DateTimeFormatter LOCAL_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    /** The session time zone the data was read and written in. */
    static ZoneId zone() {
        return ZoneId.of(SparkTestSupport.spark().conf().get("spark.sql.session.timeZone"));
    }

    /** An expected file: header row, empty field = null. Every column is numeric that the caller says is. */
    static Table expected(String relative, String... numericColumns) {
        List<List<String>> lines = CsvLines.read(Samples.EXPECTED.resolve(relative), false);
        List<List<String>> rows = new ArrayList<>();
        for (List<String> line : lines.subList(1, lines.size())) {
            rows.add(line.stream().map(v -> v == null || v.isEmpty() ? null : v).toList());
        }
        return new Table(lines.get(0), rows, Set.of(numericColumns));
    }

    /** A Hive table or any dataset, collected; numeric columns from its types. */
    static Table of(Dataset<Row> data) {
        ZoneId zone = zone();
        List<String> columns = List.of(data.columns());
        Set<String> numeric = new HashSet<>();
        for (StructField f : data.schema().fields()) {
            if (f.dataType() instanceof NumericType) { // decimals included
                numeric.add(f.name());
            }
        }
        List<List<String>> rows = new ArrayList<>();
        for (Row r : data.collectAsList()) {
            List<String> row = new ArrayList<>();
            for (int i = 0; i < r.size(); i++) {
                row.add(text(r.get(i), zone));
            }
            rows.add(row);
        }
        return new Table(columns, rows, numeric);
    }

    /** A folder Spark's CSV writer produced (header row; part files, possibly gzip), the given columns numeric. */
    static Table csvFolder(Path folder, String... numericColumns) {
        List<List<String>> lines = CsvLines.sparkFolder(folder, zone());
        return new Table(lines.get(0), lines.subList(1, lines.size()), Set.of(numericColumns));
    }

    /** A query's rows over JDBC; numeric columns from the result's metadata, column names lower-case. */
    static Table jdbc(Connection connection, String sql) throws SQLException {
        ZoneId zone = zone();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            Set<String> numeric = new HashSet<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                String name = meta.getColumnLabel(i).toLowerCase(Locale.ROOT);
                columns.add(name);
                if (Set.of(Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT, Types.DECIMAL, Types.NUMERIC, Types.DOUBLE,
                        Types.FLOAT, Types.REAL).contains(meta.getColumnType(i))) {
                    numeric.add(name);
                }
            }
            List<List<String>> rows = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns.size(); i++) {
                    int type = meta.getColumnType(i);
                    // getString also reads H2's CLOB columns (Spark's H2 type for strings) as text.
                    Object value = type == Types.TIMESTAMP ? rs.getTimestamp(i) : type == Types.DATE ? rs.getDate(i)
                            : numeric.contains(columns.get(i - 1)) ? rs.getBigDecimal(i) : rs.getString(i);
                    row.add(text(value, zone));
                }
                rows.add(row);
            }
            return new Table(columns, rows, numeric);
        }
    }

    /** Only these columns, in this order. */
    Table project(List<String> wanted) {
        List<Integer> at = wanted.stream().map(c -> {
            int i = columns.indexOf(c);
            if (i < 0) {
                throw new AssertionError("no column " + c + " in " + columns);
            }
            return i;
        }).toList();
        List<List<String>> projected = rows.stream().map(r -> at.stream().map(r::get).toList()).toList();
        return new Table(wanted, projected, numeric);
    }

    /** Only the rows whose {@code column} is not null. */
    Table withoutNull(String column) {
        int i = columns.indexOf(column);
        return new Table(columns, rows.stream().filter(r -> r.get(i) != null).toList(), numeric);
    }

    /**
     * Asserts that {@code actual} has exactly the expected columns plus {@code excluded} (the columns
     * the expected file leaves out), and, on the expected columns, exactly the expected rows (both
     * sorted by {@code keys} then the whole row; numeric columns of either side compared by value).
     */
    static void assertRows(String what, Table expected, Table actual, List<String> keys, String... excluded) {
        Set<String> wantedColumns = new TreeSet<>(expected.columns);
        wantedColumns.addAll(Arrays.asList(excluded));
        assertEquals(wantedColumns, new TreeSet<>(actual.columns), what + ": columns");
        Set<String> numeric = new LinkedHashSet<>(expected.numeric);
        numeric.addAll(actual.numeric);
        Table projected = actual.project(expected.columns);
        assertEquals(lines(expected, keys, numeric), lines(projected, keys, numeric), what + ": rows");
    }

    private static List<String> lines(Table table, List<String> keys, Set<String> numeric) {
        List<Integer> keyAt = keys.stream().map(table.columns::indexOf).toList();
        List<List<String>> canonical = new ArrayList<>();
        for (List<String> row : table.rows) {
            List<String> c = new ArrayList<>();
            for (int i = 0; i < row.size(); i++) {
                String v = row.get(i);
                c.add(v != null && numeric.contains(table.columns.get(i)) ? new BigDecimal(v).stripTrailingZeros().toPlainString() : v);
            }
            canonical.add(c);
        }
        Comparator<List<String>> byKeys = (a, b) -> {
            for (int k : keyAt) {
                int cmp = Comparator.nullsFirst(Comparator.<String>naturalOrder()).compare(a.get(k), b.get(k));
                if (cmp != 0) {
                    return cmp;
                }
            }
            return String.valueOf(a).compareTo(String.valueOf(b));
        };
        return canonical.stream().sorted(byKeys).map(r -> String.join("|", r.stream().map(v -> v == null ? "<null>" : v).toList())).toList();
    }

    private static String text(Object value, ZoneId zone) {
        if (value == null) {
            return null;
        }
        if (value instanceof Timestamp t) {
            return t.toInstant().atZone(zone).format(LOCAL_SECONDS);
        }
        if (value instanceof Date d) {
            return d.toLocalDate().toString();
        }
        if (value instanceof BigDecimal b) {
            return b.toPlainString();
        }
        return value.toString();
    }
}
