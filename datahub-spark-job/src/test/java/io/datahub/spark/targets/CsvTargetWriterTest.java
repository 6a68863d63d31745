package io.datahub.spark.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datahub.model.definition.CsvTarget;
import io.datahub.model.run.ErrorCategory;
import io.datahub.spark.SparkTestSupport;
import io.datahub.spark.api.DatahubException;
import io.datahub.spark.api.RunContext;
import io.datahub.spark.api.TargetCommit;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTargetWriterTest {

    private static final StructType SCHEMA = new StructType()
            .add("id", DataTypes.IntegerType)
            .add("name", DataTypes.StringType)
            .add("city", DataTypes.StringType);

    @TempDir
    Path data;

    private final CsvTargetWriter writer = new CsvTargetWriter();

    @Test
    void overwriteReplacesTheDatedFolderWithTabSeparatedFilesAndAHeader() throws IOException {
        String xml = pipeline("<csv id=\"export\" path=\"out/%Y/%m/%d\" delimiter=\"\\t\"/>");
        Path folder = data.resolve("applications/test/staging/out/2026/01/15");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("old.csv"), "id\n99\n");

        TargetCommit commit = writer.prepare(target(xml), rows(1, 3), context(xml, "run-1"));
        assertEquals(List.of("old.csv"), names(folder), "prepare must not touch the target");
        commit.commit();

        assertEquals(List.of("id\tname\tcity", "1\tname1\tcity1", "2\tname2\tcity2", "3\tname3\tcity3"), lines(folder, "part-"));
        assertTrue(names(folder).contains("_SUCCESS"), "overwrite keeps Spark's folder as written");
        assertFalse(names(folder).contains("old.csv"));
        assertFalse(Files.exists(data.resolve("_staging/run-1/csv/export")), "staging folder removed");
    }

    @Test
    void withoutHeaderAndWithSemicolons() throws IOException {
        String xml = pipeline("<csv path=\"" + data.resolve("plain") + "\" header=\"false\" delimiter=\";\"/>");
        writer.prepare(target(xml), rows(4, 5), context(xml, "run-1")).commit();
        assertEquals(List.of("4;name4;city4", "5;name5;city5"), lines(data.resolve("plain"), "part-"));
    }

    @Test
    void appendAddsRunIdFilesAndARerunReplacesOnlyItsOwnFiles() throws IOException {
        String xml = pipeline("<csv id=\"export\" path=\"appended\" mode=\"append\"/>");
        Path folder = data.resolve("applications/test/staging/appended");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("keep.csv"), "id,name,city\n0,name0,city0\n");

        writer.prepare(target(xml), rows(1, 2), context(xml, "run-1")).commit();
        // "run-1-b" starts with "run-1-": a re-run of run-1 must not take it for its own.
        writer.prepare(target(xml), rows(3, 4), context(xml, "run-1-b")).commit();
        writer.prepare(target(xml), rows(1, 2), context(xml, "run-1")).commit();

        List<String> names = names(folder);
        assertTrue(names.stream().allMatch(n -> n.equals("keep.csv") || n.startsWith("part-run-1-") || n.startsWith(".part-run-1-")),
                names.toString());
        assertFalse(names.contains("_SUCCESS"), "append keeps no _SUCCESS");
        assertEquals(List.of("0,name0,city0", "1,name1,city1", "2,name2,city2", "3,name3,city3", "4,name4,city4"),
                dataLines(folder, ""));
        assertTrue(names.stream().anyMatch(n -> n.startsWith("part-run-1-b-")));
    }

    @Test
    void ignoreKeepsAFolderWithFilesAndWritesAnEmptyOne() throws IOException {
        String xml = pipeline("<csv id=\"export\" path=\"ignored\" mode=\"ignore\"/>");
        Path folder = data.resolve("applications/test/staging/ignored");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("old.csv"), "x\n");
        writer.prepare(target(xml), rows(1, 2), context(xml, "run-1")).commit();
        assertEquals(List.of("old.csv"), names(folder));
        assertFalse(Files.exists(data.resolve("_staging/run-1/csv/export")), "nothing staged");

        Files.delete(folder.resolve("old.csv"));
        writer.prepare(target(xml), rows(1, 2), context(xml, "run-2")).commit();
        assertEquals(List.of("1,name1,city1", "2,name2,city2"), dataLines(folder, "part-"));
    }

    @Test
    void errorFailsWhenTheFolderExistsAtPrepareOrAtCommit() throws IOException {
        String xml = pipeline("<csv id=\"export\" path=\"strict\" mode=\"error\"/>");
        Path folder = data.resolve("applications/test/staging/strict");
        String expected = "<csv id=\"export\">: " + folder + " already exists (mode error)";

        TargetCommit commit = writer.prepare(target(xml), rows(1, 2), context(xml, "run-1"));
        Files.createDirectories(folder);
        DatahubException atCommit = assertThrows(DatahubException.class, commit::commit);
        assertEquals(ErrorCategory.TARGET_WRITE_FAILED, atCommit.category());
        assertEquals(expected, atCommit.getMessage());
        assertEquals(List.of(), names(folder));

        DatahubException atPrepare = assertThrows(DatahubException.class, () -> writer.prepare(target(xml), rows(1, 2), context(xml, "run-2")));
        assertEquals(ErrorCategory.TARGET_WRITE_FAILED, atPrepare.category());
        assertEquals(expected, atPrepare.getMessage());

        Files.delete(folder);
        writer.prepare(target(xml), rows(1, 2), context(xml, "run-3")).commit();
        assertEquals(List.of("1,name1,city1", "2,name2,city2"), dataLines(folder, "part-"));
    }

    @Test
    void gzipAndBzip2FilesReadBack() throws IOException {
        for (String codec : List.of("gzip", "bzip2")) {
            String xml = pipeline("<csv path=\"" + codec + "\" compression=\"" + codec + "\"/>");
            writer.prepare(target(xml), rows(1, 5), context(xml, "run-1")).commit();
            Path folder = data.resolve("applications/test/staging/" + codec);
            String extension = codec.equals("gzip") ? ".csv.gz" : ".csv.bz2";
            List<String> parts = names(folder).stream().filter(n -> n.startsWith("part-")).toList();
            assertFalse(parts.isEmpty());
            assertTrue(parts.stream().allMatch(n -> n.endsWith(extension)), parts.toString());
            // Decompressed with Hadoop's codecs, independently of Spark's reader.
            assertEquals(List.of("1,name1,city1", "2,name2,city2", "3,name3,city3", "4,name4,city4", "5,name5,city5"),
                    dataLines(folder, "part-"));
            List<String> viaSpark = SparkTestSupport.spark().read().option("header", "true").csv(folder.toString())
                    .collectAsList().stream().map(Row::toString).sorted().toList();
            assertEquals(List.of("[1,name1,city1]", "[2,name2,city2]", "[3,name3,city3]", "[4,name4,city4]", "[5,name5,city5]"), viaSpark);
        }
    }

    @Test
    void abortLeavesThePreviousContentAndRemovesTheStagedFiles() throws IOException {
        String xml = pipeline("<csv id=\"export\" path=\"kept\"/>");
        Path folder = data.resolve("applications/test/staging/kept");
        writer.prepare(target(xml), rows(1, 2), context(xml, "run-1")).commit();
        List<String> before = lines(folder, "part-");

        TargetCommit commit = writer.prepare(target(xml), rows(7, 9), context(xml, "run-2"));
        assertTrue(Files.exists(data.resolve("_staging/run-2/csv/export")));
        commit.abort();

        assertEquals(List.of("id,name,city", "1,name1,city1", "2,name2,city2"), before);
        assertEquals(before, lines(folder, "part-"));
        assertFalse(Files.exists(data.resolve("_staging/run-2/csv/export")));
    }

    @Test
    void aDelimiterOfTwoCharactersIsAConfigurationError() {
        String xml = pipeline("<csv id=\"export\" path=\"x\" delimiter=\"ab\"/>");
        DatahubException e = assertThrows(DatahubException.class, () -> writer.prepare(target(xml), rows(1, 1), context(xml, "run-1")));
        assertEquals(ErrorCategory.CONFIGURATION, e.category());
        assertEquals("<csv id=\"export\">: delimiter must be one character or \\t, not 'ab'", e.getMessage());
    }

    // --- helpers

    private static String pipeline(String target) {
        return """
                <pipeline id="p" version="1.0.0" layer="staging">
                  <sources><csv id="a" path="in/a.csv"/></sources>
                  <targets>%s</targets>
                </pipeline>
                """.formatted(target);
    }

    private static CsvTarget target(String xml) {
        return SparkTestSupport.firstTarget(xml, CsvTarget.class);
    }

    private RunContext context(String xml, String runId) {
        return SparkTestSupport.context(xml, data, runId, Map.of());
    }

    /** Rows id from..to with name{id} and city{id}, in one partition so that one file holds them in order. */
    private static Dataset<Row> rows(int from, int to) {
        List<Row> rows = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            rows.add(RowFactory.create(i, "name" + i, "city" + i));
        }
        return SparkTestSupport.spark().createDataFrame(rows, SCHEMA).coalesce(1);
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** All lines of the files whose name starts with {@code prefix} (not checksums), in file order. */
    private static List<String> lines(Path folder, String prefix) throws IOException {
        List<String> lines = new ArrayList<>();
        CompressionCodecFactory codecs = new CompressionCodecFactory(new Configuration());
        for (String name : names(folder)) {
            if (!name.startsWith(prefix) || name.startsWith(".") || name.endsWith(".crc") || name.equals("_SUCCESS")) {
                continue;
            }
            Path file = folder.resolve(name);
            CompressionCodec codec = codecs.getCodec(new org.apache.hadoop.fs.Path(file.toUri()));
            try (InputStream raw = Files.newInputStream(file);
                 InputStream in = codec == null ? raw : codec.createInputStream(raw);
                 BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                reader.lines().forEach(lines::add);
            }
        }
        return lines;
    }

    /** The data lines of all files, headers dropped, sorted. */
    private static List<String> dataLines(Path folder, String prefix) throws IOException {
        return lines(folder, prefix).stream().filter(l -> !l.equals("id,name,city")).sorted().toList();
    }
}
