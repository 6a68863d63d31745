package io.datahub.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Adds {@code flows} (datahub-flows' {@code FlowsCommand}). That module is Java 21 bytecode, because NiFi 2's flow model
 * classes are, while the rest of the command line runs Spark on Java 17-21: the command is loaded by name, only on a
 * JVM that can load it ({@code ./datahub} starts {@code flows} on a JDK 21 or newer).
 */
final class FlowsSubcommand {

    static final String NAME = "flows";
    static final String COMMAND_CLASS = "io.datahub.flows.FlowsCommand";
    static final int REQUIRED_JAVA = 21;

    private FlowsSubcommand() {
    }

    static void register(final CommandLine cli) {
        cli.addSubcommand(NAME, command(Runtime.version().feature()));
    }

    static Object command(final int javaFeatureVersion) {
        if (javaFeatureVersion < REQUIRED_JAVA) {
            return new Unavailable("datahub flows needs Java " + REQUIRED_JAVA + " or newer (NiFi 2's flow model is Java "
                    + REQUIRED_JAVA + " bytecode); this is Java " + javaFeatureVersion + ". ./datahub flows picks a JDK "
                    + REQUIRED_JAVA + "+ by itself.");
        }
        try {
            return Class.forName(COMMAND_CLASS).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            return new Unavailable("datahub flows is not on the classpath (" + e + "): build with ./mvnw package");
        }
    }

    /** Stands in for {@code flows} where it cannot run, saying why. */
    @Command(name = NAME, description = "Generate the NiFi 2 flow definition of an application (needs Java 21+).")
    static final class Unavailable implements Callable<Integer> {
        private final String reason;

        @CommandLine.Unmatched
        private List<String> arguments;

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        Unavailable(final String reason) {
            this.reason = reason;
        }

        @Override
        public Integer call() {
            final PrintWriter err = spec.commandLine().getErr();
            err.println(reason);
            err.flush();
            return 1;
        }
    }
}
