package io.datahub.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FlowsCommandTest {

    private record Run(int code, String out, String err) {
    }

    private static Run flows(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine cli = new CommandLine(new FlowsCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        final int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void writesTheDefinitionToTheFileGiven(@TempDir final Path dir) {
        final Path file = dir.resolve("flows/customer.json");
        final Run run = flows("--app", "customer", "--config", "../config", "--out", file.toString());

        assertEquals(0, run.code(), run.err());
        assertEquals("wrote the flow definition of 'customer' to " + file + "\n", run.out());
        assertEquals(Repo.generate("customer"), Repo.read(file));
    }

    @Test
    void printsTheDefinitionWithoutOut() {
        final Run run = flows("--app", "retail", "--config", "../config");

        assertEquals(0, run.code(), run.err());
        assertEquals(Repo.generate("retail"), run.out());
    }

    @Test
    void anUnknownApplicationIsAnError() {
        final Run run = flows("--app", "billing", "--config", "../config");

        assertEquals(2, run.code());
        assertEquals("unknown application 'billing': ../config/applications has customer, retail\n", run.err());
        assertEquals("", run.out());
    }

    @Test
    void noFlowFromInvalidDefinitions(@TempDir final Path dir) {
        final Path file = dir.resolve("shop.json");
        final Run run = flows("--app", "shop", "--config", "../src-test-data/invalid", "--out", file.toString());

        assertEquals(1, run.code());
        final List<String> lines = run.err().lines().toList();
        final String dir0 = "../src-test-data/invalid/applications/shop/staging/";
        assertTrue(lines.contains(dir0 + "jobs/j02_unknown_dependency.xml:8:63: pipelineRef 'base_orders' depends on 'base_customers', "
                + "which is not a pipelineRef of job 'j02_unknown_dependency'"), run.err());
        // ValidateCommandTest counts 63 errors in that tree, all of application shop: each is printed, then the summary.
        assertEquals("no flow generated: 63 errors in the definitions of application 'shop' (./datahub validate lists them)",
                lines.get(lines.size() - 1));
        assertEquals(64, lines.size());
        assertTrue(!file.toFile().exists(), "nothing written");
    }
}
