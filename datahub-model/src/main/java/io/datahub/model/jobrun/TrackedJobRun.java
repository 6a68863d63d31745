package io.datahub.model.jobrun;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datahub.model.history.PipelineRunRecord;
import io.datahub.model.history.SlaEvaluator;
import io.datahub.model.history.SlaStatus;
import io.datahub.model.job.Decision;
import io.datahub.model.job.FailurePolicy;
import io.datahub.model.job.JobGraph;
import io.datahub.model.job.JobRun;
import io.datahub.model.job.JobRunIds;
import io.datahub.model.job.JobRunReport;
import io.datahub.model.job.JobStep;
import io.datahub.model.job.LaunchRequest;
import io.datahub.model.notify.JobNotifications;
import io.datahub.model.notify.NotificationTarget;
import io.datahub.model.notify.NotifyEvent;
import io.datahub.model.run.ErrorCategory;
import io.datahub.model.run.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One job run as a job runner keeps it: the request, the planner's {@link JobRun} (null while the run waits for a
 * concurrency slot), whether its {@code job_runs} row and the rows of pipelines that never ran still have to be written,
 * and whether its SLA breach was raised. It persists as one compact JSON value ({@link #toJson()}), so a job runner keeps
 * one state entry per job run.
 */
public final class TrackedJobRun {

    static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A pipeline_runs row still to be written for a pipeline run that never ran.
     *
     * @param status   SKIPPED, CANCELLED, or FAILED when the launch was refused
     * @param category why, for a refused launch; else null
     */
    public record PendingRow(String pipelineId, int attempt, RunStatus status, Instant at, ErrorCategory category, String message) {
    }

    private final JobRunRequest request;
    private final JobGraph graph;
    private final Instant received;
    private Instant startedAt;
    private JobRun run;
    private boolean rowPending;
    private final List<PendingRow> rows;
    private boolean slaBreachRaised;

    private TrackedJobRun(JobRunRequest request, Instant received, Instant startedAt, JobRun run, boolean rowPending,
                          List<PendingRow> rows, boolean slaBreachRaised) {
        this.request = request;
        this.graph = run != null ? run.graph() : JobGraph.of(request.jobId(), request.steps());
        this.received = received;
        this.startedAt = startedAt;
        this.run = run;
        this.rowPending = rowPending;
        this.rows = new ArrayList<>(rows);
        this.slaBreachRaised = slaBreachRaised;
    }

    /** A new run waiting to start; its row (SUBMITTED) is to be written. */
    static TrackedJobRun accepted(JobRunRequest request, Instant now) {
        return new TrackedJobRun(request, now, null, null, true, List.of(), false);
    }

    // ---------------------------------------------------------------- queries

    public JobRunRequest request() {
        return request;
    }

    public String jobRunId() {
        return request.jobRunId();
    }

    public Instant received() {
        return received;
    }

    /** True while the run waits for a concurrency slot. */
    public boolean isWaiting() {
        return run == null;
    }

    public boolean isFinished() {
        return run != null && run.isFinished();
    }

    /** The planner's state; empty while the run waits. */
    public Optional<JobRun> run() {
        return Optional.ofNullable(run);
    }

    public boolean slaBreachRaised() {
        return slaBreachRaised;
    }

    /** True when the job_runs row or some pipeline_runs rows are still to be written. */
    public boolean hasPendingRecords() {
        return rowPending || !rows.isEmpty();
    }

    /** Where the SLA clock starts: the due time, else the time the run was accepted. */
    public Instant slaFrom() {
        return request.due() != null ? request.due() : received;
    }

    public SlaStatus slaStatus(Instant now) {
        SlaStatus status = SlaEvaluator.evaluate(request.sla(), slaFrom(), run == null ? null : run.finishedAt().orElse(null), now);
        return status == SlaStatus.UNKNOWN && slaBreachRaised ? SlaStatus.BREACHED : status;
    }

    public JobRunReport report(Instant now) {
        return JobRunReport.of(graph, run, request.app(), request.jobVersion(), request.jobRunId(), request.runDate(), request.due(),
                startedAt, request.sla(), slaStatus(now));
    }

    /** The pipeline_runs rows still to be written. */
    public List<PipelineRunRecord> pendingPipelineRows() {
        return rows.stream().map(r -> JobRunReport.notRun(request.app(), request.jobRunId(), r.pipelineId(), r.attempt(), r.status(),
                request.runDate(), null, r.at(), r.category(), r.message())).toList();
    }

    // ---------------------------------------------------------------- events

    JobRunEffects begin(Instant now) {
        run = JobRun.start(graph, request.jobRunId(), now);
        startedAt = now;
        return apply(run.begin(now), now, JobRunReport.NOT_RUN_HALTED);
    }

    JobRunEffects complete(String pipelineId, int attempt, boolean succeeded, String reason, Instant now) {
        if (run == null) {
            // A completion before the run began cannot be one of its launches.
            return JobRunEffects.completion(JobRunEffects.Completion.DUPLICATE);
        }
        Decision decision = succeeded ? run.succeeded(pipelineId, attempt, now) : run.failed(pipelineId, attempt, reason, now);
        if (decision.ignored()) {
            return JobRunEffects.completion(JobRunEffects.Completion.DUPLICATE);
        }
        JobRunEffects effects = apply(decision, now, JobRunReport.NOT_RUN_HALTED);
        effects.setCompletion(JobRunEffects.Completion.APPLIED);
        return effects;
    }

    JobRunEffects refuse(String pipelineId, int attempt, ErrorCategory category, String message, Instant now) {
        rows.add(new PendingRow(pipelineId, attempt, RunStatus.FAILED, now, category, message));
        return complete(pipelineId, attempt, false, "[" + category + "] " + message, now);
    }

    JobRunEffects due(Instant now) {
        if (run == null || run.nextWakeUp().isEmpty() || run.nextWakeUp().get().isAfter(now)) {
            return new JobRunEffects();
        }
        return apply(run.due(now), now, JobRunReport.NOT_RUN_HALTED);
    }

    JobRunEffects cancel(Instant now) {
        if (run == null) {
            run = JobRun.start(graph, request.jobRunId(), now);
        }
        Decision decision = run.cancel(now);
        if (decision.ignored()) {
            return JobRunEffects.completion(JobRunEffects.Completion.DUPLICATE);
        }
        return apply(decision, now, JobRunReport.NOT_RUN_CANCELLED);
    }

    /** Raises the SLA breach once, when the run is past its SLA (finished or not). */
    JobRunEffects checkSla(Instant now) {
        JobRunEffects effects = new JobRunEffects();
        if (slaBreachRaised || request.sla() == null) {
            return effects;
        }
        if (SlaEvaluator.evaluate(request.sla(), slaFrom(), run == null ? null : run.finishedAt().orElse(null), now) == SlaStatus.BREACHED) {
            slaBreachRaised = true;
            rowPending = true;
            JobRunReport report = report(now);
            effects.slaBreach(report);
            effects.notify(JobNotifications.forSlaBreach(request.notifications(), report));
        }
        return effects;
    }

    void recorded() {
        rowPending = false;
        rows.clear();
    }

    /** @param cancelReason the message of the rows of steps this decision cancelled */
    private JobRunEffects apply(Decision decision, Instant now, String cancelReason) {
        JobRunEffects effects = new JobRunEffects();
        rowPending = true;
        for (LaunchRequest launch : decision.launches()) {
            effects.launch(new PipelineLaunch(request.jobRunId(), request.app(), request.jobId(), launch.pipelineId(), launch.attempt(),
                    launch.fallbackFor(), JobRunIds.runId(request.jobRunId(), launch.pipelineId(), launch.attempt()), request.runDate(),
                    request.parameters()));
        }
        for (String id : decision.newlySkipped()) {
            rows.add(new PendingRow(id, run.attempt(id) + 1, RunStatus.SKIPPED, now, null, JobRunReport.NOT_RUN_SKIPPED));
        }
        for (String id : decision.newlyCancelled()) {
            rows.add(new PendingRow(id, run.attempt(id) + 1, RunStatus.CANCELLED, now, ErrorCategory.CANCELLED, cancelReason));
        }
        if (run.isFinished()) {
            // The SLA is judged at the end too: a breach not noticed by a timer check yet is raised now, once.
            effects.addAll(checkSla(now));
            JobRunReport report = report(now);
            effects.ended(report);
            effects.notify(JobNotifications.forEnd(request.notifications(), report));
        }
        return effects;
    }

    // ---------------------------------------------------------------- persistence

    /** The run as one compact JSON object. */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("jobRunId", request.jobRunId());
        root.put("app", request.app());
        root.put("job", request.jobId());
        putIfPresent(root, "version", request.jobVersion());
        putIfPresent(root, "layer", request.layer());
        root.put("runDate", request.runDate().toString());
        ObjectNode params = root.putObject("params");
        request.parameters().forEach(params::put);
        putIfPresent(root, "due", request.due());
        putIfPresent(root, "sla", request.sla());
        ArrayNode steps = root.putArray("steps");
        for (JobStep step : request.steps()) {
            ObjectNode s = steps.addObject();
            s.put("id", step.pipelineId());
            if (!step.dependsOn().isEmpty()) {
                ArrayNode deps = s.putArray("dependsOn");
                step.dependsOn().forEach(deps::add);
            }
            s.put("onFailure", step.onFailure().xmlValue());
            if (step.maxRetries() != 0) {
                s.put("maxRetries", step.maxRetries());
            }
            if (!step.retryDelay().isZero()) {
                s.put("retryDelay", step.retryDelay().toString());
            }
            putIfPresent(s, "fallback", step.fallback());
        }
        if (!request.notifications().isEmpty()) {
            ArrayNode notify = root.putArray("notify");
            for (NotificationTarget target : request.notifications()) {
                ObjectNode n = notify.addObject();
                n.put("channel", target.channel());
                putIfPresent(n, "to", target.to());
                putIfPresent(n, "url", target.url());
                putIfPresent(n, "urlSecretRef", target.urlSecretRef());
                n.put("on", target.on().xmlValue());
            }
        }
        root.put("received", received.toString());
        putIfPresent(root, "startedAt", startedAt);
        if (run != null) {
            ObjectNode plan = root.putObject("plan");
            run.toState().forEach(plan::put);
        }
        if (rowPending) {
            root.put("rowPending", true);
        }
        if (!rows.isEmpty()) {
            ArrayNode pending = root.putArray("rows");
            for (PendingRow r : rows) {
                ObjectNode n = pending.addObject();
                n.put("pipeline", r.pipelineId());
                n.put("attempt", r.attempt());
                n.put("status", r.status().name());
                n.put("at", r.at().toString());
                putIfPresent(n, "category", r.category() == null ? null : r.category().name());
                putIfPresent(n, "message", r.message());
            }
        }
        if (slaBreachRaised) {
            root.put("slaBreached", true);
        }
        return write(root);
    }

    /**
     * Reads {@link #toJson()}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static TrackedJobRun fromJson(String json) {
        try {
            return read(json);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static TrackedJobRun read(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        if (root.path("format").asInt(-1) != FORMAT) {
            throw new IllegalArgumentException("format " + root.path("format") + " is not supported (expected " + FORMAT + ")");
        }
        List<JobStep> steps = new ArrayList<>();
        for (JsonNode s : root.path("steps")) {
            List<String> deps = new ArrayList<>();
            s.path("dependsOn").forEach(d -> deps.add(d.asText()));
            steps.add(new JobStep(required(s, "id"), deps, FailurePolicy.fromXml(required(s, "onFailure")), s.path("maxRetries").asInt(0),
                    s.has("retryDelay") ? Duration.parse(s.get("retryDelay").asText()) : Duration.ZERO, text(s, "fallback")));
        }
        List<NotificationTarget> notify = new ArrayList<>();
        for (JsonNode n : root.path("notify")) {
            notify.add(new NotificationTarget(required(n, "channel"), text(n, "to"), text(n, "url"), text(n, "urlSecretRef"),
                    NotifyEvent.fromXml(required(n, "on"))));
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("params").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            params.put(e.getKey(), e.getValue().asText());
        }
        JobRunRequest request = new JobRunRequest(required(root, "jobRunId"), required(root, "app"), required(root, "job"),
                text(root, "version"), text(root, "layer"), LocalDate.parse(required(root, "runDate")), params, instant(root, "due"),
                text(root, "sla"), steps, notify);
        JobRun run = null;
        if (root.has("plan")) {
            Map<String, String> plan = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.get("plan").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                plan.put(e.getKey(), e.getValue().asText());
            }
            run = JobRun.fromState(JobGraph.of(request.jobId(), steps), plan);
        }
        List<PendingRow> rows = new ArrayList<>();
        for (JsonNode r : root.path("rows")) {
            String category = text(r, "category");
            rows.add(new PendingRow(required(r, "pipeline"), r.path("attempt").asInt(1), RunStatus.valueOf(required(r, "status")),
                    Instant.parse(required(r, "at")), category == null ? null : ErrorCategory.valueOf(category), text(r, "message")));
        }
        return new TrackedJobRun(request, Instant.parse(required(root, "received")), instant(root, "startedAt"), run,
                root.path("rowPending").asBoolean(false), rows, root.path("slaBreached").asBoolean(false));
    }

    private static void putIfPresent(ObjectNode node, String field, Object value) {
        if (value != null) {
            node.put(field, value.toString());
        }
    }

    private static String required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.asText().isBlank()) {
            throw new IllegalArgumentException("field '" + field + "' is missing");
        }
        return value.asText();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Instant instant(JsonNode node, String field) {
        String value = text(node, field);
        return value == null ? null : Instant.parse(value);
    }

    @Override
    public String toString() {
        return "job run " + request.jobRunId() + " of " + request.app() + "/" + request.jobId()
                + (run == null ? " (waiting)" : " (" + run.status() + ")");
    }

    private static String write(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
