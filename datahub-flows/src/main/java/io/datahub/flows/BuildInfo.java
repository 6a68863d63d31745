package io.datahub.flows;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Versions fixed at build time (Maven resource filtering of {@code build.properties}). */
public final class BuildInfo {

    private static final Properties PROPERTIES = load();

    private BuildInfo() {
    }

    /** This project's version: the version of the nifi-datahub-nar bundle the flows reference. */
    public static String datahubVersion() {
        return get("datahub.version");
    }

    /** The NiFi release whose standard components the flows use. */
    public static String nifiVersion() {
        return get("nifi.version");
    }

    /** The PostgreSQL JDBC driver version the deployment's run-history connection pool loads. */
    public static String postgresqlVersion() {
        return get("postgresql.version");
    }

    private static String get(final String key) {
        final String value = PROPERTIES.getProperty(key);
        if (value == null || value.startsWith("${")) {
            throw new IllegalStateException("build.properties has no " + key + ": the module was not built by Maven");
        }
        return value;
    }

    private static Properties load() {
        final Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in == null) {
                throw new IllegalStateException("io/datahub/flows/build.properties is missing from the classpath");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
