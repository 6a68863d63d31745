package io.datahub.model.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Reads the CSV files the tests compare: the expected files of {@code src-test-data/expected/} (quotes doubled, as Python
 * writes them) and the folders Spark's CSV writer produces (backslash escapes). Without Spark, so the NiFi modules' tests,
 * which run on a JDK Spark 3.5 does not run on, read them the same way as datahub-spark-job's.
 */
public final class CsvLines {

    /** Wall-clock time to the second, as src-test-data/expected writes timestamps. */
    public static final DateTimeFormatter LOCAL_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    /** How Spark's CSV writer prints a timestamp by default (yyyy-MM-dd'T'HH:mm:ss.SSSXXX). */
    private static final Pattern OFFSET_TIMESTAMP = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?(Z|[+-]\\d\\d:\\d\\d)");

    private CsvLines() {
    }

    /**
     * RFC 4180 records, one per line (no value here spans lines), of a UTF-8 file (gzip if its name ends in .gz). A quoted
     * empty field is the empty string, an unquoted one null; with {@code backslashEscapes} a backslash escapes the next
     * character inside quotes (Spark's writer), otherwise a doubled quote is a quote (Python's).
     */
    public static List<List<String>> read(Path file, boolean backslashEscapes) {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<List<String>> lines = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(fields(line, backslashEscapes));
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * The part files of a folder Spark's CSV writer produced with a header: the header (the same in every part file that
     * has one) first, then the rows of all part files, Spark's timestamps with offset as wall-clock time
     * {@code yyyy-MM-ddTHH:mm:ss} in {@code zone}.
     */
    public static List<List<String>> sparkFolder(Path folder, ZoneId zone) {
        List<Path> parts;
        try (Stream<Path> files = Files.list(folder)) {
            parts = files.filter(p -> p.getFileName().toString().startsWith("part-") && !p.toString().endsWith(".crc")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
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
                        ? OffsetDateTime.parse(v).atZoneSameInstant(zone).format(LOCAL_SECONDS) : v).toList());
            }
        }
        if (header == null) {
            throw new AssertionError("no header in the part files of " + folder);
        }
        List<List<String>> lines = new ArrayList<>();
        lines.add(header);
        lines.addAll(rows);
        return lines;
    }

    static List<String> fields(String line, boolean backslashEscapes) {
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
            i++; // the comma
            if (i == line.length()) {
                fields.add(null);
                return fields;
            }
        }
    }
}
