package io.datahub.nifi.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * CSV rows in the conventions of {@code src-test-data/expected/} (its README): header row, an empty field is null,
 * timestamps {@code yyyy-MM-ddTHH:mm:ss}, numbers compared by value. Reads the expected files and the folders Spark's
 * CSV writer produces, without Spark (the NiFi modules' tests run on a JDK Spark 3.5 does not run on).
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
        for (String line : Files.readAllLines(file)) {
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
