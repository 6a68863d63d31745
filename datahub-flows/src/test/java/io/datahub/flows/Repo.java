package io.datahub.flows;

import io.datahub.model.validation.ConfigValidator;
import io.datahub.model.validation.ValidatedConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The repository around this module: its config tree, templates and deployment files. */
public final class Repo {

    /** Tests run in the module's folder. */
    public static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    public static final Path CONFIG = Path.of("../config");
    public static final List<String> SAMPLE_APPS = List.of("customer", "retail");

    private static ValidatedConfig validated;

    private Repo() {
    }

    public static synchronized ValidatedConfig config() {
        if (validated == null) {
            validated = new ConfigValidator().validate(CONFIG);
        }
        return validated;
    }

    public static ApplicationConfig application(final String app) {
        return ApplicationConfig.of(config(), CONFIG, app);
    }

    /** The definition {@code ./datahub flows --app APP} writes. */
    public static String generate(final String app) {
        return FlowDefinitionJson.write(new FlowDefinitionGenerator().generate(application(app)));
    }

    public static Path template(final String app) {
        return ROOT.resolve("templates").resolve(app + ".json");
    }

    public static String read(final Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
