package io.datahub.submit.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link SparkLauncherSubmitter} starts runs: {@code spark-submit} of a SPARK_HOME, through Spark's launcher.
 *
 * @param sparkHome       a Spark 3.5 installation (its {@code bin/spark-submit} is run)
 * @param master          {@code local[2]}, {@code spark://host:7077}, {@code yarn}, {@code k8s://https://host:6443}, ...
 * @param deployMode      {@code client} or {@code cluster}, or null for Spark's default ({@code client}). In cluster
 *                        mode the driver runs on the cluster and must reach {@code workDir} at the same path (a shared
 *                        mount) to read the request and write the result
 * @param javaHome        the JDK spark-submit and (in client mode) the driver run on: Spark 3.5 needs a JDK 17-21.
 *                        Passed as {@code JAVA_HOME} in the child's environment ({@code SparkLauncher.setJavaHome} is
 *                        ignored by {@code startApplication}). Null: the child inherits this JVM's environment
 * @param jobJar          the job jar ({@code datahub-spark-job-<version>-job.jar}) as spark-submit sees it: a local
 *                        path, or {@code hdfs:}, {@code s3a:}, {@code local:} URIs for clusters
 * @param sparkConf       Spark configuration passed as {@code --conf} (visible to anyone who can list processes:
 *                        put nothing secret here)
 * @param secrets         secret values by name; the job reads them as Spark configuration
 *                        {@code spark.datahub.secret.<name>}. Never on the command line: they go into a properties
 *                        file readable by this user only ({@code --properties-file}), deleted once Spark reports the
 *                        application connected and in any case when the run ends
 * @param workDir         where each run gets {@code <runId>/}: {@code request.json}, {@code result.json},
 *                        {@code driver.log} (spark-submit's output), and for a moment the secrets file
 * @param finalStateGrace how long after Spark reports FINISHED a run without a result is still watched for FAILED
 *                        (the launcher reports FINISHED when the application stops and FAILED when the process then
 *                        exits non-zero, ~100 ms later); default {@value #DEFAULT_GRACE_MILLIS} ms. Checked on later
 *                        polls, never waited for
 */
public record LauncherSettings(Path sparkHome, String master, String deployMode, Path javaHome, String jobJar,
                               Map<String, String> sparkConf, Map<String, String> secrets, Path workDir,
                               Duration finalStateGrace) {

    public static final long DEFAULT_GRACE_MILLIS = 2000;
    /** Prefix of the Spark configuration keys carrying secrets; the job reads them from there. */
    public static final String SECRET_CONF_PREFIX = io.datahub.model.run.RunRequest.SECRET_CONF_PREFIX;

    public LauncherSettings {
        Objects.requireNonNull(sparkHome, "sparkHome");
        if (master == null || master.isBlank()) {
            throw new IllegalArgumentException("the Spark master is required (local[2], spark://..., yarn, k8s://...)");
        }
        if (deployMode != null && deployMode.isBlank()) {
            deployMode = null;
        }
        if (deployMode != null && !deployMode.equals("client") && !deployMode.equals("cluster")) {
            throw new IllegalArgumentException("deployMode must be client or cluster: " + deployMode);
        }
        if (jobJar == null || jobJar.isBlank()) {
            throw new IllegalArgumentException("the job jar is required");
        }
        // spark-submit runs in the run's folder: relative paths would resolve there
        sparkHome = sparkHome.toAbsolutePath();
        javaHome = javaHome == null ? null : javaHome.toAbsolutePath();
        if (!jobJar.contains(":")) {
            jobJar = Path.of(jobJar).toAbsolutePath().toString();
        }
        workDir = Objects.requireNonNull(workDir, "workDir").toAbsolutePath();
        sparkConf = copy(sparkConf);
        for (String key : sparkConf.keySet()) {
            if (!key.startsWith("spark.")) {
                throw new IllegalArgumentException("Spark configuration keys start with 'spark.': " + key);
            }
            if (key.startsWith(SECRET_CONF_PREFIX)) {
                throw new IllegalArgumentException(key + " would be on the command line: pass it in secrets instead");
            }
        }
        secrets = copy(secrets);
        for (String name : secrets.keySet()) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a secret needs a name");
            }
        }
        finalStateGrace = finalStateGrace == null ? Duration.ofMillis(DEFAULT_GRACE_MILLIS) : finalStateGrace;
        if (finalStateGrace.isNegative()) {
            throw new IllegalArgumentException("finalStateGrace must not be negative: " + finalStateGrace);
        }
    }

    private static Map<String, String> copy(Map<String, String> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** The {@code spark-submit} script this settings' SPARK_HOME provides. */
    public Path sparkSubmit() {
        return sparkHome.resolve("bin").resolve("spark-submit");
    }

    /** True when {@link #sparkHome} looks like a Spark installation. */
    public boolean sparkHomeLooksValid() {
        return Files.isRegularFile(sparkSubmit());
    }

    /** Without secret values. */
    @Override
    public String toString() {
        return "LauncherSettings[sparkHome=" + sparkHome + ", master=" + master + ", deployMode=" + deployMode + ", javaHome="
                + javaHome + ", jobJar=" + jobJar + ", sparkConf=" + sparkConf.keySet() + ", secrets=" + secrets.keySet()
                + ", workDir=" + workDir + ", finalStateGrace=" + finalStateGrace + "]";
    }
}
