package io.datahub.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./datahub} command: one subcommand per task. */
@Command(name = "datahub", mixinStandardHelpOptions = true, version = "datahub 0.1.0",
        description = "Data Hub: validate and run XML-defined data pipelines; generate their NiFi flow definitions.",
        subcommands = {ValidateCommand.class, RunCommand.class, RunJobCommand.class, HistoryCommand.class, ReportCommand.class, DemoCommand.class})
public final class DatahubCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (tests call this instead of main). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** The command line with every subcommand, including {@code flows} where this JVM can load it. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new DatahubCommand());
        FlowsSubcommand.register(cli);
        return cli;
    }
}
