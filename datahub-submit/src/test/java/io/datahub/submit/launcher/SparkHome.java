package io.datahub.submit.launcher;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/**
 * The SPARK_HOME the build assembles under target/spark-home (jars from the registry, bin/ scripts from
 * src/test/spark-home/bin; see pom.xml), the job jar the build copies to target/test-job, and the JDK to run them on.
 * Public for other modules' tests (datahub-cli), which point {@code datahub.test.sparkHome} at this module's target.
 */
public final class SparkHome {

    private SparkHome() {
    }

    /** The assembled SPARK_HOME, its scripts made executable (resource copying does not keep the mode). */
    public static synchronized Path path() {
        Path home = Path.of(System.getProperty("datahub.test.sparkHome", "target/spark-home")).toAbsolutePath();
        Path bin = home.resolve("bin");
        assertTrue(Files.isDirectory(home.resolve("jars")) && Files.isDirectory(bin),
                "no assembled SPARK_HOME at " + home + ": build with Maven (process-test-resources assembles it)");
        try (Stream<Path> scripts = Files.list(bin)) {
            for (Path script : scripts.toList()) {
                Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return home;
    }

    /** datahub-spark-job's {@code job} jar, as the build copied it. */
    static Path jobJar() {
        Path jar = Path.of(System.getProperty("datahub.test.jobJar", "target/test-job/datahub-spark-job-job.jar")).toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "no job jar at " + jar + ": build datahub-spark-job first (package)");
        return jar;
    }

    /** This JVM's home: surefire forks a JDK 17-21 (maven-toolchains-plugin), which Spark 3.5 needs. */
    public static Path javaHome() {
        int feature = Runtime.version().feature();
        assertTrue(feature >= 17 && feature <= 21, "Spark 3.5 needs a JDK 17-21; the tests run on " + Runtime.version());
        return Path.of(System.getProperty("java.home"));
    }
}
