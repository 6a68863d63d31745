package io.datahub.model.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The broken-definition corpus in {@code src-test-data/invalid/}: a config tree where each file states,
 * in {@code expect: line:column: message} comments written by hand, exactly the errors it must produce.
 * Validated as one tree (as {@code ./datahub validate --config src-test-data/invalid} does).
 */
class InvalidDefinitionsTest {

    static final Path CORPUS = Path.of("../src-test-data/invalid");
    private static final Pattern EXPECT = Pattern.compile("^\\s*expect: (.*)$");

    private static ValidatedConfig result;

    @BeforeAll
    static void validateCorpus() {
        result = new ConfigValidator().validate(CORPUS);
    }

    @TestFactory
    Stream<DynamicTest> eachFileReportsExactlyItsExpectedErrors() throws IOException {
        Map<String, List<String>> actual = new TreeMap<>();
        for (ValidationError error : result.errors()) {
            actual.computeIfAbsent(error.file(), f -> new ArrayList<>())
                    .add(error.line() + ":" + error.column() + ": " + error.message().replace("../src-test-data/", "src-test-data/"));
        }
        return definitionFiles().stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () ->
                assertEquals(expected(file), actual.getOrDefault(file.toString(), List.of()), file.toString())));
    }

    @Test
    void theCorpusHoldsAtLeastFortyBrokenDefinitions() throws IOException {
        long broken = definitionFiles().stream().filter(f -> !expectedUnchecked(f).isEmpty()).count();
        assertTrue(broken >= 40, "only " + broken + " broken definitions");
        assertEquals(broken, result.invalidFiles());
    }

    @Test
    void everyErrorBelongsToAFileThatExpectsIt() throws IOException {
        long expectedTotal = 0;
        for (Path file : definitionFiles()) {
            expectedTotal += expectedUnchecked(file).size();
        }
        assertEquals(expectedTotal, result.errors().size());
    }

    static List<Path> definitionFiles() throws IOException {
        try (Stream<Path> walk = Files.walk(CORPUS)) {
            return walk.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
        }
    }

    private static List<String> expected(Path file) {
        return expectedUnchecked(file);
    }

    private static List<String> expectedUnchecked(Path file) {
        List<String> lines = new ArrayList<>();
        List<String> content;
        try {
            content = Files.readAllLines(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (String line : content) {
            Matcher m = EXPECT.matcher(line);
            if (m.matches()) {
                lines.add(m.group(1));
            }
        }
        return lines;
    }
}
