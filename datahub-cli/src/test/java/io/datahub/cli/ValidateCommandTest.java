package io.datahub.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ValidateCommandTest {

    private record Run(int exitCode, List<String> lines) {
    }

    private static Run validate(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new DatahubCommand());
        cli.setOut(new PrintWriter(out));
        int code = cli.execute(args);
        return new Run(code, out.toString().lines().toList());
    }

    @Test
    void theSampleConfigIsValid() {
        Run run = validate("validate", "--config", "../config");
        assertEquals(List.of("OK: 12 definition files valid in ../config"), run.lines());
        assertEquals(0, run.exitCode());
    }

    @Test
    void brokenDefinitionsArePrintedAsPathLineColumnMessageWithASummary() {
        Run run = validate("validate", "--config", "../src-test-data/invalid");
        assertEquals(1, run.exitCode());
        String dir = "../src-test-data/invalid/applications/shop/staging/";
        assertTrue(run.lines().contains(dir + "pipelines/p26_keep_latest_without_order_by.xml:11:65: "
                + "<deduplicate keep=\"latest\"> needs orderBy (the column(s) that say which row is latest, e.g. orderBy=\"updated_at\")"), run.lines().toString());
        assertTrue(run.lines().contains(dir + "jobs/j02_unknown_dependency.xml:8:63: pipelineRef 'base_orders' depends on 'base_customers', "
                + "which is not a pipelineRef of job 'j02_unknown_dependency'"), run.lines().toString());
        assertEquals("FAILED: 63 errors in 58 of 62 definition files in ../src-test-data/invalid", run.lines().get(run.lines().size() - 1));
        assertEquals(64, run.lines().size());
    }

    @Test
    void aMissingConfigFolderIsAnError(@TempDir Path dir) {
        Run run = validate("validate", "--config", dir.resolve("nope").toString());
        assertEquals(List.of(dir.resolve("nope") + ":0:0: config folder not found",
                "FAILED: 1 error in 1 of 0 definition files in " + dir.resolve("nope")), run.lines());
        assertEquals(1, run.exitCode());
    }

    @Test
    void aSingleBrokenFileFailsTheRun(@TempDir Path config) throws IOException {
        Path pipelines = Files.createDirectories(config.resolve("applications/app/staging/pipelines"));
        Files.writeString(pipelines.resolve("p.xml"), """
                <pipeline id="p" version="1.0.0" layer="staging">
                  <sources><csv id="a" path="a.csv"/></sources>
                  <targets><hive table="t" source="b"/></targets>
                </pipeline>
                """);
        Run run = validate("validate", "--config", config.toString());
        assertEquals(List.of(pipelines.resolve("p.xml") + ":3:40: <hive> target reads dataset 'b', which no source or transformation "
                + "of this pipeline defines (datasets: a)", "FAILED: 1 error in 1 of 1 definition files in " + config), run.lines());
    }
}
