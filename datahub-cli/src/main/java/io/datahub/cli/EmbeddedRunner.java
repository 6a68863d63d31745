package io.datahub.cli;

import io.datahub.model.definition.PipelineDefinition;
import io.datahub.model.history.ConnectionSource;
import io.datahub.model.history.PipelineRunRecord;
import io.datahub.model.history.RunHistoryRepository;
import io.datahub.model.history.SlaStatus;
import io.datahub.model.run.ErrorCategory;
import io.datahub.model.run.PipelineResolver;
import io.datahub.model.run.PipelineRunResult;
import io.datahub.model.run.RunRequest;
import io.datahub.model.run.RunStatus;
import io.datahub.model.validation.ConfigValidator;
import io.datahub.model.validation.ValidatedConfig;
import io.datahub.spark.engine.EmbeddedSparkPipeline;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

/**
 * Runs pipelines of a config tree in this JVM (embedded mode) and records each run in the embedded
 * run history under the data root. Shared by {@code run} and {@code run-job}.
 */
final class EmbeddedRunner {

    static final String HISTORY_SCHEMA = "ops";
    static final String SUBMIT_MODE = "embedded";

    private final ValidatedConfig config;
    private final Path data;
    private final EmbeddedSparkPipeline spark;
    private final RunHistoryRepository history;
    private final PrintWriter out;

    EmbeddedRunner(Path configRoot, Path data, Map<String, String> secrets, PrintWriter out) {
        this.config = new ConfigValidator().validate(configRoot);
        this.data = data.toAbsolutePath().normalize();
        this.spark = new EmbeddedSparkPipeline(this.data, secrets);
        this.history = history(this.data);
        this.out = out;
    }

    ValidatedConfig config() {
        return config;
    }

    RunHistoryRepository history() {
        return history;
    }

    /** The embedded run history: an H2 file under the data root, tables created on first use. */
    static RunHistoryRepository history(Path data) {
        try {
            Files.createDirectories(data.resolve("_history"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        // The repository takes a connection per call; without a close delay H2 would close and reopen the
        // file every time (a third of a second each). The file is released a few seconds after the last use.
        String url = "jdbc:h2:file:" + data.toAbsolutePath().resolve("_history").resolve("runs") + ";DB_CLOSE_DELAY=5";
        ConnectionSource connections = () -> DriverManager.getConnection(url, "sa", "");
        RunHistoryRepository repository = new RunHistoryRepository(connections, HISTORY_SCHEMA);
        repository.createTables();
        return repository;
    }

    /** Runs one pipeline attempt; never throws for a failed run (the result says so). */
    PipelineRunResult run(String app, String pipelineId, LocalDate runDate, Map<String, String> parameters, int attempt, String jobRunId) {
        String runId = pipelineId + "-" + runDate + "-" + UUID.randomUUID().toString().substring(0, 8);
        Instant started = Instant.now();
        String sla = config.pipeline(app, pipelineId).map(PipelineDefinition::metadata).map(m -> m.sla() == null ? null : m.sla().text()).orElse(null);
        RunRequest request;
        try {
            request = new PipelineResolver(config).resolve(app, pipelineId, runId, attempt, jobRunId, runDate, parameters, data.toString());
        } catch (IllegalArgumentException e) {
            PipelineRunResult refused = new PipelineRunResult(runId, app, null, pipelineId, null, runDate.toString(), RunStatus.FAILED,
                    started, Instant.now(), null, null, null, null, null, null, ErrorCategory.CONFIGURATION, e.getMessage());
            history.record(PipelineRunRecord.from(refused, attempt, jobRunId, SUBMIT_MODE, null, sla, started, Instant.now()));
            return refused;
        }
        out.printf("> %s %s (attempt %d) ...%n", pipelineId, runDate, attempt);
        out.flush();
        history.record(new PipelineRunRecord(runId, attempt, jobRunId, app, request.layer(), pipelineId,
                config.pipeline(app, pipelineId).map(PipelineDefinition::version).orElse(null), runDate, SUBMIT_MODE, "local",
                RunStatus.RUNNING, started, null, null, null, null, null, null, sla, SlaStatus.UNKNOWN));
        PipelineRunResult result = spark.run(request);
        history.record(PipelineRunRecord.from(result, attempt, jobRunId, SUBMIT_MODE, "local", sla, started, Instant.now()));
        return result;
    }
}
