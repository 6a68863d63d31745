package io.datahub.model.jobrun;

import io.datahub.model.definition.JobPipelineDefinition;
import io.datahub.model.job.JobGraphs;
import io.datahub.model.job.JobStep;
import io.datahub.model.notify.NotificationTarget;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One run of a job to start: who it is, for which run date and parameters, and a snapshot of the job's definition
 * (steps, SLA, notifications), so a run goes on under the definition it started with even if the file changes.
 *
 * @param layer      the layer folder of the job's file
 * @param parameters the job parameters every pipeline run receives (already resolved)
 * @param due        when the run was due (its schedule slot), or null: the SLA clock then starts when it is accepted
 * @param sla        ISO-8601 duration, or null
 */
public record JobRunRequest(String jobRunId, String app, String jobId, String jobVersion, String layer, LocalDate runDate,
                            Map<String, String> parameters, Instant due, String sla, List<JobStep> steps,
                            List<NotificationTarget> notifications) {

    public JobRunRequest {
        Objects.requireNonNull(jobRunId, "jobRunId");
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(runDate, "runDate");
        if (jobRunId.isBlank()) {
            throw new IllegalArgumentException("jobRunId is blank");
        }
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        steps = List.copyOf(steps);
        notifications = notifications == null ? List.of() : List.copyOf(notifications);
    }

    /** A request for a validated job definition. */
    public static JobRunRequest of(JobPipelineDefinition job, String app, String layer, String jobRunId, LocalDate runDate,
                                   Map<String, String> parameters, Instant due) {
        String sla = job.metadata() == null || job.metadata().sla() == null || job.metadata().sla().text().isBlank()
                ? null : job.metadata().sla().text().strip();
        return new JobRunRequest(jobRunId, app, job.id(), job.version(), layer, runDate, parameters, due, sla,
                JobGraphs.of(job).steps(), NotificationTarget.of(job));
    }
}
