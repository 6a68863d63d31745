package io.datahub.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class FlowsSubcommandTest {

    @Test
    void onJava17FlowsSaysItNeedsJava21AndFails() {
        final CommandLine cli = new CommandLine(new DatahubCommand());
        cli.addSubcommand(FlowsSubcommand.NAME, FlowsSubcommand.command(17));
        final StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));

        final int code = cli.execute("flows", "--app", "customer", "--out", "templates/customer.json");

        assertEquals(1, code);
        assertEquals("datahub flows needs Java 21 or newer (NiFi 2's flow model is Java 21 bytecode); this is Java 17."
                + " ./datahub flows picks a JDK 21+ by itself.", err.toString().strip());
    }

    @Test
    void theCommandLineListsFlows() {
        final CommandLine cli = DatahubCommand.commandLine();
        assertTrue(cli.getSubcommands().containsKey("flows"), cli.getSubcommands().keySet().toString());
        final StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.execute();
        assertTrue(out.toString().contains("flows"), out.toString());
    }
}
