package io.datahub.nifi.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * CSV rows in the conventions of {@code src-test-data/expected/} (its README): header row, an empty field is null,
 * timestamps {@code yyyy-MM-ddTHH:mm:ss}, numbers compared by value. Reads the expected files, the folders Spark's
 * CSV writer produces (gzip or not) and database tables (plain JDBC), without Spark (the NiFi modules' tests run on a JDK
 * Spark 3.5 does not run on).
 */
record CsvRows(List<String> columns, List<List<String>> rows) {

    static final Path EXPECTED = Path.of("..", "src-test-data", "expected").toAbsolutePath().normalize();
    private static final DateTimeFormatter LOCAL_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    /** How Spark's CSV writer prints a timestamp (yyyy-MM-dd'T'HH:mm:ss.SSSXXX; the runs use session time zone UTC). */
    private static final Pattern OFFSET_TIMESTAMP = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?(Z|[+-]\\d\\d:\\d\\d)");

    /** An expected file, e.g. {@code retail/top_sales_per_city.csv} (quotes doubled, as Python writes them). */
    static CsvRows expected(String relative) throws IOException {
        List<List<String>> lines = read(EXPECTED.resolve(relative), false);
        return new CsvRows(lines.get(0), lines.subList(1, lines.size()));
    }

    /** The part files of a folder Spark's CSV writer produced with a header (backslash escapes); timestamps as UTC wall-clock time. */
    static CsvRows sparkFolder(Path folder) throws IOException {
        List<Path> parts;
        try (Stream<Path> files = Files.list(folder)) {
            parts = files.filter(p -> p.getFileName().toString().startsWith("part-") && !p.toString().endsWith(".crc")).sorted().toList();
        }
        if (parts.isEmpty()) {
            throw new AssertionError("no part file in " + folder);
        }
        List<String> header = null;
        List<List<String>> rows = new ArrayList<>();
        for (Path part : parts) {
            List<List<String>> lines = read(part, true);
            if (lines.isEmpty()) {
                continue;
            }
            if (header != null) {
                assertEquals(header, lines.get(0), "header of " + part);
            }
            header = lines.get(0);
            for (List<String> line : lines.subList(1, lines.size())) {
                rows.add(line.stream().map(v -> v != null && OFFSET_TIMESTAMP.matcher(v).matches()
                        ? OffsetDateTime.parse(v).atZoneSameInstant(ZoneOffset.UTC).format(LOCAL_SECONDS) : v).toList());
            }
        }
        return new CsvRows(header, rows);
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
                            yield t == null ? null : t.format(LOCAL_SECONDS);
                        }
                        case Types.TIMESTAMP_WITH_TIMEZONE -> {
                            OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
                            yield t == null ? null : t.atZoneSameInstant(ZoneOffset.UTC).format(LOCAL_SECONDS);
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

    /**
     * RFC 4180 records, one per line (no value here spans lines). A quoted empty field is the empty string, an unquoted
     * one null; with {@code backslashEscapes} a backslash escapes the next character inside quotes (Spark's writer),
     * otherwise a doubled quote is a quote.
     */
    private static List<List<String>> read(Path file, boolean backslashEscapes) throws IOException {
        List<List<String>> lines = new ArrayList<>();
        List<String> text;
        if (file.getFileName().toString().endsWith(".gz")) {  // compression="gzip" targets
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            }
        } else {
            text = Files.readAllLines(file);
        }
        for (String line : text) {
            lines.add(fields(line, backslashEscapes));
        }
        return lines;
    }

    private static List<String> fields(String line, boolean backslashEscapes) {
        List<String> fields = new ArrayList<>();
        int i = 0;
        while (true) {
            if (i < line.length() && line.charAt(i) == '"') {
                StringBuilder value = new StringBuilder();
                i++;
                while (true) {
                    char ch = line.charAt(i);
                    if (backslashEscapes && ch == '\\') {
                        value.append(line.charAt(i + 1));
                        i += 2;
                    } else if (ch == '"' && !backslashEscapes && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        value.append('"');
                        i += 2;
                    } else if (ch == '"') {
                        i++;
                        break;
                    } else {
                        value.append(ch);
                        i++;
                    }
                }
                fields.add(value.toString());
            } else {
                int comma = line.indexOf(',', i);
                int end = comma < 0 ? line.length() : comma;
                fields.add(end == i ? null : line.substring(i, end));
                i = end;
            }
            if (i >= line.length()) {
                return fields;
            }
            i++;  // the comma
            if (i == line.length()) {
                fields.add(null);
                return fields;
            }
        }
    }
}
