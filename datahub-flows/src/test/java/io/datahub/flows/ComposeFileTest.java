package io.datahub.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml, checked without Docker: pinned images, health checks, named volumes, ports, no secret in the file
 * (every variable documented in .env.example), every local file it mounts or builds from present, and the values the
 * generated flows default to matching the stack.
 */
class ComposeFileTest {

    private static final Path COMPOSE = Repo.ROOT.resolve("docker-compose.yml");
    private static final Path ENV_EXAMPLE = Repo.ROOT.resolve(".env.example");
    /** ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?message}, ${NAME?message}. */
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}");
    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET|TOKEN|_KEY).*");
    private static final Set<String> SERVICES = Set.of("init", "postgres", "spark-master", "spark-worker", "livy", "nifi", "grafana");

    private final String text = Repo.read(COMPOSE);
    private final Map<String, Object> compose = new Yaml().load(text);

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(final Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(final Object value) {
        return value == null ? List.of() : (List<Object>) value;
    }

    private Map<String, Object> services() {
        return map(compose.get("services"));
    }

    private Map<String, Object> service(final String name) {
        return map(services().get(name));
    }

    /** A volume entry: its source (a named volume, or a path for a bind mount) and where it is mounted. */
    private record Mount(String service, String source, String target, boolean bind) {
    }

    private List<Mount> mounts() {
        final List<Mount> mounts = new ArrayList<>();
        services().forEach((name, definition) -> {
            for (final Object entry : list(map(definition).get("volumes"))) {
                if (entry instanceof String shortSyntax) {
                    final String[] parts = shortSyntax.split(":");
                    mounts.add(new Mount(name, parts[0], parts[1], parts[0].startsWith(".") || parts[0].startsWith("/")));
                } else {
                    final Map<String, Object> longSyntax = map(entry);
                    mounts.add(new Mount(name, (String) longSyntax.get("source"), (String) longSyntax.get("target"),
                            "bind".equals(longSyntax.get("type"))));
                }
            }
        });
        return mounts;
    }

    /** A path of the compose file with ${VAR:-default} replaced by its default. */
    private static String withDefaults(final String value) {
        final Matcher matcher = VARIABLE.matcher(value);
        final StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(resolved, Matcher.quoteReplacement("-".equals(stripColon(matcher.group(2))) ? matcher.group(3) : ""));
        }
        matcher.appendTail(resolved);
        return resolved.toString();
    }

    private static String stripColon(final String operator) {
        return operator == null ? null : operator.replace(":", "");
    }

    private static Map<String, String> envExample() {
        final Map<String, String> variables = new LinkedHashMap<>();
        for (final String line : Repo.read(ENV_EXAMPLE).lines().toList()) {
            final String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            final int equals = trimmed.indexOf('=');
            variables.put(trimmed.substring(0, equals), trimmed.substring(equals + 1));
        }
        return variables;
    }

    @Test
    void theStackHasItsServices() {
        assertEquals(SERVICES, services().keySet());
        assertEquals("apache/nifi:2.8.0", service("nifi").get("image"));
    }

    @Test
    void everyImageIsPinnedToAVersion() {
        final Pattern pinned = Pattern.compile("[a-z0-9./-]+:[0-9][A-Za-z0-9._-]*");
        services().forEach((name, definition) -> {
            final String image = (String) map(definition).get("image");
            assertNotNull(image, name + " has no image");
            assertTrue(pinned.matcher(image).matches(), name + ": image " + image + " is not pinned to a version tag");
        });
        // Drivers started by Livy and the executors on the worker must run the same Spark.
        final String spark = (String) service("spark-master").get("image");
        assertEquals(spark, service("spark-worker").get("image"));
        final String dockerfile = Repo.read(Repo.ROOT.resolve("deploy/livy/Dockerfile"));
        assertTrue(dockerfile.lines().anyMatch(line -> line.equals("FROM " + spark)), "deploy/livy/Dockerfile is not FROM " + spark);
        assertTrue(spark.startsWith("apache/spark:3.5."), spark);
    }

    @Test
    void everyLongRunningServiceHasAHealthCheckAndStartsAfterWhatItNeeds() {
        services().forEach((name, definition) -> {
            if (name.equals("init")) {
                assertEquals("no", map(definition).get("restart"), "init runs once");
                return;
            }
            final Map<String, Object> healthcheck = map(map(definition).get("healthcheck"));
            final List<Object> test = list(healthcheck.get("test"));
            assertFalse(test.isEmpty(), name + " has no health check");
            assertEquals("CMD-SHELL", test.get(0), name);
            for (final String field : List.of("interval", "timeout", "retries", "start_period")) {
                assertNotNull(healthcheck.get(field), name + ": healthcheck." + field);
            }
        });
        assertEquals(Map.of("init", Map.of("condition", "service_completed_successfully"), "postgres", Map.of("condition", "service_healthy"),
                "livy", Map.of("condition", "service_healthy")), service("nifi").get("depends_on"));
        assertEquals(Map.of("spark-worker", Map.of("condition", "service_healthy"), "postgres", Map.of("condition", "service_healthy")),
                service("livy").get("depends_on"));
    }

    @Test
    void namedVolumesAreDeclaredAndUsed() {
        final Set<String> declared = map(compose.get("volumes")).keySet();
        final Set<String> used = new TreeSet<>();
        for (final Mount mount : mounts()) {
            if (!mount.bind()) {
                assertTrue(declared.contains(mount.source()), mount.service() + ": volume " + mount.source() + " is not declared");
                used.add(mount.source());
            }
        }
        assertEquals(new TreeSet<>(declared), used, "declared volumes no service uses");
        // What NiFi and Spark exchange lives on volumes every side mounts at the same path.
        for (final String service : List.of("nifi", "livy", "spark-worker")) {
            assertTrue(mounts().contains(new Mount(service, "datahub-data", "/opt/datahub/data", false)), service);
        }
    }

    @Test
    void portsArePublishedOnTheLoopbackOnly() {
        final Map<String, List<String>> ports = new LinkedHashMap<>();
        services().forEach((name, definition) -> list(map(definition).get("ports"))
                .forEach(port -> ports.computeIfAbsent(name, k -> new ArrayList<>()).add(withDefaults((String) port))));
        assertEquals(Map.of("postgres", List.of("127.0.0.1:15432:5432"), "spark-master", List.of("127.0.0.1:8080:8080"),
                "spark-worker", List.of("127.0.0.1:8081:8081"), "livy", List.of("127.0.0.1:8998:8998"),
                "nifi", List.of("127.0.0.1:8443:8443"), "grafana", List.of("127.0.0.1:3000:3000")), ports);
    }

    @Test
    void everyVariableIsDocumentedInEnvExampleAndNoSecretIsWrittenDown() {
        final Map<String, String> documented = envExample();
        final Set<String> referenced = new TreeSet<>();
        final Matcher matcher = VARIABLE.matcher(text);
        while (matcher.find()) {
            referenced.add(matcher.group(1));
        }
        assertEquals(new TreeSet<>(documented.keySet()), referenced, ".env.example must list exactly the variables docker-compose.yml uses");

        services().forEach((name, definition) -> map(map(definition).get("environment")).forEach((key, value) -> {
            if (SECRET_NAME.matcher(key).matches()) {
                assertTrue(String.valueOf(value).matches("\\$\\{[A-Za-z_][A-Za-z0-9_]*(:\\?[^}]*)?}"),
                        name + ": " + key + " must come from .env (${VAR:?...}), not be written in the file");
            }
        }));
        documented.forEach((key, value) -> {
            if (SECRET_NAME.matcher(key).matches()) {
                assertEquals("", value, ".env.example: " + key + " must be left empty");
            }
        });
        assertEquals(BuildInfo.datahubVersion(), documented.get("DATAHUB_VERSION"));
    }

    @Test
    void everyLocalFileTheStackMountsOrBuildsFromExists() {
        final List<String> missing = new ArrayList<>();
        final Set<String> buildOutputs = new LinkedHashSet<>();
        for (final Mount mount : mounts()) {
            if (!mount.bind()) {
                continue;
            }
            final String path = withDefaults(mount.source());
            if (path.contains("/target/")) {
                buildOutputs.add(path);
            } else if (!Files.exists(Repo.ROOT.resolve(path).normalize())) {
                missing.add(path + " (mounted by " + mount.service() + " at " + mount.target() + ")");
            }
        }
        final Path context = Repo.ROOT.resolve((String) map(service("livy").get("build")).get("context")).normalize();
        final Path dockerfile = context.resolve((String) map(service("livy").get("build")).get("dockerfile"));
        if (!Files.isRegularFile(dockerfile)) {
            missing.add(Repo.ROOT.relativize(dockerfile) + " (livy's build)");
        } else {
            for (final String line : Repo.read(dockerfile).lines().toList()) {
                if (line.startsWith("COPY ")) {
                    final String[] words = line.split("\\s+");
                    final String source = words[words.length - 2];
                    if (!Files.exists(context.resolve(source))) {
                        missing.add(Repo.ROOT.relativize(context.resolve(source)) + " (COPY in " + Repo.ROOT.relativize(dockerfile) + ")");
                    }
                }
            }
        }
        assertEquals(List.of(), missing, "files docker-compose.yml needs that are not in the repository");

        // Build outputs: ./mvnw package makes them; their module and name must match what the build produces.
        assertEquals(Set.of("./nifi-datahub-nar/target/nifi-datahub-nar-" + BuildInfo.datahubVersion() + ".nar",
                "./datahub-spark-job/target/datahub-spark-job-" + BuildInfo.datahubVersion() + "-job.jar"), buildOutputs);
        for (final String output : buildOutputs) {
            final Path module = Repo.ROOT.resolve(output.substring(2, output.indexOf("/target/")));
            assertTrue(Repo.read(module.resolve("pom.xml")).contains("<artifactId>" + module.getFileName() + "</artifactId>"), output);
        }
    }

    @Test
    void grafanaGetsEveryVariableItsDataSourceProvisioningReads() {
        final Path datasources = Repo.ROOT.resolve("docs/dashboards/provisioning/datasources");
        assertTrue(Files.isDirectory(datasources), "docs/dashboards/provisioning/datasources is missing (the dashboards' branch provides it)");
        final Set<String> needed = new TreeSet<>();
        try (var files = Files.list(datasources)) {
            for (final Path file : files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).toList()) {
                // Grafana expands $NAME and ${NAME} in provisioning files; comments do not count.
                final String content = String.join("\n", Repo.read(file).lines().filter(line -> !line.strip().startsWith("#")).toList());
                final Matcher matcher = Pattern.compile("\\$\\{?([A-Z_][A-Z0-9_]*)}?").matcher(content);
                while (matcher.find()) {
                    needed.add(matcher.group(1));
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertFalse(needed.isEmpty());
        final Set<String> given = map(service("grafana").get("environment")).keySet();
        assertTrue(given.containsAll(needed), "grafana's environment lacks " + needed.stream().filter(v -> !given.contains(v)).toList());
    }

    @Test
    void theFlowsParameterDefaultsAreTheStacksValues() {
        final Set<String> nifiTargets = new TreeSet<>();
        mounts().stream().filter(m -> m.service().equals("nifi")).forEach(m -> nifiTargets.add(m.target()));
        assertTrue(nifiTargets.contains(FlowParameters.CONFIG_DIR.value()), "NiFi sees config/ at " + FlowParameters.CONFIG_DIR.value());
        assertTrue(nifiTargets.contains(FlowParameters.DATA_ROOT.value()), "NiFi sees the data root at " + FlowParameters.DATA_ROOT.value());
        for (final FlowParameters.Definition landing : List.of(FlowParameters.INBOX_DIR, FlowParameters.ARCHIVE_DIR, FlowParameters.ERROR_DIR)) {
            assertTrue(landing.value().startsWith("/opt/datahub/landing/"), landing.name());
            assertTrue(Repo.read(Repo.ROOT.resolve("deploy/init/prepare-volumes.sh")).contains(landing.value() + "/$app/$layer"), landing.name());
        }
        assertTrue(nifiTargets.contains("/opt/datahub/landing"));

        assertEquals("http://livy:8998", FlowParameters.LIVY_URL.value());
        assertTrue(list(service("livy").get("ports")).stream().anyMatch(p -> ((String) p).endsWith(":8998")));
        assertTrue(mounts().stream().anyMatch(m -> m.service().equals("livy") && m.target().equals(FlowParameters.JOB_JAR.value())),
                "Livy sees the job jar at " + FlowParameters.JOB_JAR.value());
        assertTrue(Repo.read(Repo.ROOT.resolve("deploy/livy/livy.conf")).contains("livy.file.local-dir-whitelist = /opt/datahub/jars/"));

        assertEquals("jdbc:postgresql://postgres:5432/datahub", FlowParameters.HISTORY_JDBC_URL.value());
        final String initdb = Repo.read(Repo.ROOT.resolve("deploy/postgres/initdb/10-datahub.sh"));
        assertTrue(initdb.contains("CREATE ROLE " + FlowParameters.HISTORY_DB_USER.value() + " LOGIN"));
        assertTrue(initdb.contains("CREATE DATABASE datahub OWNER " + FlowParameters.HISTORY_DB_USER.value()));
        assertTrue(initdb.contains("CREATE SCHEMA " + FlowParameters.HISTORY_SCHEMA.value() + " AUTHORIZATION"));
    }
}
