package io.datahub.cli;

import io.datahub.model.run.RunRequest;
import io.datahub.spark.engine.EmbeddedSparkPipeline;
import io.datahub.submit.SparkSubmitter;
import io.datahub.submit.SubmitMode;
import io.datahub.submit.launcher.LauncherSettings;
import io.datahub.submit.launcher.SparkLauncherSubmitter;
import io.datahub.submit.livy.LivyBatchSubmitter;
import io.datahub.submit.livy.LivySessionSubmitter;
import io.datahub.submit.livy.LivySettings;
import io.datahub.submit.livy.SessionPoolSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options of {@code run} that send a run to Spark outside this process, through the submitters of
 * {@code datahub-submit}: {@code --submit livy-batch|livy-session|spark-submit} and what each needs.
 */
public final class SubmitOptions {

    static final String LIVY_BATCH = "livy-batch";
    static final String LIVY_SESSION = "livy-session";
    static final String SPARK_SUBMIT = "spark-submit";
    static final String DEFAULT_MASTER = "local[*]";
    /** Where the build leaves the job jar, relative to the project folder. */
    static final String BUILD_JOB_JAR_FOLDER = "datahub-spark-job/target";
    /** Under the data root: the spark-submit runs' folders (request, result, driver.log). */
    static final String LAUNCHER_FOLDER = "_launcher";

    @Option(names = "--submit", paramLabel = "MODE",
            description = "Run on Spark outside this process: livy-batch, livy-session or spark-submit. Without it the run is in-process.")
    String mode;

    @Option(names = "--livy-url", paramLabel = "URL", description = "Livy's base URL (livy-batch, livy-session), e.g. http://livy:8998.")
    String livyUrl;

    @Option(names = "--spark-home", paramLabel = "DIR",
            description = "The Spark 3.5 installation whose bin/spark-submit runs the job (spark-submit; default: $SPARK_HOME).")
    Path sparkHome;

    @Option(names = "--master", paramLabel = "MASTER",
            description = "spark-submit's master: local[N], spark://host:7077, yarn, k8s://... (default: " + DEFAULT_MASTER + ").")
    String master;

