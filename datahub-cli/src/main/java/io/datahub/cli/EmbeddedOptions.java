package io.datahub.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options shared by the commands that run pipelines in embedded mode. */
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
            description = "A properties file of secrets (name=value) for embedded runs; DATAHUB_SECRET_<name> environment "
                    + "variables win. Default: config/dev-secrets.properties when it exists.")
    Path secrets;

    /** A runner over these options' config tree, data root and secrets. */
    EmbeddedRunner runner(java.io.PrintWriter out) throws java.io.IOException {
        return new EmbeddedRunner(config, data, EmbeddedSecrets.load(secrets, config, System.getenv()), out);
    }

    LocalDate runDate() {
        return runDate != null ? runDate : LocalDate.now(java.time.ZoneOffset.UTC);
    }
}
