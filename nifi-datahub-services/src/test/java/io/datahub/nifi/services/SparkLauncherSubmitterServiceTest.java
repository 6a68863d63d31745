package io.datahub.nifi.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datahub.submit.launcher.SparkLauncherSubmitter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.util.LogMessage;
import org.apache.nifi.util.MockComponentLog;
import org.apache.nifi.util.NoOpProcessor;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service's properties, lifecycle and verification; no Spark is run (datahub-submit tests the launcher with real Spark). */
class SparkLauncherSubmitterServiceTest {

    static final String SECRET = "Sup3r-S3cret!x";

    @TempDir
    Path tmp;

    private TestRunner runner;
    private Path sparkHome;
    private Path javaHome;
    private Path jobJar;
    private Path workDir;

    @BeforeEach
    void setUp() throws Exception {
        runner = TestRunners.newTestRunner(NoOpProcessor.class);
        sparkHome = Files.createDirectories(tmp.resolve("spark"));
        Files.createDirectories(sparkHome.resolve("bin"));
        Files.writeString(sparkHome.resolve("bin/spark-submit"), "#!/bin/sh\nexit 1\n");
        javaHome = Files.createDirectories(tmp.resolve("jdk"));
        Files.createDirectories(javaHome.resolve("bin"));
        Files.writeString(javaHome.resolve("bin/java"), "");
        jobJar = Files.writeString(tmp.resolve("datahub-spark-job-job.jar"), "not really a jar");
        workDir = tmp.resolve("work");
    }

    private SparkLauncherSubmitterService add() throws Exception {
        SparkLauncherSubmitterService service = new SparkLauncherSubmitterService();
        runner.addControllerService("launcher", service);
        runner.setProperty(service, SparkLauncherSubmitterService.SPARK_HOME, sparkHome.toString());
        runner.setProperty(service, SparkLauncherSubmitterService.MASTER, "local[1]");
        runner.setProperty(service, SparkLauncherSubmitterService.DEPLOY_MODE, "client");
        runner.setProperty(service, SparkLauncherSubmitterService.JAVA_HOME, javaHome.toString());
        runner.setProperty(service, SparkLauncherSubmitterService.JOB_JAR, jobJar.toString());
        runner.setProperty(service, SparkLauncherSubmitterService.WORK_DIRECTORY, workDir.toString());
        runner.setProperty(service, "spark.sql.shuffle.partitions", "4");
        runner.setProperty(service, "secret.db.password", SECRET);
        return service;
    }

    private static Map<String, ConfigVerificationResult> byStep(List<ConfigVerificationResult> results) {
        return results.stream().collect(Collectors.toMap(ConfigVerificationResult::getVerificationStepName, r -> r));
    }

    @Test
    void enablesWithValidPropertiesAndDisablingClosesTheSubmitter() throws Exception {
        SparkLauncherSubmitterService service = add();
        runner.assertValid(service);
        runner.enableControllerService(service);
        assertInstanceOf(SparkLauncherSubmitter.class, service.submitter());
        assertTrue(Files.isDirectory(workDir), "the work directory is created on enable");

        runner.disableControllerService(service);
        assertThrows(IllegalStateException.class, service::submitter);
    }

    @Test
    void enabledSettingsCarryEveryPropertyAndShowSecretNamesOnly() throws Exception {
        SparkLauncherSubmitterService service = add();
        runner.setProperty(service, SparkLauncherSubmitterService.FINAL_STATE_GRACE, "5 sec");
        runner.enableControllerService(service);
        String shown = runner.getControllerServiceLogger("launcher").getInfoMessages().stream()
                .flatMap(m -> java.util.Arrays.stream(m.getArgs() == null ? new Object[0] : m.getArgs()))
                .map(String::valueOf).filter(a -> a.startsWith("LauncherSettings[")).findFirst().orElseThrow();
        assertTrue(shown.contains("sparkHome=" + sparkHome.toAbsolutePath()), shown);
        assertTrue(shown.contains("master=local[1]"), shown);
        assertTrue(shown.contains("deployMode=client"), shown);
        assertTrue(shown.contains("javaHome=" + javaHome.toAbsolutePath()), shown);
        assertTrue(shown.contains("jobJar=" + jobJar.toAbsolutePath()), shown);
        assertTrue(shown.contains("sparkConf=[spark.sql.shuffle.partitions]"), shown);
        assertTrue(shown.contains("secrets=[db.password]"), shown);
        assertTrue(shown.contains("workDir=" + workDir.toAbsolutePath()), shown);
        assertTrue(shown.contains("finalStateGrace=PT5S"), shown);
        assertFalse(shown.contains(SECRET), shown);
    }

    @Test
    void verifySucceedsForAValidInstallation() throws Exception {
        SparkLauncherSubmitterService service = add();
        Map<String, ConfigVerificationResult> results = byStep(runner.verify(service, Map.of()));
        assertEquals(Outcome.SUCCESSFUL, results.get(SparkLauncherSubmitterService.STEP_SPARK_HOME).getOutcome(), results::toString);
        assertEquals(Outcome.SUCCESSFUL, results.get(SparkLauncherSubmitterService.STEP_JAVA_HOME).getOutcome(), results::toString);
        assertEquals(Outcome.SUCCESSFUL, results.get(SparkLauncherSubmitterService.STEP_JOB_JAR).getOutcome(), results::toString);
        assertEquals(Outcome.SUCCESSFUL, results.get(SparkLauncherSubmitterService.STEP_WORK_DIRECTORY).getOutcome(), results::toString);
    }

