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
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

/**
 * Runs pipelines of a config tree and records each run in the embedded run history under the data root.
 * Resolving the run request and recording the run are the same for every run; how it executes is the
 * {@link RunEngine}'s business (in-process, or submitted to a cluster). Shared by {@code run} and {@code run-job}.
 */
final class PipelineRunner {

    static final String HISTORY_SCHEMA = "ops";

    private final ValidatedConfig config;
    private final String dataRoot;
    private final RunEngine engine;
    private final RunHistoryRepository history;
    private final PrintWriter out;

    /**
     * @param dataRoot the data root as the engine's Spark sees it (the request's {@code dataRoot}); the history
     *                 always lives under the local {@code data} folder
     */
    PipelineRunner(Path configRoot, Path data, String dataRoot, RunEngine engine, PrintWriter out) {
        this.config = new ConfigValidator().validate(configRoot);
        this.dataRoot = dataRoot;
        this.engine = engine;
        this.history = history(data.toAbsolutePath().normalize());
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
        String version = config.pipeline(app, pipelineId).map(PipelineDefinition::version).orElse(null);
        String mode = engine.submitMode();
        RunRequest request;
        try {
            request = new PipelineResolver(config).resolve(app, pipelineId, runId, attempt, jobRunId, runDate, parameters, dataRoot);
        } catch (IllegalArgumentException e) {
            PipelineRunResult refused = withoutJobResult(runId, app, null, pipelineId, version, runDate, RunStatus.FAILED, started,
                    ErrorCategory.CONFIGURATION, e.getMessage());
            history.record(PipelineRunRecord.from(refused, attempt, jobRunId, mode, null, sla, started, Instant.now()));
            return refused;
        }
        out.printf("> %s %s (attempt %d) ...%n", pipelineId, runDate, attempt);
        out.flush();
        RunEngine.Outcome outcome = engine.run(request, (status, sparkAppId) -> history.record(new PipelineRunRecord(runId, attempt,
                jobRunId, app, request.layer(), pipelineId, version, runDate, mode, sparkAppId, status, started, null, null, null,
                null, null, null, sla, SlaStatus.UNKNOWN)));
        PipelineRunResult result = identified(outcome.result(), request, version);
        history.record(PipelineRunRecord.from(result, attempt, jobRunId, mode, outcome.sparkAppId(), sla, started, Instant.now()));
        return result;
    }

    /** A run that ended without a result from the job (refused before it ran, not submitted, lost, timed out). */
    static PipelineRunResult withoutJobResult(String runId, String app, String layer, String pipelineId, String version, LocalDate runDate,
                                              RunStatus status, Instant started, ErrorCategory category, String message) {
        return new PipelineRunResult(runId, app, layer, pipelineId, version, runDate.toString(), status, started, Instant.now(),
                null, null, null, null, null, null, category, message);
    }

    /**
     * The result under the identity of the request that was run: what a cluster reports is recorded under the run id,
     * application and pipeline the CLI submitted (the row its start record already holds).
     */
    private static PipelineRunResult identified(PipelineRunResult r, RunRequest request, String version) {
        return new PipelineRunResult(request.runId(), request.app(), request.layer(), request.pipelineId(),
                r.pipelineVersion() != null ? r.pipelineVersion() : version, request.runDate().toString(), r.status(), r.startedAt(),
                r.endedAt(), r.rowsRead(), r.rowsWritten(), r.rowsQuarantined(), r.rowsRejected(), r.steps(), r.warnings(),
                r.errorCategory(), r.errorMessage());
    }
}
