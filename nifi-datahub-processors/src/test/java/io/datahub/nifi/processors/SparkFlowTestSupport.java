package io.datahub.nifi.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datahub.nifi.services.SparkLauncherSubmitterService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;

/**
 * Real Spark for the processors' chained tests: SparkPipelineSubmit with a SparkLauncherSubmitterService running the real
 * job jar (datahub-spark-job's shaded {@code -job} jar) through the SPARK_HOME datahub-submit's build assembles
 * (datahub-submit/target/spark-home, jars from the registry; see datahub-submit/pom.xml), in local mode on a JDK 17-21;
 * plus the sample data and the comparison of CSV outputs with src-test-data/expected. The locations come from the
 * system properties this module's pom sets (datahub.test.sparkHome, datahub.test.jobJar; datahub.test.sparkJavaHome
 * optionally).
 */
final class SparkFlowTestSupport {

    static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    static final Path TEST_DATA = REPO.resolve("src-test-data");
    static final Path EXPECTED = TEST_DATA.resolve("expected");

    private static final Pattern OFFSET_TIMESTAMP = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?(Z|[+-]\\d\\d:\\d\\d)");
    private static final DateTimeFormatter LOCAL_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private SparkFlowTestSupport() {
    }

    /** The assembled SPARK_HOME, its scripts made executable (resource copying does not keep the mode). */
    static synchronized Path sparkHome() {
        Path home = Path.of(System.getProperty("datahub.test.sparkHome", "../datahub-submit/target/spark-home")).toAbsolutePath().normalize();
        Path bin = home.resolve("bin");
        assertTrue(Files.isDirectory(home.resolve("jars")) && Files.isDirectory(bin),
                "no assembled SPARK_HOME at " + home + ": build datahub-submit with Maven first (process-test-resources assembles it)");
        try (Stream<Path> scripts = Files.list(bin)) {
            for (Path script : scripts.toList()) {
                Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return home;
    }

    /** datahub-spark-job's {@code job} jar as datahub-submit's build copies it. */
    static Path jobJar() {
        Path jar = Path.of(System.getProperty("datahub.test.jobJar", "../datahub-submit/target/test-job/datahub-spark-job-job.jar"))
                .toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(jar), "no job jar at " + jar + ": build datahub-spark-job and datahub-submit first (package)");
        return jar;
    }

    /**
     * A JDK 17-21 for spark-submit (Spark 3.5 fails on JDK 24+, and NiFi's tests run on 21+): datahub.test.sparkJavaHome, else
     * this JVM when it fits, else the newest fitting JDK in the usual install folders.
     */
    static Path sparkJavaHome() {
        String given = System.getProperty("datahub.test.sparkJavaHome");
        if (given != null && !given.isBlank()) {
            return Path.of(given);
        }
        int feature = Runtime.version().feature();
        if (feature >= 17 && feature <= 21) {
            return Path.of(System.getProperty("java.home"));
        }
        List<Path> candidates = new ArrayList<>();
        for (String folder : List.of("/usr/lib/jvm", "/usr/java", "/opt/java")) {
            Path dir = Path.of(folder);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> homes = Files.list(dir)) {
                    homes.filter(h -> Files.isExecutable(h.resolve("bin/java"))).forEach(candidates::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        Optional<Path> best = candidates.stream().filter(h -> feature(h) >= 17 && feature(h) <= 21)
                .max(Comparator.comparingInt(SparkFlowTestSupport::feature));
        assertTrue(best.isPresent(), "no JDK 17-21 found for spark-submit; set -Ddatahub.test.sparkJavaHome");
        return best.get();
    }

    private static int feature(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    return Integer.parseInt(version.split("[.]")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** Spark configuration for small local runs: no UI, little memory, UTC, few partitions. */
    static Map<String, String> smallRuns() {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.ui.enabled", "false");
        conf.put("spark.driver.memory", "768m");
        conf.put("spark.sql.shuffle.partitions", "2");
        conf.put("spark.sql.session.timeZone", "UTC");
        return conf;
    }

    /**
     * A Hive catalog that lasts across runs (each spark-submit is its own JVM): Derby metastore and warehouse under
     * {@code catalog}. Derby is single-writer, so runs using it must not overlap (a cluster's metastore has no such limit).
     */
    static Map<String, String> hiveCatalog(Path catalog) {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.sql.catalogImplementation", "hive");
        conf.put("spark.sql.warehouse.dir", catalog.resolve("warehouse").toString());
        conf.put("spark.hadoop.javax.jdo.option.ConnectionURL", "jdbc:derby:;databaseName=" + catalog.resolve("metastore_db") + ";create=true");
        conf.put("spark.driver.extraJavaOptions", "-Dderby.system.home=" + catalog);
        return conf;
    }

    /**
     * SparkPipelineSubmit with a SparkLauncherSubmitterService ("launcher") on {@code local[2]}, polling at every trigger.
     *
     * @param secrets the pipelines' secrets by name (secret.&lt;name&gt; properties)
     */
    static TestRunner sparkSubmit(Path workDirectory, Map<String, String> sparkConf, Map<String, String> secrets)
            throws InitializationException {
        TestRunner runner = TestRunners.newTestRunner(SparkPipelineSubmit.class);
        SparkLauncherSubmitterService service = new SparkLauncherSubmitterService();
        runner.addControllerService("launcher", service);
        runner.setProperty(service, SparkLauncherSubmitterService.SPARK_HOME, sparkHome().toString());
        runner.setProperty(service, SparkLauncherSubmitterService.MASTER, "local[2]");
        runner.setProperty(service, SparkLauncherSubmitterService.DEPLOY_MODE, "client");
        runner.setProperty(service, SparkLauncherSubmitterService.JAVA_HOME, sparkJavaHome().toString());
        runner.setProperty(service, SparkLauncherSubmitterService.JOB_JAR, jobJar().toString());
        runner.setProperty(service, SparkLauncherSubmitterService.WORK_DIRECTORY, workDirectory.toString());
        sparkConf.forEach((key, value) -> runner.setProperty(service, key, value));
        secrets.forEach((name, value) -> runner.setProperty(service, "secret." + name, value));
        runner.enableControllerService(service);
        runner.setProperty(SparkPipelineSubmit.SPARK_SUBMITTER, "launcher");
        runner.setProperty(SparkPipelineSubmit.POLL_INTERVAL, "0 sec");
        runner.setProperty(SparkPipelineSubmit.RUN_TIMEOUT, "5 min");
        return runner;
    }

    /** The sample inputs of an application ({@code src-test-data/<app>/landing}) under its staging layer of a data root. */
    static void seedLanding(String app, Path dataRoot) throws IOException {
        Path from = TEST_DATA.resolve(app).resolve("landing");
        Path staging = dataRoot.resolve("applications").resolve(app).resolve("staging").resolve("landing");
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                Path to = staging.resolve(from.relativize(file).toString());
                Files.createDirectories(to.getParent());
                Files.copy(file, to, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /**
     * Asserts that a folder written by Spark's CSV writer (header, part files) holds exactly the rows of an expected file
     * of src-test-data/expected (its columns; the output may have more), in any order. Numbers compare by value,
     * timestamps as UTC wall-clock time to the second (the runs' session time zone), empty fields as null.
     */
    static void assertCsvRows(String what, String expectedFile, Path folder) throws IOException {
        List<List<String>> expected = readCsv(EXPECTED.resolve(expectedFile));
        List<String> columns = expected.get(0);
        List<List<String>> actual = new ArrayList<>();
        List<String> header = null;
        List<Path> parts;
        try (Stream<Path> files = Files.list(folder)) {
            parts = files.filter(p -> p.getFileName().toString().startsWith("part-") && !p.toString().endsWith(".crc")).sorted().toList();
        }
        assertTrue(!parts.isEmpty(), what + ": no part file in " + folder);
        for (Path part : parts) {
            List<List<String>> lines = readCsv(part);
            if (lines.isEmpty()) {
                continue;
            }
            header = lines.get(0);
            actual.addAll(lines.subList(1, lines.size()));
        }
        List<Integer> at = new ArrayList<>();
        for (String column : columns) {
            int i = header.indexOf(column);
            assertTrue(i >= 0, what + ": no column " + column + " in " + header);
            at.add(i);
        }
        List<String> expectedRows = expected.subList(1, expected.size()).stream().map(SparkFlowTestSupport::canonical).sorted().toList();
        List<String> actualRows = actual.stream().map(row -> canonical(at.stream().map(row::get).toList())).sorted().toList();
        assertEquals(expectedRows, actualRows, what + ": rows");
    }

    private static String canonical(List<String> row) {
        List<String> values = new ArrayList<>();
        for (String v : row) {
            if (v == null || v.isEmpty()) {
                values.add("<null>");
            } else if (OFFSET_TIMESTAMP.matcher(v).matches()) {
                values.add(OffsetDateTime.parse(v).atZoneSameInstant(ZoneOffset.UTC).format(LOCAL_SECONDS));
            } else {
                values.add(number(v).orElse(v));
            }
        }
        return String.join("|", values);
    }

    private static Optional<String> number(String v) {
        if (!v.matches("-?\\d+(\\.\\d+)?")) {
            return Optional.empty();
        }
        return Optional.of(new BigDecimal(v).stripTrailingZeros().toPlainString());
    }

    /** CSV lines with quoted fields (RFC 4180 quotes, no embedded line breaks). */
    static List<List<String>> readCsv(Path file) throws IOException {
        List<List<String>> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isEmpty()) {
                continue;
            }
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        field.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                } else {
                    field.append(c);
                }
            }
            fields.add(field.toString());
            lines.add(fields);
        }
        return lines;
    }
}
