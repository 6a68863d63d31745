package io.datahub.submit.launcher;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/**
 * The SPARK_HOME the build assembles under target/spark-home (jars from the registry, bin/ scripts from
 * src/test/spark-home/bin; see pom.xml), the job jar the build copies to target/test-job, and the JDK to run them on.
 * Public in the test jar: other modules' tests (datahub-cli, the NiFi modules) run the same assembly (their poms point the system properties
 * {@code datahub.test.sparkHome} and {@code datahub.test.jobJar} at this module's target folder).
 */
public final class SparkHome {

    private SparkHome() {
    }

    /** The assembled SPARK_HOME, its scripts made executable (resource copying does not keep the mode). */
    public static synchronized Path path() {
        Path home = Path.of(System.getProperty("datahub.test.sparkHome", "target/spark-home")).toAbsolutePath().normalize();
        Path bin = home.resolve("bin");
        assertTrue(Files.isDirectory(home.resolve("jars")) && Files.isDirectory(bin),
                "no assembled SPARK_HOME at " + home + ": build datahub-submit with Maven (process-test-resources assembles it)");
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
    public static Path jobJar() {
        Path jar = Path.of(System.getProperty("datahub.test.jobJar", "target/test-job/datahub-spark-job-job.jar")).toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(jar), "no job jar at " + jar + ": build datahub-spark-job and datahub-submit first (package)");
        return jar;
    }

    /** This JVM's home: surefire forks a JDK 17-21 (maven-toolchains-plugin), which Spark 3.5 needs. */
    public static Path javaHome() {
        int feature = Runtime.version().feature();
        assertTrue(feature >= 17 && feature <= 21, "Spark 3.5 needs a JDK 17-21; the tests run on " + Runtime.version());
        return Path.of(System.getProperty("java.home"));
    }

    /**
     * A JDK 17-21 for spark-submit, for tests whose own JVM may be newer (the NiFi modules run on 21+): this JVM when it
     * fits, else the JDK {@code ./datahub} would pick ({@code find_jdk 17 21} of the project's {@code .mvn/jdk.sh}: JAVA_HOME,
     * the java on the PATH, then the usual install folders).
     */
    public static Path sparkJavaHome() {
        int feature = Runtime.version().feature();
        if (feature >= 17 && feature <= 21) {
            return Path.of(System.getProperty("java.home"));
        }
        Path jdkScript = projectRoot().resolve(".mvn").resolve("jdk.sh");
        try {
            Process find = new ProcessBuilder("sh", "-c", ". \"$1\"; find_jdk 17 21", "sh", jdkScript.toString())
                    .redirectErrorStream(true).start();
            String out = new String(find.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            int exit = find.waitFor();
            assertTrue(exit == 0 && !out.isEmpty() && Files.isRegularFile(Path.of(out, "bin", "java")),
                    "Spark 3.5 needs a JDK 17-21 and none was found (" + jdkScript + " find_jdk 17 21: exit " + exit + ", '" + out + "')");
            return Path.of(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The checkout's root: the nearest folder up from the working directory (a module folder) holding .mvn/jdk.sh. */
    private static Path projectRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(".mvn").resolve("jdk.sh"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no .mvn/jdk.sh above " + Path.of("").toAbsolutePath());
    }
}
