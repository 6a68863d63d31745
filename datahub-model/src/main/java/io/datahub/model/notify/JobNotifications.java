package io.datahub.model.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datahub.model.job.JobRunReport;
import io.datahub.model.run.RunStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which {@code <notifications>} entries fire for a job run's end or SLA breach, and what they say: a subject line and a
 * JSON body (the event, a one-line summary, then the run's report: job, run, outcome, counts, failed pipelines with
 * reasons, and the keys of the run-history rows: app, job run id, run ids).
 */
public final class JobNotifications {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JobNotifications() {
    }

    /** The notifications of a job run that ended: {@code completion} always, then {@code success} or {@code failure}. */
    public static List<JobNotification> forEnd(List<NotificationTarget> targets, JobRunReport report) {
        if (!report.status().isFinal()) {
            throw new IllegalArgumentException("job run " + report.jobRunId() + " has not ended: " + report.status());
        }
        List<JobNotification> out = new ArrayList<>();
        for (NotificationTarget target : targets) {
            boolean fires = switch (target.on()) {
                case COMPLETION -> true;
                case SUCCESS -> report.status() == RunStatus.SUCCEEDED;
                case FAILURE -> report.status() == RunStatus.FAILED;
                case SLA_BREACH -> false;
            };
            if (fires) {
                out.add(notification(target, report));
            }
        }
        return List.copyOf(out);
    }

    /** The notifications of a job run that breached its SLA (finished or not). */
    public static List<JobNotification> forSlaBreach(List<NotificationTarget> targets, JobRunReport report) {
        return targets.stream().filter(t -> t.on() == NotifyEvent.SLA_BREACH).map(t -> notification(t, report)).toList();
    }

    private static JobNotification notification(NotificationTarget target, JobRunReport report) {
        String subject = subject(target.on(), report);
        ObjectNode body = JSON.createObjectNode();
        body.put("event", target.on().xmlValue());
        body.put("summary", subject);
        body.setAll(report.toJsonNode());
        try {
            return new JobNotification(target, target.on(), subject, JSON.writeValueAsString(body), report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the notification body", e);
        }
    }

    /** E.g. {@code [Data Hub] retail_daily (retail) 2026-01-15: FAILED; failed: retail_sales_standardize}. */
    static String subject(NotifyEvent event, JobRunReport report) {
        String prefix = "[Data Hub] " + report.jobId() + " (" + report.app() + ") " + report.runDate() + ": ";
        if (event == NotifyEvent.SLA_BREACH) {
            return prefix + "SLA " + report.sla() + " breached" + (report.status().isFinal()
                    ? ", ended " + report.status() : ", still " + report.status());
        }
        String failed = String.join(", ", report.failedPipelines().stream().map(JobRunReport.FailedPipeline::pipelineId).toList());
        return prefix + report.status() + (failed.isEmpty() ? "" : "; failed: " + failed);
    }

    /**
     * One notification to send.
     *
     * @param target  the entry it comes from (channel and address)
     * @param event   the event that fired it
     * @param subject a one-line subject (e-mail subject, chat message title)
     * @param body    the JSON body
     * @param report  the job run it tells about
     */
    public record JobNotification(NotificationTarget target, NotifyEvent event, String subject, String body, JobRunReport report) {

        public JobNotification {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(report, "report");
        }
    }
}
