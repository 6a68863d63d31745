package io.datahub.nifi.services;

import io.datahub.submit.launcher.LauncherSettings;
import io.datahub.submit.launcher.SparkLauncherSubmitter;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.nifi.annotation.behavior.DynamicProperties;
import org.apache.nifi.annotation.behavior.DynamicProperty;
import org.apache.nifi.annotation.behavior.SupportsSensitiveDynamicProperties;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.lifecycle.OnEnabled;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.controller.ConfigurationContext;
import org.apache.nifi.controller.VerifiableControllerService;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.util.StandardValidators;

/**
 * One Spark application per pipeline run, started with {@code spark-submit} of a SPARK_HOME through Spark's launcher
 * ({@code datahub-submit}'s {@link SparkLauncherSubmitter}) as a child process of NiFi.
 */
@Tags({"datahub", "spark", "spark-submit", "launcher", "submit"})
@CapabilityDescription("Submits each Data Hub pipeline run with spark-submit of a local Spark 3.5 installation (Spark's launcher),"
        + " to local[N], a standalone master, YARN or Kubernetes, and follows it through the launcher's handle and the result"
        + " file the job writes. No Livy needed; the runs belong to this NiFi: disabling the service kills the runs it still"
        + " follows, and a restart of NiFi loses them (they are then reported failed unless the job wrote a result).")
@SeeAlso({LivyBatchSubmitterService.class, LivySessionSubmitterService.class})
@SupportsSensitiveDynamicProperties
@DynamicProperties({
    @DynamicProperty(name = "spark.<key>", value = "a Spark configuration value",
            description = "Spark configuration passed to spark-submit as --conf (visible in the process list: nothing secret),"
                    + " e.g. spark.sql.shuffle.partitions = 200.",
            expressionLanguageScope = ExpressionLanguageScope.ENVIRONMENT),
    @DynamicProperty(name = "secret.<name>", value = "the secret's value (sensitive)",
            description = "A secret the pipelines reference by name (userSecretRef, secretRef); passed to Spark as the redacted"
                    + " configuration spark.datahub.secret.<name> in a properties file readable by NiFi's user only, never on"
                    + " the command line.",
            expressionLanguageScope = ExpressionLanguageScope.NONE)
})
public class SparkLauncherSubmitterService extends AbstractSparkSubmitterService implements VerifiableControllerService {

    public static final PropertyDescriptor SPARK_HOME = new PropertyDescriptor.Builder()
            .name("Spark Home")
            .description("A Spark 3.5 installation (SPARK_HOME) on NiFi's host; its bin/spark-submit is run.")
            .required(true)
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(StandardValidators.createDirectoryExistsValidator(true, false))
            .build();

    public static final PropertyDescriptor MASTER = new PropertyDescriptor.Builder()
            .name("Master")
            .description("The Spark master: local[2], spark://host:7077, yarn, k8s://https://host:6443, ...")
            .required(true)
            .defaultValue("local[2]")
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor DEPLOY_MODE = new PropertyDescriptor.Builder()
            .name("Deploy Mode")
            .description("client: the driver runs in spark-submit's process on NiFi's host. cluster: the driver runs on the"
                    + " cluster and must see the Work Directory at the same path (a shared mount) to read the request and"
                    + " write the result.")
            .required(true)
            .allowableValues("client", "cluster")
            .defaultValue("client")
            .build();

    public static final PropertyDescriptor JAVA_HOME = new PropertyDescriptor.Builder()
            .name("Java Home")
            .description("A JDK 17-21 for spark-submit (and the driver in client mode), passed as JAVA_HOME: Spark 3.5 does not"
                    + " run on newer JDKs. Empty: spark-submit inherits NiFi's environment.")
            .required(false)
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(StandardValidators.createDirectoryExistsValidator(true, false))
            .build();

    public static final PropertyDescriptor JOB_JAR = new PropertyDescriptor.Builder()
            .name("Job Jar")
            .description("The Data Hub Spark job jar (datahub-spark-job-<version>-job.jar) as spark-submit sees it: a local path,"
                    + " or an hdfs:, s3a: or local: URI for clusters.")
            .required(true)
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor WORK_DIRECTORY = new PropertyDescriptor.Builder()
            .name("Work Directory")
            .description("Where each run gets <runId>/ with request.json, result.json and driver.log (spark-submit's output);"
                    + " created if missing.")
            .required(true)
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor FINAL_STATE_GRACE = new PropertyDescriptor.Builder()
            .name("Final State Grace Period")
            .description("How long after Spark reports FINISHED a run without a result is still watched for FAILED (the launcher"
                    + " reports FINISHED when the application stops and FAILED when spark-submit then exits non-zero). Checked on"
                    + " later polls, never waited for.")
            .required(true)
            .defaultValue("2 sec")
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    static final List<PropertyDescriptor> PROPERTIES = List.of(SPARK_HOME, MASTER, DEPLOY_MODE, JAVA_HOME, JOB_JAR, WORK_DIRECTORY,
            FINAL_STATE_GRACE);

    static final String STEP_SETTINGS = "Settings";
    static final String STEP_SPARK_HOME = "Spark Home";
    static final String STEP_JAVA_HOME = "Java Home";
    static final String STEP_JOB_JAR = "Job Jar";
    static final String STEP_WORK_DIRECTORY = "Work Directory";

