package io.datahub.cli;

import io.datahub.model.validation.ConfigValidator;
import io.datahub.model.validation.ValidatedConfig;
import io.datahub.model.validation.ValidationError;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code datahub validate [--config DIR]}: both validation stages over every definition in the tree. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Validate every pipeline, job and lookup definition in the config tree. "
                + "Prints each error as path:line:column: message and exits 0 only when all are valid.")
public final class ValidateCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "DIR", defaultValue = "config",
            description = "The config tree (default: ${DEFAULT-VALUE}).")
    private Path config;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ValidatedConfig result = new ConfigValidator().validate(config);
        PrintWriter out = spec.commandLine().getOut();
        for (ValidationError error : result.errors()) {
            out.println(error.format());
        }
        if (result.isValid()) {
            out.printf("OK: %d definition files valid in %s%n", result.filesChecked(), config);
        } else {
            out.printf("FAILED: %d error%s in %d of %d definition files in %s%n", result.errors().size(),
                    result.errors().size() == 1 ? "" : "s", result.invalidFiles(), result.filesChecked(), config);
        }
        out.flush();
        return result.isValid() ? 0 : 1;
    }
}
