package io.datahub.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code datahub demo [--app retail|customer]}: the README's first command. Seeds a sample
 * application's inputs into the data root and runs its daily job on the embedded default (local
 * Spark, local Hive catalog, embedded run history) for the sample data's run date.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Seed a sample application's inputs from src-test-data/ and run its job in-process.")
public final class DemoCommand implements Callable<Integer> {

    static final String SAMPLE_RUN_DATE = "2026-01-15";

    @Option(names = "--app", defaultValue = "retail", paramLabel = "APP", description = "retail (job retail_daily) or customer (job customer_master); default ${DEFAULT-VALUE}.")
    String app;

    @Option(names = "--config", paramLabel = "DIR", defaultValue = "config", description = "The config tree (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data", description = "The data root (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--samples", paramLabel = "DIR", defaultValue = "src-test-data", description = "Where the sample inputs are (default: ${DEFAULT-VALUE}).")
    Path samples;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String job = switch (app) {
            case "retail" -> "retail_daily";
            case "customer" -> "customer_master";
            default -> throw new CommandLine.ParameterException(spec.commandLine(), "--app must be retail or customer");
        };
        SampleData.seed(samples, data, app);
        spec.commandLine().getOut().printf("Seeded %s sample inputs into %s%n", app, data.resolve("applications").resolve(app));
        return spec.commandLine().getParent().execute("run-job", job, "--app", app, "--run-date", SAMPLE_RUN_DATE,
                "--config", config.toString(), "--data", data.toString());
    }
}
