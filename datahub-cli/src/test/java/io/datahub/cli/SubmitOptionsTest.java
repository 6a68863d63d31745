package io.datahub.cli;

import static io.datahub.cli.Cli.datahub;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Wrong or missing {@code run --submit} options: each is refused before anything runs (exit code 2, picocli's usage
 * error), with a message naming the option, and no run is recorded. Plus the pieces the options are read with.
 */
class SubmitOptionsTest {

    @TempDir
    Path data;

    /** {@code run retail_sales_load} of the sample config with these options; asserts the refusal and returns its message. */
    private String refused(String... options) {
        List<String> args = new ArrayList<>(List.of("run", "retail_sales_load", "--app", "retail", "--run-date", "2026-01-15",
                "--config", "../config", "--data", data.toString()));
        args.addAll(List.of(options));
        Cli.Run run = datahub(args.toArray(String[]::new));
        assertEquals(2, run.exitCode(), run.output());
        assertEquals("", run.out(), "nothing ran");
        assertFalse(Files.exists(data.resolve("_history")), "no run was recorded");
        return run.err().lines().findFirst().orElseThrow();
    }

    @Test
    void livyModesNeedTheLivyUrl() {
        assertEquals("--submit livy-batch needs --livy-url (Livy's base URL, e.g. http://livy:8998)", refused("--submit", "livy-batch"));
        assertEquals("--submit livy-session needs --livy-url (Livy's base URL, e.g. http://livy:8998)", refused("--submit", "livy-session"));
        assertEquals("--livy-url must be an http or https URL, e.g. http://livy:8998, not 'ftp://livy:8998'",
                refused("--submit", "livy-batch", "--livy-url", "ftp://livy:8998"));
        assertEquals("--livy-url must be an http or https URL, e.g. http://livy:8998, not 'livy:8998'",
                refused("--submit", "livy-batch", "--livy-url", "livy:8998"));
    }

    @Test
    void sparkSubmitNeedsASparkHome() throws IOException {
        // The tests run with SPARK_HOME set empty (pom.xml), as on a machine without Spark.
        assertEquals("--submit spark-submit needs --spark-home DIR or the SPARK_HOME environment variable (a Spark 3.5 installation)",
                refused("--submit", "spark-submit"));
        Path notSpark = Files.createDirectories(data.resolve("not-spark"));
        assertEquals("--spark-home " + notSpark + " is not a Spark installation: " + notSpark.resolve("bin/spark-submit") + " does not exist",
                refused("--submit", "spark-submit", "--spark-home", notSpark.toString()));
    }

    @Test
    void aLocalJobJarMustExistForSparkSubmit() throws IOException {
        Path sparkHome = Files.createDirectories(data.resolve("spark/bin"));
        Files.writeString(sparkHome.resolve("spark-submit"), "#!/bin/sh\n");
        String missing = data.resolve("nope.jar").toString();
        assertEquals("--job-jar " + missing + " does not exist",
                refused("--submit", "spark-submit", "--spark-home", data.resolve("spark").toString(), "--job-jar", missing));
    }

    @Test
    void anUnknownModeIsNamed() {
        assertEquals("--submit must be livy-batch, livy-session or spark-submit, not 'yarn'", refused("--submit", "yarn"));
    }

    @Test
    void optionsOfAnotherModeOrWithoutSubmitAreRefused() {
        assertEquals("--master is only used with --submit (without it the run is in-process)", refused("--master", "local[2]"));
        assertEquals("--livy-url is only used with --submit (without it the run is in-process)", refused("--livy-url", "http://livy:8998"));
        assertEquals("--timeout is only used with --submit (without it the run is in-process)", refused("--timeout", "10m"));
        assertEquals("--master is only used with --submit spark-submit",
                refused("--submit", "livy-session", "--livy-url", "http://livy:8998", "--master", "yarn"));
        assertEquals("--spark-home is only used with --submit spark-submit",
                refused("--submit", "livy-batch", "--livy-url", "http://livy:8998", "--spark-home", "/opt/spark"));
        assertEquals("--livy-url is only used with --submit livy-batch or livy-session",
                refused("--submit", "spark-submit", "--livy-url", "http://livy:8998"));
    }

    @Test
    void durationsAndSecretsAreChecked() {
        assertEquals("Invalid value for option '--timeout': 'soon' is not a duration: use e.g. 500ms, 30s, 10m, 2h or PT10M",
                refused("--submit", "livy-batch", "--livy-url", "http://livy:8998", "--timeout", "soon"));
        assertEquals("--timeout must be more than 0", refused("--submit", "livy-batch", "--livy-url", "http://livy:8998", "--timeout", "0s"));
        assertEquals("--poll-interval must be more than 0",
                refused("--submit", "livy-batch", "--livy-url", "http://livy:8998", "--poll-interval", "0ms"));
        assertEquals("--conf spark.datahub.secret.db_password: secrets are not passed on the command line; use --secrets FILE or "
                        + "DATAHUB_SECRET_<name> environment variables",
                refused("--submit", "livy-batch", "--livy-url", "http://livy:8998", "--conf", "spark.datahub.secret.db_password=x"));
    }

    @Test
    void durationsAsPeopleTypeThem() {
        DurationConverter converter = new DurationConverter();
        assertEquals(Duration.ofMillis(500), converter.convert("500ms"));
        assertEquals(Duration.ofSeconds(2), converter.convert("2s"));
        assertEquals(Duration.ofMinutes(10), converter.convert("10m"));
        assertEquals(Duration.ofMinutes(10), converter.convert("10min"));
        assertEquals(Duration.ofHours(2), converter.convert("2h"));
        assertEquals(Duration.ofMinutes(90), converter.convert("PT1H30M"));
        assertThrows(CommandLine.TypeConversionException.class, () -> converter.convert("-5s"));
    }

    @Test
    void theDefaultJobJarIsTheNewestTheBuildLeft(@TempDir Path roots) throws IOException {
        Path empty = Files.createDirectories(roots.resolve("elsewhere"));
        Path project = roots.resolve("project");
        Path target = Files.createDirectories(project.resolve("datahub-spark-job/target"));
        Path older = Files.writeString(target.resolve("datahub-spark-job-0.1.0-job.jar"), "old");
        Path newer = Files.writeString(target.resolve("datahub-spark-job-0.2.0-job.jar"), "new");
        Files.writeString(target.resolve("datahub-spark-job-0.3.0.jar"), "not the shaded one");
        Files.setLastModifiedTime(older, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        Files.setLastModifiedTime(newer, FileTime.from(Instant.parse("2026-01-02T00:00:00Z")));

        assertEquals(Optional.of(newer.toAbsolutePath()), SubmitOptions.buildJobJar(List.of(empty, project)));
        assertEquals(Optional.empty(), SubmitOptions.buildJobJar(List.of(empty)));
    }
}
