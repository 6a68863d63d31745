package io.datahub.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options shared by the commands that run pipelines: what to run, the config tree, the data root, secrets. */
public final class EmbeddedOptions {

    @Option(names = "--app", required = true, paramLabel = "APP", description = "The application.")
    String app;

    @Option(names = "--run-date", paramLabel = "YYYY-MM-DD", description = "The run date (default: today, UTC).")
    LocalDate runDate;

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "A parameter value; repeatable.")
    Map<String, String> parameters = new LinkedHashMap<>();

    @Option(names = "--config", paramLabel = "DIR", defaultValue = "config", description = "The config tree (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data",
            description = "The data root: inputs and outputs under applications/<app>/<layer>/, the local Hive catalog and "
                    + "the run history (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--secrets", paramLabel = "FILE",
            description = "A properties file of secrets (name=value); DATAHUB_SECRET_<name> environment variables win. "
                    + "Default: config/dev-secrets.properties when it exists. Submitted runs get them as Spark configuration "
                    + "spark.datahub.secret.<name>; they are never printed.")
    Path secrets;

    /** The secrets of this command's runs. */
    Map<String, String> secrets() throws java.io.IOException {
        return EmbeddedSecrets.load(secrets, config, System.getenv());
    }

    /** A runner over these options' config tree and data root whose runs are embedded (in-process). */
    PipelineRunner runner(java.io.PrintWriter out) throws java.io.IOException {
        return runner(out, new EmbeddedEngine(data.toAbsolutePath().normalize(), secrets()), data.toAbsolutePath().normalize().toString());
    }

    /** A runner over these options' config tree and data root whose runs go to {@code engine}, with the data root as it sees it. */
    PipelineRunner runner(java.io.PrintWriter out, RunEngine engine, String dataRoot) {
        return new PipelineRunner(config, data, dataRoot, engine, out);
    }

    LocalDate runDate() {
        return runDate != null ? runDate : LocalDate.now(java.time.ZoneOffset.UTC);
    }
}
