package io.datahub.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Secrets for embedded runs: a properties file (for development; the sample applications ship
 * {@code config/dev-secrets.properties} with throw-away values), overridden by environment variables
 * {@code DATAHUB_SECRET_<name>}. Values are handed to the job and never printed.
 */
final class EmbeddedSecrets {

    static final String ENV_PREFIX = "DATAHUB_SECRET_";

    private EmbeddedSecrets() {
    }

    static Map<String, String> load(Path file, Path config, Map<String, String> environment) throws IOException {
        Map<String, String> secrets = new HashMap<>();
        Path source = file != null ? file : config.resolve("dev-secrets.properties");
        if (file != null || Files.isRegularFile(source)) {
            Properties properties = new Properties();
            try (Reader in = Files.newBufferedReader(source, StandardCharsets.UTF_8)) {
                properties.load(in);
            }
            properties.stringPropertyNames().forEach(name -> secrets.put(name, properties.getProperty(name)));
        }
        environment.forEach((key, value) -> {
            if (key.startsWith(ENV_PREFIX)) {
                secrets.put(key.substring(ENV_PREFIX.length()), value);
            }
        });
        return secrets;
    }
}