    @Option(names = "--job-jar", paramLabel = "PATH",
            description = "The job jar as Spark sees it: a local path, or hdfs:, s3a:, local: URIs for a cluster "
                    + "(default: the build's " + BUILD_JOB_JAR_FOLDER + "/datahub-spark-job-<version>-job.jar).")
    String jobJar;

    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "Spark configuration for the run; repeatable. Nothing secret: see --secrets.")
    Map<String, String> conf = new LinkedHashMap<>();

    @Option(names = "--cluster-data", paramLabel = "URI",
            description = "The data root as Spark sees it (hdfs://..., s3a://..., a shared mount); default: the absolute path of --data.")
    String clusterData;

    @Option(names = "--poll-interval", paramLabel = "DURATION", defaultValue = "2s", converter = DurationConverter.class,
            description = "How long to wait between two looks at a submitted run (default: ${DEFAULT-VALUE}).")
    Duration pollInterval;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Cancel a submitted run not finished this long after its submission; it fails with TIMEOUT (e.g. 30m; default: none).")
    Duration timeout;

    /** The options that only mean something with --submit, for the error when they come without it. */
    private static final List<String> SUBMIT_ONLY = List.of("--livy-url", "--spark-home", "--master", "--job-jar", "--conf",
            "--cluster-data", "--poll-interval", "--timeout");

    /** Whether the run goes to Spark outside this process (else it runs embedded). */
    boolean submitted() {
        return mode != null;
    }

    /**
     * Checks the options against each other and the environment.
     *
     * @throws CommandLine.ParameterException naming the option that is missing, misplaced or wrong
     */
    void validate(CommandLine cmd, Map<String, String> environment) {
        CommandLine.ParseResult parsed = cmd.getParseResult();
        if (mode == null) {
            for (String option : SUBMIT_ONLY) {
                if (parsed.hasMatchedOption(option)) {
                    throw error(cmd, option + " is only used with --submit (without it the run is in-process)");
                }
            }
            return;
        }
        boolean livy = mode.equals(LIVY_BATCH) || mode.equals(LIVY_SESSION);
        if (!livy && !mode.equals(SPARK_SUBMIT)) {
            throw error(cmd, "--submit must be " + LIVY_BATCH + ", " + LIVY_SESSION + " or " + SPARK_SUBMIT + ", not '" + mode + "'");
        }
        if (livy) {
            for (String option : List.of("--spark-home", "--master")) {
                if (parsed.hasMatchedOption(option)) {
                    throw error(cmd, option + " is only used with --submit " + SPARK_SUBMIT);
                }
            }
            if (livyUrl == null || livyUrl.isBlank()) {
                throw error(cmd, "--submit " + mode + " needs --livy-url (Livy's base URL, e.g. http://livy:8998)");
            }
            livyUri(cmd);
        } else {
            if (parsed.hasMatchedOption("--livy-url")) {
                throw error(cmd, "--livy-url is only used with --submit " + LIVY_BATCH + " or " + LIVY_SESSION);
            }
            sparkHome(cmd, environment);
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw error(cmd, "--poll-interval must be more than 0");
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw error(cmd, "--timeout must be more than 0");
        }
        for (String key : conf.keySet()) {
            if (key.startsWith(RunRequest.SECRET_CONF_PREFIX)) {
                throw error(cmd, "--conf " + key + ": secrets are not passed on the command line; use --secrets FILE or "
                        + EmbeddedSecrets.ENV_PREFIX + "<name> environment variables");
            }
        }
        jobJar(cmd);
    }

    /**
     * The engine of a submitted run: the submitter of the chosen mode with these options, the data root as Spark sees
     * it, the secrets as the submitters pass them (Spark configuration {@code spark.datahub.secret.<name>}).
     */
    SubmittedEngine engine(CommandLine cmd, Map<String, String> environment, Path data, Map<String, String> secrets, PrintWriter out) {
        String jar = jobJar(cmd);
        SparkSubmitter submitter;
        SubmitMode submitMode;
        String where;
        try {
            if (mode.equals(SPARK_SUBMIT)) {
                Path home = sparkHome(cmd, environment);
                String sparkMaster = master == null ? DEFAULT_MASTER : master;
                Map<String, String> sparkConf = new LinkedHashMap<>();
                if (sparkMaster.startsWith("local")) {
                    // A local run uses the data root's Hive catalog, as embedded runs do: both see the same tables.
                    sparkConf.putAll(EmbeddedSparkPipeline.localConf(data));
                }
                sparkConf.putAll(conf);
                // The JDK this command runs on is one Spark 3.5 runs on (./datahub picks a 17-21); JAVA_HOME may be another.
                Path javaHome = Path.of(System.getProperty("java.home"));
                submitter = new SparkLauncherSubmitter(new LauncherSettings(home, sparkMaster, null, javaHome, jar, sparkConf, secrets,
                        data.toAbsolutePath().resolve(LAUNCHER_FOLDER), null));
                submitMode = SubmitMode.SPARK_LAUNCHER;
                where = "spark-submit (master " + sparkMaster + ", SPARK_HOME " + home.toAbsolutePath() + ")";
            } else {
                LivySettings settings = LivySettings.builder(livyUri(cmd), jar).sparkConf(conf).secrets(secrets).build();
                if (mode.equals(LIVY_BATCH)) {
                    submitter = new LivyBatchSubmitter(settings);
                    submitMode = SubmitMode.LIVY_BATCH;
                } else {
                    // One session, checked at each poll, deleted when the command ends (close()).
                    submitter = new LivySessionSubmitter(settings, new SessionPoolSettings(1, SessionPoolSettings.DEFAULT_IDLE_TIMEOUT,
                            "datahub-cli", pollInterval));
                    submitMode = SubmitMode.LIVY_SESSION;
                }
                URI url = settings.url();
                // Without any user info the URL may carry.
                where = "Livy at " + new URI(url.getScheme(), null, url.getHost(), url.getPort(), url.getPath(), null, null);
            }
        } catch (IllegalArgumentException e) {
            throw error(cmd, e.getMessage());
        } catch (URISyntaxException e) {
            throw error(cmd, "--livy-url " + livyUrl + ": " + e.getMessage());
        }
        return new SubmittedEngine(submitter, submitMode, where, pollInterval, timeout, out);
    }

    /** The data root as Spark sees it. */
    String dataRoot(Path data) {
        return clusterData != null ? clusterData : data.toAbsolutePath().normalize().toString();
    }

    private URI livyUri(CommandLine cmd) {
        try {
            URI uri = new URI(livyUrl.strip());
            if (uri.getHost() != null && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw error(cmd, "--livy-url must be an http or https URL, e.g. http://livy:8998, not '" + livyUrl + "'");
    }

    private Path sparkHome(CommandLine cmd, Map<String, String> environment) {
        String from = "--spark-home";
        Path home = sparkHome;
        if (home == null) {
            String variable = environment.get("SPARK_HOME");
            if (variable == null || variable.isBlank()) {
                throw error(cmd, "--submit " + SPARK_SUBMIT + " needs --spark-home DIR or the SPARK_HOME environment variable "
                        + "(a Spark 3.5 installation)");
            }
            home = Path.of(variable);
            from = "SPARK_HOME";
        }
        if (!Files.isRegularFile(home.resolve("bin").resolve("spark-submit"))) {
            throw error(cmd, from + " " + home + " is not a Spark installation: " + home.resolve("bin").resolve("spark-submit")
                    + " does not exist");
        }
        return home;
    }

    private String jobJar(CommandLine cmd) {
        if (jobJar != null) {
            // A local path must be there; a URI (hdfs:, s3a:, local:) or a Livy cluster's path is Spark's to find.
            if (mode.equals(SPARK_SUBMIT) && !jobJar.contains(":") && !Files.isRegularFile(Path.of(jobJar))) {
                throw error(cmd, "--job-jar " + jobJar + " does not exist");
            }
            return jobJar;
        }
        return buildJobJar(searchRoots()).map(Path::toString).orElseThrow(() -> error(cmd, "--submit " + mode
                + " needs --job-jar: the build's job jar (" + BUILD_JOB_JAR_FOLDER + "/datahub-spark-job-<version>-job.jar) is not "
                + "there; build it with ./mvnw -pl datahub-spark-job -am package -DskipTests"));
    }

    /** Where the project folder may be: the working folder, and the one this command was built in. */
    static List<Path> searchRoots() {
        List<Path> roots = new ArrayList<>();
        roots.add(Path.of("").toAbsolutePath());
        try {
            // datahub-cli/target/datahub-cli.jar or datahub-cli/target/classes: three levels below the project folder
            Path code = Path.of(SubmitOptions.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (code.getNameCount() >= 3) {
                roots.add(code.getParent().getParent().getParent());
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // no code location: the working folder only
        }
        return roots;
    }

    /** The newest {@code datahub-spark-job-*-job.jar} in the first of the roots whose build has one. */
    static Optional<Path> buildJobJar(List<Path> roots) {
        for (Path root : roots) {
            Path folder = root.resolve(BUILD_JOB_JAR_FOLDER);
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> files = Files.list(folder)) {
                Optional<Path> newest = files.filter(f -> {
                    String name = f.getFileName().toString();
                    return name.startsWith("datahub-spark-job-") && name.endsWith("-job.jar") && Files.isRegularFile(f);
                }).max(Comparator.comparing(SubmitOptions::modified));
                if (newest.isPresent()) {
                    return newest.map(p -> p.toAbsolutePath().normalize());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Optional.empty();
    }

    private static java.nio.file.attribute.FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CommandLine.ParameterException error(CommandLine cmd, String message) {
        return new CommandLine.ParameterException(cmd, message);
    }
}
