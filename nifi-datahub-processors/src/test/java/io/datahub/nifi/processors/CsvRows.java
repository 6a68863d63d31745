package io.datahub.nifi.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datahub.model.testing.CsvLines;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * CSV rows in the conventions of {@code src-test-data/expected/} (its README): header row, an empty field is null,
 * timestamps {@code yyyy-MM-ddTHH:mm:ss}, numbers compared by value. Reads the expected files, the folders Spark's
 * CSV writer produces (gzip or not) and database tables (plain JDBC), without Spark (the NiFi modules' tests run on a JDK
 * Spark 3.5 does not run on).
 */
record CsvRows(List<String> columns, List<List<String>> rows) {

    static final Path EXPECTED = Path.of("..", "src-test-data", "expected").toAbsolutePath().normalize();

    /** An expected file, e.g. {@code retail/top_sales_per_city.csv} (quotes doubled, as Python writes them). */
    static CsvRows expected(String relative) throws IOException {
        List<List<String>> lines = CsvLines.read(EXPECTED.resolve(relative), false);
        return new CsvRows(lines.get(0), lines.subList(1, lines.size()));
    }

    /** The part files of a folder Spark's CSV writer produced with a header (backslash escapes); timestamps as UTC wall-clock time. */
    static CsvRows sparkFolder(Path folder) throws IOException {
        List<List<String>> lines = CsvLines.sparkFolder(folder, ZoneOffset.UTC);
        return new CsvRows(lines.get(0), lines.subList(1, lines.size()));
    }

    /**
     * A query's rows read back over plain JDBC, in the same conventions: column names lower case, timestamps as their
     * wall-clock value {@code yyyy-MM-ddTHH:mm:ss} (with a zone: in UTC, the runs' session time zone), dates
     * {@code yyyy-MM-dd}, null as null.
     */
    static CsvRows jdbc(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnLabel(i).toLowerCase(Locale.ROOT));
            }
            List<List<String>> rows = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns.size(); i++) {
                    Object value = switch (meta.getColumnType(i)) {
                        case Types.TIMESTAMP -> {
                            LocalDateTime t = rs.getObject(i, LocalDateTime.class);
                            yield t == null ? null : t.format(CsvLines.LOCAL_SECONDS);
                        }
                        case Types.TIMESTAMP_WITH_TIMEZONE -> {
                            OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
                            yield t == null ? null : t.atZoneSameInstant(ZoneOffset.UTC).format(CsvLines.LOCAL_SECONDS);
                        }
                        case Types.DATE -> rs.getObject(i, LocalDate.class);
                        default -> rs.getString(i);
                    };
                    row.add(value == null ? null : value.toString());
                }
                rows.add(row);
            }
            return new CsvRows(columns, rows);
        }
    }

    /** The rows whose {@code column} is not null (e.g. the rows a merge on that key can hold). */
    CsvRows withoutNull(String column) {
        int i = columns.indexOf(column);
        if (i < 0) {
            throw new AssertionError("no column " + column + " in " + columns);
        }
        return new CsvRows(columns, rows.stream().filter(r -> r.get(i) != null).toList());
    }

    /** Only these columns, in this order (e.g. the keys of a table whose other columns are masked). */
    CsvRows project(List<String> wanted) {
        List<Integer> at = wanted.stream().map(c -> {
            int i = columns.indexOf(c);
            if (i < 0) {
                throw new AssertionError("no column " + c + " in " + columns);
            }
            return i;
        }).toList();
        return new CsvRows(wanted, rows.stream().map(r -> at.stream().map(r::get).toList()).toList());
    }

    /**
     * The same columns (by name: the expected files' README compares by column name) and the same rows in any order; the
     * {@code numeric} columns compared by value.
     */
    static void assertSameRows(String what, CsvRows expected, CsvRows actual, Set<String> numeric) {
        assertEquals(new TreeSet<>(expected.columns), new TreeSet<>(actual.columns), what + ": columns");
        List<Integer> at = expected.columns.stream().map(actual.columns::indexOf).toList();
        CsvRows projected = new CsvRows(expected.columns, actual.rows.stream().map(r -> at.stream().map(r::get).toList()).toList());
        assertEquals(canonical(expected, numeric), canonical(projected, numeric), what + ": rows");
    }

    private static List<String> canonical(CsvRows table, Set<String> numeric) {
        List<String> lines = new ArrayList<>();
        for (List<String> row : table.rows) {
            List<String> values = new ArrayList<>();
            for (int i = 0; i < row.size(); i++) {
                String v = row.get(i);
                values.add(v == null ? "<null>"
                        : numeric.contains(table.columns.get(i)) ? new BigDecimal(v).stripTrailingZeros().toPlainString() : v);
            }
            lines.add(String.join("|", values));
        }
        lines.sort(Comparator.naturalOrder());
        return lines;
    }
}
