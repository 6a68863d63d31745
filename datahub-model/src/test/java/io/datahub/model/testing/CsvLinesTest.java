package io.datahub.model.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvLinesTest {

    @TempDir
    Path temp;

    @Test
    void doubledQuotesAsPythonWritesThem() {
        assertEquals(Arrays.asList("a", null, "", "b"), CsvLines.fields("a,,\"\",b", false));
        assertEquals(Arrays.asList("say \"hi\"", "x, y", null), CsvLines.fields("\"say \"\"hi\"\"\",\"x, y\",", false));
        assertEquals(Arrays.asList((String) null), CsvLines.fields("", false));
    }

    @Test
    void backslashEscapesAsSparkWritesThem() {
        assertEquals(Arrays.asList("a\"b", "c\\d", "", null), CsvLines.fields("\"a\\\"b\",\"c\\\\d\",\"\",", true));
    }

    @Test
    void sparkFolderJoinsThePartFilesAndReadsTimestampsInTheZone() throws IOException {
        Files.writeString(temp.resolve("part-00000-a.csv"), "id,at\n1,2026-01-15T10:30:00.000+01:00\n");
        Files.writeString(temp.resolve(".part-00000-a.csv.crc"), "not csv");
        Files.writeString(temp.resolve("part-00000-a.csv.crc"), "not csv");
        Files.writeString(temp.resolve("_SUCCESS"), "");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(temp.resolve("part-00001-a.csv.gz")))) {
            out.write("id,at\n2,\n".getBytes(StandardCharsets.UTF_8));
        }
        Files.writeString(temp.resolve("part-00002-a.csv"), "");

        assertEquals(List.of(List.of("id", "at"), List.of("1", "2026-01-15T09:30:00"), Arrays.asList("2", null)),
                CsvLines.sparkFolder(temp, ZoneOffset.UTC));
        assertEquals("2026-01-15T10:30:00", CsvLines.sparkFolder(temp, ZoneId.of("Europe/Berlin")).get(1).get(1));
    }

    @Test
    void aFolderWithoutPartFilesIsAnError() {
        AssertionError e = assertThrows(AssertionError.class, () -> CsvLines.sparkFolder(temp, ZoneOffset.UTC));
        assertEquals("no part file in " + temp, e.getMessage());
    }
}
