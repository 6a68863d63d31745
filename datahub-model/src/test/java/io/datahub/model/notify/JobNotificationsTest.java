package io.datahub.model.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datahub.model.definition.DefinitionReader;
import io.datahub.model.history.SlaStatus;
import io.datahub.model.job.FailurePolicy;
import io.datahub.model.job.JobGraph;
import io.datahub.model.job.JobRun;
import io.datahub.model.job.JobRunReport;
import io.datahub.model.job.JobStep;
import io.datahub.model.notify.JobNotifications.JobNotification;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobNotificationsTest {

    private static final String ID = "daily-2026-01-15-abcd1234";
    private static final Instant T0 = Instant.parse("2026-01-15T03:30:00Z");
    private static final String SECRET_URL = "https://hooks.example.com/services/T00/B00/s3cr3t-token";

    private static final List<NotificationTarget> TARGETS = List.of(
            NotificationTarget.email("ops@example.com", NotifyEvent.FAILURE),
            NotificationTarget.email("boss@example.com", NotifyEvent.SUCCESS),
            NotificationTarget.webhook(null, "chat_webhook", NotifyEvent.COMPLETION),
            NotificationTarget.webhook("https://status.example.com/hook", null, NotifyEvent.SLA_BREACH));

    private static final JobGraph GRAPH = JobGraph.of("daily", List.of(
            new JobStep("load", List.of(), FailurePolicy.HALT, 0, Duration.ZERO, null),
            new JobStep("publish", List.of("load"), FailurePolicy.HALT, 0, Duration.ZERO, null)));

    private static JobRunReport report(boolean loadSucceeds) {
        JobRun run = JobRun.start(GRAPH, ID, T0);
        run.begin(T0);
        if (loadSucceeds) {
            run.succeeded("load", 1, T0.plusSeconds(60));
            run.succeeded("publish", 1, T0.plusSeconds(120));
        } else {
            run.failed("load", 1, "[INPUT_NOT_FOUND] landing/sales/*.csv: no file", T0.plusSeconds(60));
        }
        return JobRunReport.of(GRAPH, run, "shop", "1.0.0", ID, LocalDate.of(2026, 1, 15), null, T0, "PT2H", SlaStatus.MET);
    }

    @Test
    void aFailedRunNotifiesFailureAndCompletionEntriesInDocumentOrder() throws Exception {
        List<JobNotification> sent = JobNotifications.forEnd(TARGETS, report(false));
        assertEquals(List.of(TARGETS.get(0), TARGETS.get(2)), sent.stream().map(JobNotification::target).toList());
        assertEquals(List.of(NotifyEvent.FAILURE, NotifyEvent.COMPLETION), sent.stream().map(JobNotification::event).toList());

        JobNotification email = sent.get(0);
        assertEquals("[Data Hub] daily (shop) 2026-01-15: FAILED; failed: load", email.subject());
        JsonNode body = new ObjectMapper().readTree(email.body());
        assertEquals("failure", body.get("event").asText());
        assertEquals(email.subject(), body.get("summary").asText());
        assertEquals("shop", body.get("app").asText());
        assertEquals("daily", body.get("job").asText());
        assertEquals(ID, body.get("jobRunId").asText());
        assertEquals("2026-01-15", body.get("runDate").asText());
        assertEquals("FAILED", body.get("outcome").asText());
        JsonNode failed = body.get("failedPipelines").get(0);
        assertEquals("load", failed.get("pipelineId").asText());
        assertEquals(ID + "-load-1", failed.get("runId").asText());
        assertEquals("[INPUT_NOT_FOUND] landing/sales/*.csv: no file", failed.get("reason").asText());
        assertEquals("CANCELLED", body.get("pipelines").get(1).get("status").asText());

        assertEquals("completion", new ObjectMapper().readTree(sent.get(1).body()).get("event").asText());
    }

    @Test
    void aSucceededRunNotifiesSuccessAndCompletion() {
        List<JobNotification> sent = JobNotifications.forEnd(TARGETS, report(true));
        assertEquals(List.of(NotifyEvent.SUCCESS, NotifyEvent.COMPLETION), sent.stream().map(JobNotification::event).toList());
        assertEquals("[Data Hub] daily (shop) 2026-01-15: SUCCEEDED", sent.get(0).subject());
    }

    @Test
    void slaBreachEntriesOnlyFireForABreach() {
        JobRunReport running = JobRunReport.of(GRAPH, null, "shop", "1.0.0", ID, LocalDate.of(2026, 1, 15), T0, null, "PT2H",
                SlaStatus.BREACHED);
        List<JobNotification> sent = JobNotifications.forSlaBreach(TARGETS, running);
        assertEquals(List.of(TARGETS.get(3)), sent.stream().map(JobNotification::target).toList());
        assertEquals("[Data Hub] daily (shop) 2026-01-15: SLA PT2H breached, still SUBMITTED", sent.get(0).subject());
        assertThrows(IllegalArgumentException.class, () -> JobNotifications.forEnd(TARGETS, running));
    }

    @Test
    void entriesComeFromTheJobDefinitionAndASecretWebhookCarriesOnlyItsName() {
        String xml = """
                <jobPipeline id="daily" version="1.0.0">
                  <pipelines><pipelineRef id="a"/></pipelines>
                  <notifications>
                    <email to="ops@example.com" on="failure"/>
                    <webhook urlSecretRef="chat_webhook" on="completion"/>
                    <webhook url="https://status.example.com/hook" on="slaBreach"/>
                  </notifications>
                </jobPipeline>
                """;
        List<NotificationTarget> targets = NotificationTarget.of(new DefinitionReader().read("daily.xml",
                xml.getBytes(StandardCharsets.UTF_8)).job().orElseThrow());
        assertEquals(List.of(
                new NotificationTarget("email", "ops@example.com", null, null, NotifyEvent.FAILURE),
                new NotificationTarget("webhook", null, null, "chat_webhook", NotifyEvent.COMPLETION),
                new NotificationTarget("webhook", null, "https://status.example.com/hook", null, NotifyEvent.SLA_BREACH)), targets);
        for (JobNotification n : JobNotifications.forEnd(targets, report(false))) {
            assertFalse(n.body().contains(SECRET_URL));
            assertFalse(n.body().contains("hooks.example.com"));
        }
    }

    @Test
    void targetsAreCheckedAndEventsParsed() {
        assertThrows(IllegalArgumentException.class, () -> NotificationTarget.webhook("https://a", "ref", NotifyEvent.FAILURE));
        assertThrows(IllegalArgumentException.class, () -> NotificationTarget.webhook(null, null, NotifyEvent.FAILURE));
        assertThrows(IllegalArgumentException.class, () -> NotificationTarget.email(" ", NotifyEvent.FAILURE));
        assertEquals(NotifyEvent.SLA_BREACH, NotifyEvent.fromXml("slaBreach"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NotifyEvent.fromXml("sometimes"));
        assertEquals("on 'sometimes' is not one of failure, success, completion, slaBreach", e.getMessage());
    }
}
