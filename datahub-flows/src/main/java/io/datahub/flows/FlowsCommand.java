package io.datahub.flows;

import io.datahub.model.validation.ConfigValidator;
import io.datahub.model.validation.ValidatedConfig;
import io.datahub.model.validation.ValidationError;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code datahub flows --app APP [--out FILE]}: the NiFi 2 flow definition of one application, ready for the canvas's
 * "Upload flow definition" or the REST API. Refuses applications whose definitions have errors.
 */
@Command(name = "flows", mixinStandardHelpOptions = true,
        description = "Generate the NiFi 2 flow definition (JSON) of an application: a process group with a child group per layer,"
                + " its controller services and a parameter context. Import it with the canvas's \"Upload flow definition\" or the"
                + " REST API (docs/deployment.md).")
public final class FlowsCommand implements Callable<Integer> {

    @Option(names = "--app", required = true, paramLabel = "APP", description = "The application (a folder of config/applications).")
    private String app;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the definition (default: standard output).")
    private Path out;

    @Option(names = "--config", paramLabel = "DIR", defaultValue = "config", description = "The config tree (default: ${DEFAULT-VALUE}).")
    private Path config;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        final PrintWriter err = spec.commandLine().getErr();
        final ValidatedConfig validated = new ConfigValidator().validate(config);
        final Path appDir = config.resolve("applications").resolve(app);
        final List<ValidationError> errors = validated.errors().stream()
                .filter(error -> Path.of(error.file()).startsWith(appDir) || !Path.of(error.file()).startsWith(config.resolve("applications")))
                .toList();
        if (!errors.isEmpty()) {
            errors.forEach(error -> err.println(error.format()));
            err.printf("no flow generated: %d error%s in the definitions of application '%s' (./datahub validate lists them)%n",
                    errors.size(), errors.size() == 1 ? "" : "s", app);
            err.flush();
            return 1;
        }
        final ApplicationConfig application;
        try {
            application = ApplicationConfig.of(validated, config, app);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.flush();
            return 2;
        }
        final String json = FlowDefinitionJson.write(new FlowDefinitionGenerator().generate(application));
        final PrintWriter stdout = spec.commandLine().getOut();
        if (out == null) {
            stdout.print(json);
        } else {
            if (out.toAbsolutePath().getParent() != null) {
                Files.createDirectories(out.toAbsolutePath().getParent());
            }
            Files.writeString(out, json, StandardCharsets.UTF_8);
            stdout.printf("wrote the flow definition of '%s' to %s%n", app, out);
        }
        stdout.flush();
        return 0;
    }
}
