package io.datahub.submit.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The test SPARK_HOME works like a Spark installation, and the job jar brings what Spark lacks and nothing Spark has.
 * That the jar actually runs is shown by {@link SparkLauncherSubmitterTest}.
 */
class SparkHomeTest {

    @Test
    void sparkSubmitVersionRunsThroughSparkClassAndTheLauncher() throws Exception {
        Path home = SparkHome.path();
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/spark-submit").toString(), "--version").redirectErrorStream(true);
        builder.environment().remove("SPARK_HOME"); // found from the script's location
        builder.environment().remove("SPARK_SCALA_VERSION"); // exported by load-spark-env.sh
        builder.environment().put("JAVA_HOME", SparkHome.javaHome().toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("version 3.5.9"), output);
        assertTrue(output.contains("Using Scala version 2.12"), output);
    }

    @Test
    void sparkClassPassesOnTheLaunchersFailure() throws Exception {
        Path home = SparkHome.path();
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/spark-class").toString(), "org.apache.spark.deploy.SparkSubmit",
                "--no-such-option").redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", SparkHome.javaHome().toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, process.exitValue(), output);
        assertTrue(output.contains("Unrecognized option: --no-such-option"), output);
    }

    @Test
    void theSparkHomeHasSparkButNotWhatOnlyTheModelNeeds() throws IOException {
        Set<String> jars;
        try (Stream<Path> files = Files.list(SparkHome.path().resolve("jars"))) {
            jars = files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        for (String expected : List.of("spark-core_2.12-3.5.9.jar", "spark-sql_2.12-3.5.9.jar", "spark-hive_2.12-3.5.9.jar",
                "spark-launcher_2.12-3.5.9.jar", "jackson-databind-2.15.2.jar", "jackson-datatype-jsr310-2.15.2.jar")) {
            assertTrue(jars.contains(expected), expected + " missing from " + jars);
        }
        for (String absent : List.of("jaxb", "jakarta.xml.bind", "cron-utils", "semver4j", "datahub", "junit")) {
            assertTrue(jars.stream().noneMatch(j -> j.contains(absent)), absent + " must come from the job jar: " + jars);
        }
    }

    @Test
    void theJobJarHoldsTheJobTheModelAndWhatSparkLacksOnly() throws IOException {
        Set<String> entries;
        String factories;
        try (JarFile jar = new JarFile(SparkHome.jobJar().toFile())) {
            entries = jar.stream().map(e -> e.getName()).collect(Collectors.toCollection(TreeSet::new));
            factories = new String(jar.getInputStream(jar.getEntry("META-INF/services/jakarta.xml.bind.JAXBContextFactory"))
                    .readAllBytes(), StandardCharsets.UTF_8);
            assertEquals("io.datahub.spark.DatahubJob", jar.getManifest().getMainAttributes().getValue("Main-Class"));
        }
        for (String expected : List.of("io/datahub/spark/DatahubJob.class", "io/datahub/model/run/RunRequest.class",
                "jakarta/xml/bind/JAXBContext.class", "org/glassfish/jaxb/runtime/v2/ContextFactory.class",
                "com/sun/istack/Nullable.class", "jakarta/activation/DataHandler.class", "com/cronutils/parser/CronParser.class",
                "org/semver4j/Semver.class", "META-INF/services/io.datahub.spark.api.SourceReader")) {
            assertTrue(entries.contains(expected), expected + " missing from the job jar");
        }
        assertTrue(factories.contains("org.glassfish.jaxb.runtime.v2.JAXBContextFactory"), factories);
        for (String sparkHas : List.of("org/apache/spark/", "scala/", "org/apache/hadoop/", "com/fasterxml/jackson/",
                "org/apache/avro/", "org/slf4j/", "org/apache/logging/", "org/apache/commons/", "io/netty/")) {
            assertFalse(entries.stream().anyMatch(e -> e.startsWith(sparkHas)), sparkHas + " is Spark's: not in the job jar");
        }
    }
}
