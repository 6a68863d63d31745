package io.datahub.submit.launcher;

import io.datahub.model.run.ErrorCategory;
import io.datahub.model.run.PipelineRunResult;
import io.datahub.model.run.RunRequest;
import io.datahub.model.run.RunStatus;
import io.datahub.submit.SecretScrubber;
import io.datahub.submit.SparkSubmitter;
import io.datahub.submit.Submission;
import io.datahub.submit.SubmissionState;
import io.datahub.submit.SubmitException;
import io.datahub.submit.SubmitMode;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.spark.launcher.SparkAppHandle;
import org.apache.spark.launcher.SparkLauncher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each pipeline run as its own Spark application through Spark's launcher ({@code SparkLauncher}, i.e.
 * {@code spark-submit} of a SPARK_HOME) against a local, standalone, YARN or Kubernetes master.
 *
 * <p>Per run, under {@code <workDir>/<runId>/}: {@code request.json} (the run request, read by the job with
 * {@code --request}), {@code result.json} (written by the job with {@code --result}), {@code driver.log}
 * (spark-submit's stdout and stderr) and, only until Spark reports the application connected, {@code secrets.properties}
 * (mode 0600, passed with {@code --properties-file}: secrets never appear on a command line).
 *
 * <p>No call waits: {@link #submit} starts the child process and returns, {@link #poll} looks at the launcher's handle
 * and the run's files once. The outcome is the job's own result ({@code result.json}, else the {@code DATAHUB_RESULT}
 * line of the driver log) when it reported one; otherwise the handle's final state. The launcher reports FINISHED when
 * the application stops and FAILED when the process then exits non-zero about 100 ms later, so a FINISHED handle
 * without a result is only believed after {@link LauncherSettings#finalStateGrace()}.
 *
 * <p>The handles live in this object: a run does not survive a restart of the JVM that launched it. After a restart,
 * {@link #poll} of such a run ends it from its result file if the job wrote one, else FAILED
 * ({@code SUBMISSION_FAILED}, "the launcher that started run X is gone").
 */
public final class SparkLauncherSubmitter implements SparkSubmitter {

    /** The job's main class. */
    public static final String MAIN_CLASS = "io.datahub.spark.DatahubJob";
    static final String REQUEST_FILE = "request.json";
    static final String RESULT_FILE = "result.json";
    static final String DRIVER_LOG = "driver.log";
    static final String SECRETS_FILE = "secrets.properties";
    /** Lines of the driver log quoted in the message of a run that ended without a result. */
    static final int FAILURE_TAIL_LINES = 20;
    /** How much of the end of the driver log is read for the result line and the failure message. */
    static final int LOG_TAIL_BYTES = 512 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(SparkLauncherSubmitter.class);
    private static final Pattern SAFE_RUN_ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,199}");

    private final LauncherSettings settings;
    private final Clock clock;
    private final SecretScrubber scrubber;
    private final Map<String, LaunchedRun> runs = new ConcurrentHashMap<>();
    private final Starter starter;

    public SparkLauncherSubmitter(LauncherSettings settings) {
        this(settings, Clock.systemUTC());
    }

    public SparkLauncherSubmitter(LauncherSettings settings, Clock clock) {
        this(settings, clock, SparkLauncher::startApplication);
    }

    /** With another way to start the application (tests: a scripted handle). */
    SparkLauncherSubmitter(LauncherSettings settings, Clock clock, Starter starter) {
        this.settings = settings;
        this.clock = clock;
        this.starter = starter;
        this.scrubber = new SecretScrubber(settings.secrets().values());
    }

    /** Starts the configured application; {@code SparkLauncher.startApplication} unless a test says otherwise. */
    @FunctionalInterface
    interface Starter {
        SparkAppHandle start(SparkLauncher launcher, SparkAppHandle.Listener listener) throws IOException;
    }

    @Override
    public Submission submit(RunRequest request) {
        String runId = request.runId();
        if (runId == null || !SAFE_RUN_ID.matcher(runId).matches()) {
            throw new SubmitException("run id '" + runId + "' cannot name a run folder: use letters, digits, '.', '_' and '-'"
                    + " (at most 200, not starting with '.' or '-')", false);
        }
        LaunchedRun known = runs.get(runId);
        if (known != null) {
            LOG.info("Run {} is already running under this launcher: adopted", runId);
            return current(Submission.submitted(runId, SubmitMode.SPARK_LAUNCHER, known.dir.toString(), known.submittedAt), known,
                    clock.instant());
        }
        if (!settings.sparkHomeLooksValid()) {
            throw new SubmitException("run " + runId + " not submitted: " + settings.sparkSubmit() + " does not exist", false);
        }
        Instant now = clock.instant();
        Path dir = runDir(runId);
        Path secretsFile = null;
        try {
            Files.createDirectories(dir);
            // an earlier launch of this run id must not decide this one
            Files.deleteIfExists(dir.resolve(RESULT_FILE));
            Files.writeString(dir.resolve(REQUEST_FILE), request.toJson(), StandardCharsets.UTF_8);
            secretsFile = writeSecrets(dir);
        } catch (IOException | UnsupportedOperationException e) {
            deleteQuietly(secretsFile);
            throw new SubmitException("run " + runId + " not submitted: cannot write its files under " + dir + ": " + e, false, e);
        }
        LaunchedRun run = new LaunchedRun(runId, dir, secretsFile, now);
        SparkLauncher launcher = launcher(run);
        try {
            run.handle = starter.start(launcher, new Listener(run));
        } catch (IOException | RuntimeException e) {
            deleteQuietly(secretsFile);
            throw new SubmitException("run " + runId + " not submitted: spark-submit of " + settings.sparkHome()
                    + " could not be started: " + scrubber.scrub(String.valueOf(e.getMessage())), false, e);
        }
        runs.put(runId, run);
        LOG.info("Run {} submitted to Spark ({}) through spark-launcher; files in {}", runId, settings.master(), dir);
        return current(Submission.submitted(runId, SubmitMode.SPARK_LAUNCHER, dir.toString(), now), run, now);
    }

    @Override
    public Submission poll(Submission submission) {
        if (submission.isFinal()) {
            return submission;
        }
        String runId = submission.runId();
        Instant now = clock.instant();
        LaunchedRun run = runs.get(runId);
        if (run == null) {
            return orphaned(submission, now);
        }
        SparkAppHandle.State state = run.handle.getState();
        if (!state.isFinal()) {
            return current(submission, run, now);
        }
        if (run.finalSeenAt == null) {
            run.finalSeenAt = now; // the listener has not been told yet
        }
        Optional<PipelineRunResult> result = readResult(run.dir);
        if (result.isEmpty() && state == SparkAppHandle.State.FINISHED && !graceOver(run.finalSeenAt, now, settings.finalStateGrace())) {
            // FINISHED may still turn into FAILED when the process exits: look again on a later poll.
            return submission.progressed(null, run.handle.getAppId(), SubmissionState.RUNNING, now);
        }
        runs.remove(runId, run);
        run.cleanUp();
        Submission current = submission.progressed(null, run.handle.getAppId(), SubmissionState.RUNNING, now);
        if (result.isPresent()) {
            return fromResult(current, result.get(), now);
        }
        state = run.handle.getState();
        if (state == SparkAppHandle.State.FINISHED) {
            LOG.warn("Run {}: Spark reports the application FINISHED but the job wrote no result ({}, driver log {})", runId,
                    run.dir.resolve(RESULT_FILE), run.dir.resolve(DRIVER_LOG));
            return current.ended(SubmissionState.SUCCEEDED, null, null, null, now);
        }
        ErrorCategory category = run.ran ? ErrorCategory.INTERNAL : ErrorCategory.SUBMISSION_FAILED;
        String message = "Spark application of run " + runId + " ended " + state + (run.ran ? " after it started running" : "")
                + " without reporting a result; last lines of " + run.dir.resolve(DRIVER_LOG) + ":\n"
                + String.join("\n", tail(readLogTail(run.dir), FAILURE_TAIL_LINES));
        LOG.warn("Run {}: Spark application ended {} without a result", runId, state);
        return current.ended(SubmissionState.FAILED, category, scrubber.scrub(message), null, now);
    }

    @Override
    public Submission cancel(Submission submission) {
        if (submission.isFinal()) {
            return submission;
        }
        String runId = submission.runId();
        LaunchedRun run = runs.remove(runId);
        Instant now = clock.instant();
        if (run == null) {
            deleteQuietly(runDir(runId).resolve(SECRETS_FILE));
            return submission.ended(SubmissionState.CANCELLED, ErrorCategory.CANCELLED,
                    "cancelled; the launcher that started run " + runId + " is gone, so its process (if still running) was"
                            + " not stopped from here", null, now);
        }
        if (run.handle.getState().isFinal()) {
            Optional<PipelineRunResult> result = readResult(run.dir);
            if (result.isPresent()) {
                run.cleanUp();
                LOG.info("Run {}: not cancelled, it had already ended", runId);
                return fromResult(submission.progressed(null, run.handle.getAppId(), SubmissionState.RUNNING, now), result.get(), now);
            }
        }
        stopAndKill(run);
        run.cleanUp();
        LOG.info("Run {} cancelled: Spark application stopped and spark-submit killed", runId);
        return submission.progressed(null, run.handle.getAppId(), submission.state(), now)
                .ended(SubmissionState.CANCELLED, ErrorCategory.CANCELLED, "cancelled", null, now);
    }

    /** Kills every run this launcher still follows. */
    @Override
    public void close() {
        for (LaunchedRun run : new ArrayList<>(runs.values())) {
            runs.remove(run.runId, run);
            if (!run.handle.getState().isFinal()) {
                LOG.info("Closing the launcher: killing run {}", run.runId);
                stopAndKill(run);
            }
            run.cleanUp();
        }
    }

    /** The folder of a run's files. */
    public Path runDir(String runId) {
        return settings.workDir().resolve(runId);
    }

    private SparkLauncher launcher(LaunchedRun run) {
        Map<String, String> env = new HashMap<>();
        env.put("SPARK_HOME", settings.sparkHome().toAbsolutePath().toString());
        if (settings.javaHome() != null) {
            env.put("JAVA_HOME", settings.javaHome().toAbsolutePath().toString());
        }
        SparkLauncher launcher = new SparkLauncher(env)
                .setSparkHome(settings.sparkHome().toAbsolutePath().toString())
                .setMaster(settings.master())
                .setAppName("datahub-" + run.runId)
                .setAppResource(settings.jobJar())
                .setMainClass(MAIN_CLASS)
                .addAppArgs("--request", run.dir.resolve(REQUEST_FILE).toString(), "--result", run.dir.resolve(RESULT_FILE).toString())
                .directory(run.dir.toFile())
                .redirectOutput(run.dir.resolve(DRIVER_LOG).toFile())
                .redirectError();
        if (settings.deployMode() != null) {
            launcher.setDeployMode(settings.deployMode());
        }
        settings.sparkConf().forEach(launcher::setConf);
        if (run.secretsFile != null) {
            launcher.setPropertiesFile(run.secretsFile.toString());
        }
        return launcher;
    }

    /**
     * Writes the secrets as Spark properties into a file only this user can read, or returns null when there are none.
     * spark-submit reads {@code conf/spark-defaults.conf} only without {@code --properties-file}, so its entries are
     * copied in first: a run behaves the same with or without secrets.
     */
    private Path writeSecrets(Path dir) throws IOException {
        Path file = dir.resolve(SECRETS_FILE);
        Files.deleteIfExists(file);
        if (settings.secrets().isEmpty()) {
            return null;
        }
        Properties properties = new Properties();
        Path defaults = sparkConfDir().resolve("spark-defaults.conf");
        if (Files.isRegularFile(defaults)) {
            try (Reader in = Files.newBufferedReader(defaults, StandardCharsets.UTF_8)) {
                properties.load(in);
            }
        }
        settings.secrets().forEach((name, value) -> properties.setProperty(LauncherSettings.SECRET_CONF_PREFIX + name, value));
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING)) {
            properties.store(out, "datahub run secrets; deleted when the run has started");
        }
        return file;
    }

    private Path sparkConfDir() {
        String confDir = System.getenv("SPARK_CONF_DIR");
        return confDir != null && !confDir.isBlank() ? Path.of(confDir) : settings.sparkHome().resolve("conf");
    }

    /** A run this launcher does not follow (it was started by another JVM, or before a restart). */
    private Submission orphaned(Submission submission, Instant now) {
        String runId = submission.runId();
        Path dir = runDir(runId);
        deleteQuietly(dir.resolve(SECRETS_FILE));
        Optional<PipelineRunResult> result = readResult(dir);
        if (result.isPresent()) {
            LOG.info("Run {}: its launcher is gone but the job wrote its result", runId);
            return fromResult(submission, result.get(), now);
        }
        String message = "the launcher that started run " + runId + " is gone (the JVM that launched it stopped, e.g. a"
                + " restart); its Spark application is no longer followed and wrote no result in " + dir;
        LOG.warn(message);
        return submission.ended(SubmissionState.FAILED, ErrorCategory.SUBMISSION_FAILED, message, null, now);
    }

    private Submission current(Submission submission, LaunchedRun run, Instant now) {
        return submission.progressed(null, run.handle.getAppId(), visibleState(run.handle.getState()), now);
    }

    /** What a poll shows for a handle state that is not final (a final one shows as RUNNING until it is decided). */
    static SubmissionState visibleState(SparkAppHandle.State state) {
        return switch (state) {
            case UNKNOWN, CONNECTED, SUBMITTED -> SubmissionState.SUBMITTED;
            case RUNNING -> SubmissionState.RUNNING;
            default -> state.isFinal() ? SubmissionState.RUNNING : SubmissionState.UNKNOWN;
        };
    }

    /** Whether a FINISHED first seen at {@code finalSeenAt} is old enough to be believed. */
    static boolean graceOver(Instant finalSeenAt, Instant now, Duration grace) {
        return !now.isBefore(finalSeenAt.plus(grace));
    }

    private Submission fromResult(Submission submission, PipelineRunResult result, Instant now) {
        boolean succeeded = result.status() == RunStatus.SUCCEEDED;
        LOG.info("Run {} ended: the job reported {}", submission.runId(), result.status());
        return submission.ended(succeeded ? SubmissionState.SUCCEEDED : SubmissionState.FAILED,
                succeeded ? null : result.errorCategory() == null ? ErrorCategory.INTERNAL : result.errorCategory(),
                scrubber.scrub(result.errorMessage()), result, now);
    }

    /**
     * The job's result: {@code result.json}, else the marked line of the driver log (the job prints it before writing
     * the file). Empty while neither is there or readable (a file being written).
     */
    private Optional<PipelineRunResult> readResult(Path dir) {
        Path file = dir.resolve(RESULT_FILE);
        try {
            return Optional.of(PipelineRunResult.fromJson(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (NoSuchFileException e) {
            // not written (yet): look in the log
        } catch (IOException | IllegalArgumentException e) {
            LOG.debug("Result file {} not readable yet: {}", file, e.getMessage());
        }
        try {
            return PipelineRunResult.fromLog(readLogTail(dir));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The last lines of the driver log (at most {@link #LOG_TAIL_BYTES}), or none. */
    static List<String> readLogTail(Path dir) {
        Path log = dir.resolve(DRIVER_LOG);
        try (SeekableByteChannel channel = Files.newByteChannel(log, StandardOpenOption.READ)) {
            long size = channel.size();
            long from = Math.max(0, size - LOG_TAIL_BYTES);
            ByteBuffer buffer = ByteBuffer.allocate((int) (size - from));
            channel.position(from);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // read the whole tail
            }
            List<String> lines = new ArrayList<>(Arrays.asList(
                    new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).split("\r?\n")));
            if (from > 0 && !lines.isEmpty()) {
                lines.remove(0); // cut in the middle
            }
            return lines;
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            LOG.warn("Cannot read {}: {}", log, e.toString());
            return List.of("(" + log + " cannot be read: " + e + ")");
        }
    }

    static List<String> tail(List<String> lines, int count) {
        return lines.subList(Math.max(0, lines.size() - count), lines.size());
    }

    /** Asks the application to stop (cluster managers kill it), then kills the spark-submit process. */
    private static void stopAndKill(LaunchedRun run) {
        try {
            run.handle.stop();
        } catch (RuntimeException e) {
            // not connected yet (or any more): killing the process is all there is
            LOG.debug("Run {}: stop not sent: {}", run.runId, e.getMessage());
        }
        run.handle.kill();
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", file, e.getMessage());
        }
    }

    /** What this launcher knows of one run it started. */
    private static final class LaunchedRun {
        final String runId;
        final Path dir;
        final Path secretsFile;
        final Instant submittedAt;
        volatile SparkAppHandle handle;
        /** When a final state was first reported. */
        volatile Instant finalSeenAt;
        /** Whether the application ever reported RUNNING. */
        volatile boolean ran;

        LaunchedRun(String runId, Path dir, Path secretsFile, Instant submittedAt) {
            this.runId = runId;
            this.dir = dir;
            this.secretsFile = secretsFile;
            this.submittedAt = submittedAt;
        }

        void cleanUp() {
            deleteQuietly(secretsFile);
        }
    }

    /** Records what the launcher reports; runs on the launcher's threads. */
    private final class Listener implements SparkAppHandle.Listener {
        private final LaunchedRun run;

        Listener(LaunchedRun run) {
            this.run = run;
        }

        @Override
        public void stateChanged(SparkAppHandle handle) {
            if (run.handle == null) {
                run.handle = handle;
            }
            SparkAppHandle.State state = handle.getState();
            LOG.debug("Run {}: Spark application {}", run.runId, state);
            if (state == SparkAppHandle.State.RUNNING) {
                run.ran = true;
            }
            if (state != SparkAppHandle.State.UNKNOWN) {
                // connected: spark-submit (and the launcher's command builder before it) has read the properties file
                run.cleanUp();
            }
            if (state.isFinal() && run.finalSeenAt == null) {
                run.finalSeenAt = clock.instant();
            }
        }

        @Override
        public void infoChanged(SparkAppHandle handle) {
            // the application id is read from the handle when polled
        }
    }
}
