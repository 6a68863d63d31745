package io.datahub.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Runs {@code datahub} as a user does, in this JVM, and keeps what it printed. */
final class Cli {

    private static final Pattern RUN_ID = Pattern.compile("^Pipeline \\S+ \\(.*\\) run date \\S+, run id (\\S+)$", Pattern.MULTILINE);

    private Cli() {
    }

    /** What one command did: its exit code, its standard output and its error output. */
    record Run(int exitCode, String out, String err) {

        List<String> lines() {
            return out.lines().toList();
        }

        /** Both outputs, for assertion messages. */
        String output() {
            return out + (err.isEmpty() ? "" : "\n--- stderr ---\n" + err);
        }

        /** The run id the summary names. */
        String runId() {
            Matcher m = RUN_ID.matcher(out);
            if (!m.find()) {
                throw new AssertionError("no run summary in:\n" + output());
            }
            return m.group(1);
        }
    }

    static Run datahub(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new DatahubCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