    /** The settings of the enabled service, for {@link #verifySubmitter}. */
    private volatile LauncherSettings enabledSettings;

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTIES;
    }

    /** "Final State Grace" became "Final State Grace Period": it is a duration, named as NiFi names durations. */
    static final Map<String, String> RENAMED_PROPERTIES = Map.of("Final State Grace", "Final State Grace Period");

    @Override
    Map<String, String> renamedProperties() {
        return RENAMED_PROPERTIES;
    }

    @Override
    String confDescription() {
        return "Spark configuration passed to spark-submit as --conf.";
    }

    @Override
    String secretsDescription() {
        return "passed to Spark in a private properties file";
    }

    @OnEnabled
    public void onEnabled(final ConfigurationContext context) throws IOException {
        final LauncherSettings settings = settings(context);
        Files.createDirectories(settings.workDir());
        enabledSettings = settings;
        started(new SparkLauncherSubmitter(settings));
        getLogger().info("Submitting with {}", settings);  // LauncherSettings.toString() shows secret names only
    }

    @Override
    public List<ConfigVerificationResult> verify(final ConfigurationContext context, final ComponentLog verificationLogger,
                                                 final Map<String, String> variables) {
        final LauncherSettings settings;
        try {
            settings = settings(context);
        } catch (RuntimeException e) {
            // Messages of LauncherSettings name keys and paths, never secret values.
            return List.of(verification(STEP_SETTINGS, Outcome.FAILED, e.getMessage()));
        }
        final List<ConfigVerificationResult> results = checkInstallation(settings);
        for (final ConfigVerificationResult r : results) {
            if (r.getOutcome() == Outcome.FAILED) {
                verificationLogger.warn("{}: {}", r.getVerificationStepName(), r.getExplanation());
            }
        }
        return results;
    }

    @Override
    List<ConfigVerificationResult> verifyEnabled(final ComponentLog verificationLogger) {
        return checkInstallation(enabledSettings);
    }

    @Override
    String verifyStepName() {
        return STEP_SPARK_HOME;
    }

    /** What spark-submit needs on this host: its script, Java, the job jar (when local) and a writable work directory. */
    private static List<ConfigVerificationResult> checkInstallation(final LauncherSettings settings) {
        final List<ConfigVerificationResult> results = new ArrayList<>();
        results.add(settings.sparkHomeLooksValid()
                ? verification(STEP_SPARK_HOME, Outcome.SUCCESSFUL, "found " + settings.sparkSubmit())
                : verification(STEP_SPARK_HOME, Outcome.FAILED, "no bin/spark-submit in " + settings.sparkHome()
                        + ": Spark Home must be a Spark 3.5 installation"));
        if (settings.javaHome() == null) {
            results.add(verification(STEP_JAVA_HOME, Outcome.SKIPPED, "not set: spark-submit inherits NiFi's environment"));
        } else {
            final Path javaBin = settings.javaHome().resolve("bin").resolve("java");
            results.add(Files.isRegularFile(javaBin)
                    ? verification(STEP_JAVA_HOME, Outcome.SUCCESSFUL, "found " + javaBin)
                    : verification(STEP_JAVA_HOME, Outcome.FAILED, "no bin/java in " + settings.javaHome() + ": Java Home must be a JDK 17-21"));
        }
        final String jar = settings.jobJar();
        if (jar.contains(":") && !jar.startsWith("file:")) {
            results.add(verification(STEP_JOB_JAR, Outcome.SKIPPED, jar + " is not a local file: spark-submit resolves it"));
        } else {
            final Path jarPath = jar.startsWith("file:") ? Path.of(URI.create(jar)) : Path.of(jar);
            results.add(Files.isRegularFile(jarPath)
                    ? verification(STEP_JOB_JAR, Outcome.SUCCESSFUL, "found " + jarPath)
                    : verification(STEP_JOB_JAR, Outcome.FAILED, "the job jar " + jarPath + " does not exist"));
        }
        final Path work = settings.workDir();
        if (Files.isDirectory(work)) {
            results.add(Files.isWritable(work)
                    ? verification(STEP_WORK_DIRECTORY, Outcome.SUCCESSFUL, work + " is writable")
                    : verification(STEP_WORK_DIRECTORY, Outcome.FAILED, work + " is not writable"));
        } else {
            results.add(Files.exists(work)
                    ? verification(STEP_WORK_DIRECTORY, Outcome.FAILED, work + " is not a directory")
                    : verification(STEP_WORK_DIRECTORY, Outcome.SUCCESSFUL, work + " does not exist yet: created on enable"));
        }
        return results;
    }

    /** LauncherSettings from the properties; dynamic {@code spark.*} properties are Spark configuration, {@code secret.*} secrets. */
    static LauncherSettings settings(final ConfigurationContext context) {
        final String javaHome = context.getProperty(JAVA_HOME).evaluateAttributeExpressions().getValue();
        final DynamicSettings dynamic = dynamicSettings(context);
        return new LauncherSettings(
                Path.of(context.getProperty(SPARK_HOME).evaluateAttributeExpressions().getValue().strip()),
                context.getProperty(MASTER).evaluateAttributeExpressions().getValue().strip(),
                context.getProperty(DEPLOY_MODE).getValue(),
                javaHome == null || javaHome.isBlank() ? null : Path.of(javaHome.strip()),
                context.getProperty(JOB_JAR).evaluateAttributeExpressions().getValue().strip(),
                dynamic.sparkConf(),
                dynamic.secrets(),
                Path.of(context.getProperty(WORK_DIRECTORY).evaluateAttributeExpressions().getValue().strip()),
                Duration.ofMillis(context.getProperty(FINAL_STATE_GRACE).asTimePeriod(TimeUnit.MILLISECONDS)));
    }
}
