package io.datahub.model.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.datahub.model.history.JobRunRecord;
import io.datahub.model.history.PipelineRunRecord;
import io.datahub.model.history.SlaStatus;
import io.datahub.model.run.ErrorCategory;
import io.datahub.model.run.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where one job run stands, as people and tables see it: outcome, counts, every pipeline with its attempts and run ids,
 * and the failed pipelines with their reasons. One snapshot feeds the {@code job_runs} row ({@link #toRecord()}), the
 * end-of-job JSON and the notifications, so they always agree.
 *
 * @param status    SUBMITTED while the run waits to start, RUNNING, then SUCCEEDED, FAILED or CANCELLED
 * @param due       when the run was due (its schedule slot), or null
 * @param startedAt when its first pipelines were launched, or null while it waits
 * @param endedAt   when it ended, or null
 * @param slaStatus MET or BREACHED once known, else UNKNOWN
 * @param counts    how many steps are in each status (every status present)
 * @param pipelines every step, in document order
 */
public record JobRunReport(String app, String jobId, String jobVersion, String jobRunId, LocalDate runDate, RunStatus status,
                           Instant due, Instant startedAt, Instant endedAt, String sla, SlaStatus slaStatus,
                           Map<StepStatus, Integer> counts, List<PipelineReport> pipelines) {

    /** The message of the rows of pipelines that never ran, by why. */
    public static final String NOT_RUN_SKIPPED = "not run: a pipeline it depends on failed under onFailure=skip or was skipped";
    public static final String NOT_RUN_HALTED = "not run: the job run halted after a failure";
    public static final String NOT_RUN_CANCELLED = "not run: the job run was cancelled by an operator";

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    public JobRunReport {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(jobRunId, "jobRunId");
        Objects.requireNonNull(status, "status");
        counts = Collections.unmodifiableMap(new EnumMap<>(counts));
        pipelines = List.copyOf(pipelines);
    }

    /**
     * One step of the job.
     *
     * @param attempts       attempts launched so far (0: never launched)
     * @param runIds         the run id of each launched attempt, first to last
     * @param reason         the latest failure reason, if any
     * @param fallbackStatus RUNNING, SUCCEEDED or FAILED once the fallback was launched, else null
     * @param fallbackRunId  the fallback's run id once launched, else null
     */
    public record PipelineReport(String pipelineId, StepStatus status, FailurePolicy onFailure, int attempts, List<String> runIds,
                                 String reason, String fallback, StepStatus fallbackStatus, String fallbackRunId,
                                 String fallbackReason) {

        public PipelineReport {
            Objects.requireNonNull(pipelineId, "pipelineId");
            Objects.requireNonNull(status, "status");
            runIds = List.copyOf(runIds);
        }
    }

    /**
     * A pipeline run that failed: a step whose last attempt failed (also when tolerated under {@code continue} or
     * recovered by its fallback), or a fallback pipeline that failed.
     *
     * @param recoveredBy the fallback whose success made the failure count as satisfied, else null
     * @param fallbackFor for a failed fallback pipeline, the step it stood in for, else null
     */
    public record FailedPipeline(String pipelineId, String runId, int attempt, String reason, FailurePolicy onFailure,
                                 String recoveredBy, String fallbackFor) {
    }

    /**
     * The report of a run.
     *
     * @param graph     the job's steps
     * @param run       the planner's state, or null while the run waits to start
     * @param startedAt when the run began (its first launches), or null while it waits
     */
    public static JobRunReport of(JobGraph graph, JobRun run, String app, String jobVersion, String jobRunId, LocalDate runDate,
                                  Instant due, Instant startedAt, String sla, SlaStatus slaStatus) {
        List<PipelineReport> pipelines = new ArrayList<>();
        Map<StepStatus, Integer> counts = new EnumMap<>(StepStatus.class);
        for (StepStatus s : StepStatus.values()) {
            counts.put(s, 0);
        }
        for (JobStep step : graph.steps()) {
            String id = step.pipelineId();
            if (run == null) {
                pipelines.add(new PipelineReport(id, StepStatus.PENDING, step.onFailure(), 0, List.of(), null, step.fallback(),
                        null, null, null));
                counts.merge(StepStatus.PENDING, 1, Integer::sum);
                continue;
            }
            int attempts = run.attempt(id);
            List<String> runIds = new ArrayList<>();
            for (int a = 1; a <= attempts; a++) {
                runIds.add(JobRunIds.runId(jobRunId, id, a));
            }
            StepStatus fallbackStatus = run.fallbackStatus(id).orElse(null);
            pipelines.add(new PipelineReport(id, run.stepStatus(id), step.onFailure(), attempts, runIds, run.failureReason(id).orElse(null),
                    step.fallback(), fallbackStatus, fallbackStatus == null ? null : JobRunIds.runId(jobRunId, step.fallback(), 1),
                    fallbackStatus == null ? null : run.failureReason(step.fallback()).orElse(null)));
        }
        if (run != null) {
            counts.putAll(run.counts());
        }
        RunStatus status = run == null ? RunStatus.SUBMITTED : switch (run.status()) {
            case RUNNING -> RunStatus.RUNNING;
            case SUCCEEDED -> RunStatus.SUCCEEDED;
            case FAILED -> RunStatus.FAILED;
            case CANCELLED -> RunStatus.CANCELLED;
        };
        Instant endedAt = run == null ? null : run.finishedAt().orElse(null);
        return new JobRunReport(app, graph.jobId(), jobVersion, jobRunId, runDate, status, due, startedAt, endedAt, sla,
                slaStatus == null ? SlaStatus.UNKNOWN : slaStatus, counts, pipelines);
    }

    /** How long the run took, once it ended (null while it runs or when it never started). */
    public Long durationMs() {
        return startedAt == null || endedAt == null ? null : Duration.between(startedAt, endedAt).toMillis();
    }

    /** The failed pipeline runs, steps in document order, each failed fallback right after its step. */
    public List<FailedPipeline> failedPipelines() {
        List<FailedPipeline> failed = new ArrayList<>();
        for (PipelineReport p : pipelines) {
            if (p.status() == StepStatus.FAILED) {
                failed.add(new FailedPipeline(p.pipelineId(), p.runIds().isEmpty() ? null : p.runIds().get(p.runIds().size() - 1),
                        p.attempts(), p.reason(), p.onFailure(), p.fallbackStatus() == StepStatus.SUCCEEDED ? p.fallback() : null, null));
            }
            if (p.fallbackStatus() == StepStatus.FAILED) {
                failed.add(new FailedPipeline(p.fallback(), p.fallbackRunId(), 1, p.fallbackReason(), null, null, p.pipelineId()));
            }
        }
        return List.copyOf(failed);
    }

    /** The {@code job_runs} row of this snapshot. */
    public JobRunRecord toRecord() {
        Map<String, String> failed = new LinkedHashMap<>();
        for (FailedPipeline f : failedPipelines()) {
            failed.put(f.pipelineId(), f.reason() == null ? "failed without a reason" : f.reason());
        }
        return new JobRunRecord(jobRunId, app, jobId, jobVersion, runDate, status, startedAt, endedAt, durationMs(), pipelines.size(),
                counts.get(StepStatus.SUCCEEDED), counts.get(StepStatus.FAILED), counts.get(StepStatus.SKIPPED),
                counts.get(StepStatus.CANCELLED), failed.isEmpty() ? null : failed,
                failed.isEmpty() ? null : String.join(", ", failed.keySet()) + " failed", sla, slaStatus);
    }

    /**
     * The {@code pipeline_runs} row of a pipeline run that never ran: skipped, cancelled, or refused before it could be
     * submitted (then FAILED with a category and message). Its run id is the one the attempt would have had.
     */
    public static PipelineRunRecord notRun(String app, String jobRunId, String pipelineId, int attempt, RunStatus status,
                                           LocalDate runDate, String submitMode, Instant at, ErrorCategory category, String message) {
        return new PipelineRunRecord(JobRunIds.runId(jobRunId, pipelineId, attempt), attempt, jobRunId, app, null, pipelineId, null,
                runDate, submitMode, null, status, at, at, 0L, null, null, category, message, null, SlaStatus.UNKNOWN);
    }

    /** A short line for a person: job, application, run date and outcome. */
    public String summary() {
        StringBuilder s = new StringBuilder("job ").append(jobId).append(" (").append(app).append(") run ").append(jobRunId)
                .append(" for ").append(runDate).append(": ").append(status);
        List<FailedPipeline> failed = failedPipelines();
        if (!failed.isEmpty()) {
            s.append("; failed: ").append(String.join(", ", failed.stream().map(FailedPipeline::pipelineId).toList()));
        }
        return s.toString();
    }

    /** The report as a JSON object (the content of the end-of-job FlowFile, the base of notification bodies). */
    public ObjectNode toJsonNode() {
        ObjectNode root = JSON.createObjectNode();
        root.put("app", app);
        root.put("job", jobId);
        root.put("jobVersion", jobVersion);
        root.put("jobRunId", jobRunId);
        root.put("runDate", runDate == null ? null : runDate.toString());
        root.put("outcome", status.name());
        root.put("due", text(due));
        root.put("startedAt", text(startedAt));
        root.put("endedAt", text(endedAt));
        root.put("durationMs", durationMs());
        root.put("sla", sla);
        root.put("slaStatus", slaStatus.name());
        ObjectNode countNode = root.putObject("counts");
        counts.forEach((s, n) -> countNode.put(s.name(), n));
        ArrayNode failedNode = root.putArray("failedPipelines");
        for (FailedPipeline f : failedPipelines()) {
            ObjectNode n = failedNode.addObject();
            n.put("pipelineId", f.pipelineId());
            n.put("runId", f.runId());
            n.put("attempt", f.attempt());
            n.put("reason", f.reason());
            if (f.onFailure() != null) {
                n.put("onFailure", f.onFailure().xmlValue());
            }
            if (f.recoveredBy() != null) {
                n.put("recoveredBy", f.recoveredBy());
            }
            if (f.fallbackFor() != null) {
                n.put("fallbackFor", f.fallbackFor());
            }
        }
        ArrayNode pipelineNode = root.putArray("pipelines");
        for (PipelineReport p : pipelines) {
            ObjectNode n = pipelineNode.addObject();
            n.put("pipelineId", p.pipelineId());
            n.put("status", p.status().name());
            n.put("attempts", p.attempts());
            ArrayNode ids = n.putArray("runIds");
            p.runIds().forEach(ids::add);
            if (p.fallbackStatus() != null) {
                ObjectNode fb = n.putObject("fallback");
                fb.put("pipelineId", p.fallback());
                fb.put("status", p.fallbackStatus().name());
                fb.put("runId", p.fallbackRunId());
            }
        }
        return root;
    }

    public String toJson() {
        return write(toJsonNode());
    }

    static String write(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