    @Test
    void verifyReportsAMissingSparkSubmit() throws Exception {
        SparkLauncherSubmitterService service = add();
        Files.delete(sparkHome.resolve("bin/spark-submit"));
        Map<String, ConfigVerificationResult> results = byStep(runner.verify(service, Map.of()));
        ConfigVerificationResult sparkHomeResult = results.get(SparkLauncherSubmitterService.STEP_SPARK_HOME);
        assertEquals(Outcome.FAILED, sparkHomeResult.getOutcome());
        assertTrue(sparkHomeResult.getExplanation().contains("no bin/spark-submit"), sparkHomeResult.getExplanation());
        assertEquals(Outcome.SUCCESSFUL, results.get(SparkLauncherSubmitterService.STEP_JOB_JAR).getOutcome());
    }

    @Test
    void verifyReportsAMissingJobJar() throws Exception {
        SparkLauncherSubmitterService service = add();
        Files.delete(jobJar);
        Map<String, ConfigVerificationResult> results = byStep(runner.verify(service, Map.of()));
        ConfigVerificationResult jar = results.get(SparkLauncherSubmitterService.STEP_JOB_JAR);
        assertEquals(Outcome.FAILED, jar.getOutcome());
        assertTrue(jar.getExplanation().contains("does not exist"), jar.getExplanation());
        assertEquals(Outcome.SUCCESSFUL, results.get(SparkLauncherSubmitterService.STEP_SPARK_HOME).getOutcome());
    }

    @Test
    void verifyReportsAJavaHomeWithoutJavaAndSkipsRemoteJars() throws Exception {
        SparkLauncherSubmitterService service = add();
        Files.delete(javaHome.resolve("bin/java"));
        runner.setProperty(service, SparkLauncherSubmitterService.JOB_JAR, "hdfs:///apps/datahub/job.jar");
        Map<String, ConfigVerificationResult> results = byStep(runner.verify(service, Map.of()));
        assertEquals(Outcome.FAILED, results.get(SparkLauncherSubmitterService.STEP_JAVA_HOME).getOutcome());
        assertEquals(Outcome.SKIPPED, results.get(SparkLauncherSubmitterService.STEP_JOB_JAR).getOutcome());

        runner.removeProperty(service, SparkLauncherSubmitterService.JAVA_HOME);
        results = byStep(runner.verify(service, Map.of()));
        assertEquals(Outcome.SKIPPED, results.get(SparkLauncherSubmitterService.STEP_JAVA_HOME).getOutcome());
    }

    @Test
    void missingRequiredPropertiesAndBadValuesAreInvalid() throws Exception {
        SparkLauncherSubmitterService service = add();
        runner.assertValid(service);
        runner.removeProperty(service, SparkLauncherSubmitterService.JOB_JAR);
        runner.assertNotValid(service);
        runner.setProperty(service, SparkLauncherSubmitterService.JOB_JAR, jobJar.toString());
        runner.removeProperty(service, SparkLauncherSubmitterService.SPARK_HOME);
        runner.assertNotValid(service);
        runner.setProperty(service, SparkLauncherSubmitterService.SPARK_HOME, tmp.resolve("no-such-spark").toString());
        runner.assertNotValid(service);
        runner.setProperty(service, SparkLauncherSubmitterService.SPARK_HOME, sparkHome.toString());
        runner.removeProperty(service, SparkLauncherSubmitterService.WORK_DIRECTORY);
        runner.assertNotValid(service);
        runner.setProperty(service, SparkLauncherSubmitterService.WORK_DIRECTORY, workDir.toString());
        runner.setProperty(service, SparkLauncherSubmitterService.DEPLOY_MODE, "sideways");
        runner.assertNotValid(service);
        runner.setProperty(service, SparkLauncherSubmitterService.DEPLOY_MODE, "cluster");
        runner.assertValid(service);
        runner.setProperty(service, "spark.datahub.secret.db.password", "plain");
        runner.assertNotValid(service);
        runner.removeProperty(service, "spark.datahub.secret.db.password");
        runner.setProperty(service, "not.spark", "x");
        runner.assertNotValid(service);
    }

    @Test
    void secretsAreSensitiveAndNeverInLogsOrVerificationMessages() throws Exception {
        SparkLauncherSubmitterService service = add();
        assertTrue(service.getPropertyDescriptor("secret.db.password").isSensitive());
        assertFalse(service.getPropertyDescriptor("spark.sql.shuffle.partitions").isSensitive());

        List<String> messages = new ArrayList<>();
        Files.delete(jobJar);  // a failed step is also logged
        for (ConfigVerificationResult result : runner.verify(service, Map.of())) {
            messages.add(result.getVerificationStepName() + " " + result.getExplanation());
        }
        Files.writeString(jobJar, "jar");
        runner.enableControllerService(service);
        runner.disableControllerService(service);

        MockComponentLog log = runner.getControllerServiceLogger("launcher");
        List<LogMessage> logged = new ArrayList<>();
        logged.addAll(log.getDebugMessages());
        logged.addAll(log.getInfoMessages());
        logged.addAll(log.getWarnMessages());
        logged.addAll(log.getErrorMessages());
        assertFalse(logged.isEmpty());
        for (LogMessage message : logged) {
            messages.add(message.getMsg());
            if (message.getArgs() != null) {
                for (Object arg : message.getArgs()) {
                    messages.add(String.valueOf(arg));
                }
            }
        }
        for (String message : messages) {
            assertFalse(message.contains(SECRET), message);
        }
        assertTrue(messages.stream().anyMatch(m -> m.contains("db.password")), "the secret's name is shown: " + messages);
    }
}
