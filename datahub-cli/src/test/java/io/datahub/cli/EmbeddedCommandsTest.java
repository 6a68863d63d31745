package io.datahub.cli;

import static io.datahub.cli.Cli.datahub;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded commands as a user runs them: demo (seed + the retail daily job), run, history, with
 * real local Spark and the embedded H2 run history under a temporary data root.
 */
class EmbeddedCommandsTest {

    @TempDir
    static Path data;

    @Test
    void demoThenRunThenHistory() throws Exception {
        String root = data.toString();
        Cli.Run demo = datahub("demo", "--app", "retail", "--data", root, "--config", "../config", "--samples", "../src-test-data");
        assertEquals(0, demo.exitCode(), demo.output());
        assertTrue(demo.lines().contains("Seeded retail sample inputs into " + data.resolve("applications").resolve("retail")), demo.output());
        assertTrue(demo.output().contains("Job retail_daily: SUCCEEDED"), demo.output());
        for (String pipeline : List.of("retail_sales_load", "retail_reference_load", "retail_sales_standardize",
                "retail_top_sales_per_city", "retail_top_salesmen", "retail_star_schema")) {
            assertTrue(demo.lines().stream().anyMatch(l -> l.matches("  " + pipeline + " +SUCCEEDED +attempt 1")), pipeline + "\n" + demo.output());
        }
        // The top-sales export: 5 cities x 3 days less the (city, day) pairs without sales, as in src-test-data/expected.
        Path export = data.resolve("applications/retail/service/exports/top_sales_per_city/2026/01/15");
        try (Stream<Path> files = Files.list(export)) {
            long rows = files.filter(f -> f.getFileName().toString().startsWith("part-"))
                    .mapToLong(f -> lines(f).size() - 1).sum();
            long expected = lines(Path.of("../src-test-data/expected/retail/top_sales_per_city.csv")).size() - 1;
            assertEquals(expected, rows);
        }

        Cli.Run single = datahub("run", "retail_top_salesmen", "--app", "retail", "--run-date", "2026-01-15", "--data", root, "--config", "../config");
        assertEquals(0, single.exitCode(), single.output());
        assertTrue(single.output().contains("Pipeline retail_top_salesmen (retail/service) run date 2026-01-15"), single.output());
        assertTrue(single.lines().stream().anyMatch(l -> l.startsWith("Outcome: SUCCEEDED in ")), single.output());

        Cli.Run unknown = datahub("run", "nope", "--app", "retail", "--run-date", "2026-01-15", "--data", root, "--config", "../config");
        assertEquals(1, unknown.exitCode());
        assertTrue(unknown.output().contains("error [CONFIGURATION]: application 'retail' has no pipeline 'nope' (pipelines: "
                + "retail_reference_load, retail_sales_load, retail_sales_standardize, retail_star_schema, retail_top_sales_per_city, "
                + "retail_top_salesmen)"), unknown.output());

        Cli.Run badParameter = datahub("run", "retail_top_salesmen", "--app", "retail", "--run-date", "2026-01-15", "--param", "topN=many",
                "--data", root, "--config", "../config");
        assertEquals(1, badParameter.exitCode());
        assertTrue(badParameter.output().contains("error [CONFIGURATION]: parameter 'topN': 'many' is not an int"), badParameter.output());

        Cli.Run history = datahub("history", "--data", root, "--app", "retail");
        assertEquals(0, history.exitCode(), history.output());
        // 6 job pipelines + 1 single run succeeded; 2 refused runs failed.
        assertTrue(history.lines().contains("  total: 9 runs, 7 succeeded, 2 failed"), history.output());
        assertTrue(history.lines().stream().anyMatch(l -> l.matches("  CONFIGURATION +2  e\\.g\\. parameter 'topN': 'many' is not an int")),
                history.output());
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
