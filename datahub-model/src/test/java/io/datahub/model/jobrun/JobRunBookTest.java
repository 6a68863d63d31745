package io.datahub.model.jobrun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datahub.model.history.JobRunRecord;
import io.datahub.model.history.PipelineRunRecord;
import io.datahub.model.history.SlaStatus;
import io.datahub.model.job.FailurePolicy;
import io.datahub.model.job.JobRunReport;
import io.datahub.model.job.JobStep;
import io.datahub.model.job.StepStatus;
import io.datahub.model.jobrun.JobRunEffects.Completion;
import io.datahub.model.notify.JobNotifications.JobNotification;
import io.datahub.model.notify.NotificationTarget;
import io.datahub.model.notify.NotifyEvent;
import io.datahub.model.run.ErrorCategory;
import io.datahub.model.run.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobRunBookTest {

    private static final Instant T0 = Instant.parse("2026-01-16T03:30:00Z");
    private static final LocalDate D15 = LocalDate.of(2026, 1, 15);
    private static final LocalDate D16 = LocalDate.of(2026, 1, 16);
    private static final List<NotificationTarget> NOTIFY = List.of(
            NotificationTarget.email("ops@example.com", NotifyEvent.FAILURE),
            NotificationTarget.webhook(null, "chat_webhook", NotifyEvent.SLA_BREACH),
            NotificationTarget.webhook("https://status.example.com/hook", null, NotifyEvent.COMPLETION));

    /** a -> b (load then publish), both halt. */
    private static final List<JobStep> CHAIN = List.of(
            step("a", FailurePolicy.HALT),
            step("b", FailurePolicy.HALT, "a"));

    private static JobStep step(String id, FailurePolicy policy, String... dependsOn) {
        return new JobStep(id, List.of(dependsOn), policy, 0, Duration.ZERO, null);
    }

    private static Instant at(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    private static JobRunRequest request(String id, String job, LocalDate date, String sla, Instant due, List<JobStep> steps) {
        return new JobRunRequest(id, "shop", job, "1.0.0", "service", date, Map.of("topN", "3"), due, sla, steps, NOTIFY);
    }

    private static JobRunRequest daily(String id, LocalDate date) {
        return request(id, "daily", date, null, null, CHAIN);
    }

    private static List<String> runIds(JobRunEffects effects) {
        return effects.launches().stream().map(PipelineLaunch::runId).toList();
    }

    /** The book after a save and load, as a new processor instance would see it. */
    private static JobRunBook reloaded(JobRunBook book) {
        return JobRunBook.fromState(new HashMap<>(book.toState()));
    }

    @Test
    void anAcceptedRunStartsOnTheNextTickWithItsRootsAndDerivedRunIds() {
        JobRunBook book = new JobRunBook();
        book.accept(daily("d-15", D15), at(0));
        assertTrue(book.get("d-15").orElseThrow().isWaiting());
        assertEquals(RunStatus.SUBMITTED, book.get("d-15").orElseThrow().report(at(0)).status());

        JobRunEffects effects = book.tick(at(0), 1);
        assertEquals(List.of(new PipelineLaunch("d-15", "shop", "daily", "a", 1, null, "d-15-a-1", D15, Map.of("topN", "3"))),
                effects.launches());
        assertEquals(List.of("d-15-b-1"), runIds(book.complete("d-15", "a", 1, true, null, at(1))));
        assertEquals(Completion.APPLIED, book.complete("d-15", "b", 1, true, null, at(2)).completion());
    }

    @Test
    void asecondRunOfAJobWaitsForASlotAndStartsWhenTheFirstEnds() {
        JobRunBook book = new JobRunBook();
        book.accept(daily("d-15", D15), at(0));
        book.accept(daily("d-16", D16), at(0));
        assertEquals(List.of("d-15-a-1"), runIds(book.tick(at(0), 1)));
        assertTrue(book.get("d-16").orElseThrow().isWaiting());
        assertEquals(1, book.running("shop", "daily"));

        book.complete("d-15", "a", 1, true, null, at(1));
        assertEquals(List.of(), runIds(book.tick(at(1), 1)), "d-15 still runs b");
        JobRunEffects end = book.complete("d-15", "b", 1, true, null, at(2));
        assertEquals(RunStatus.SUCCEEDED, end.ended().get(0).status());
        // The ended run holds no slot even before its row is recorded.
        assertEquals(List.of("d-16-a-1"), runIds(book.tick(at(2), 1)));
    }

    @Test
    void twoRunsOfAJobRunSideBySideWithTwoSlotsEachWithItsOwnState() {
        JobRunBook book = new JobRunBook();
        book.accept(daily("d-15", D15), at(0));
        book.accept(daily("d-16", D16), at(0));
        book.accept(request("w-16", "weekly", D16, null, null, CHAIN), at(0));
        assertEquals(List.of("d-15-a-1", "d-16-a-1", "w-16-a-1"), runIds(book.tick(at(0), 2)));

        book.complete("d-16", "a", 1, false, "[INPUT_NOT_FOUND] no file", at(1));
        book.complete("d-15", "a", 1, true, null, at(1));
        assertEquals(StepStatus.RUNNING, book.get("d-15").orElseThrow().run().orElseThrow().stepStatus("b"));
        assertTrue(book.get("d-16").orElseThrow().isFinished());
        assertEquals(RunStatus.FAILED, book.get("d-16").orElseThrow().report(at(1)).status());
        assertEquals(D16, book.get("d-16").orElseThrow().report(at(1)).runDate());
    }

    @Test
    void otherJobsDoNotTakeAJobsSlot() {
        JobRunBook book = new JobRunBook();
        book.accept(daily("d-15", D15), at(0));
        book.accept(request("w-15", "weekly", D15, null, null, CHAIN), at(0));
        assertEquals(List.of("d-15-a-1", "w-15-a-1"), runIds(book.tick(at(0), 1)));
    }

    @Test
    void aRetryIsLaunchedByTheFirstTickThatFindsItDue() {
        JobRunBook book = new JobRunBook();
        book.accept(request("r", "daily", D15, null, null,
                List.of(new JobStep("a", List.of(), FailurePolicy.RETRY, 2, Duration.ofMinutes(10), null))), at(0));
        book.tick(at(0), 1);
        assertTrue(book.complete("r", "a", 1, false, "[INPUT_NOT_FOUND] no file", at(1)).launches().isEmpty());
        assertTrue(book.tick(at(10), 1).launches().isEmpty());
        book = reloaded(book);  // the retry time is in the state
        assertEquals(List.of("r-a-2"), runIds(book.tick(at(11), 1)));
        assertTrue(book.tick(at(12), 1).launches().isEmpty(), "launched once");
    }

    @Test
    void aReloadedBookResumesMidJobWithoutLaunchingAnythingAgain() {
        JobRunBook book = new JobRunBook();
        book.accept(daily("d-15", D15), at(0));
        book.tick(at(0), 1);
        book.complete("d-15", "a", 1, true, null, at(1));

        JobRunBook restarted = reloaded(book);
        assertEquals(book.toState(), restarted.toState());
        assertTrue(restarted.tick(at(2), 1).launches().isEmpty(), "b is running, a succeeded: nothing to launch");
        assertEquals(Completion.DUPLICATE, restarted.complete("d-15", "a", 1, true, null, at(2)).completion());
        JobRunEffects end = restarted.complete("d-15", "b", 1, true, null, at(3));
        assertEquals(Completion.APPLIED, end.completion());
        assertEquals(RunStatus.SUCCEEDED, end.ended().get(0).status());
        assertEquals(at(0), restarted.get("d-15").orElseThrow().report(at(3)).startedAt());
    }

    @Test
    void completionsOfUnknownRunsStalAttemptsAndForeignPipelinesAreTold() {
        JobRunBook book = new JobRunBook();
        assertEquals(Completion.UNKNOWN, book.complete("nope", "a", 1, true, null, at(0)).completion());
        book.accept(daily("d-15", D15), at(0));
        assertEquals(Completion.DUPLICATE, book.complete("d-15", "a", 1, true, null, at(0)).completion(), "not begun yet");
        book.tick(at(0), 1);
        assertEquals(Completion.DUPLICATE, book.complete("d-15", "a", 2, true, null, at(1)).completion(), "an attempt never launched");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> book.complete("d-15", "zzz", 1, true, null, at(1)));
        assertEquals("job run d-15 has no pipeline 'zzz'", e.getMessage());
    }

    @Test
    void anEndedRunStaysUntilRecordedThenIsRememberedForTheRetention() {
        JobRunBook book = new JobRunBook();
        book.accept(daily("d-15", D15), at(0));
        book.tick(at(0), 1);
        book.complete("d-15", "a", 1, true, null, at(1));
        book.complete("d-15", "b", 1, true, null, at(2));
        assertEquals(List.of("d-15"), book.pendingRecords().stream().map(TrackedJobRun::jobRunId).toList());

        JobRunRecord row = book.get("d-15").orElseThrow().report(at(3)).toRecord();
        assertEquals(RunStatus.SUCCEEDED, row.status());
        assertEquals(at(0), row.startedAt());
        assertEquals(at(2), row.endedAt());
        book.recorded("d-15");
        assertTrue(book.get("d-15").isEmpty());
        assertTrue(book.hasEnded("d-15"));
        assertEquals(Map.of("done.d-15", "SUCCEEDED " + at(2)), book.toState());
        assertEquals(Completion.DUPLICATE, book.complete("d-15", "b", 1, true, null, at(3)).completion());
        IllegalArgumentException again = assertThrows(IllegalArgumentException.class, () -> book.accept(daily("d-15", D15), at(3)));
        assertEquals("job run d-15 already ended (SUCCEEDED " + at(2) + "); it is not started again", again.getMessage());

        book.expire(at(2).plus(Duration.ofHours(24)).minusSeconds(1), Duration.ofHours(24));
        assertTrue(book.hasEnded("d-15"));
        book.expire(at(2).plus(Duration.ofHours(24)), Duration.ofHours(24));
        assertFalse(book.hasEnded("d-15"));
        assertEquals(Completion.UNKNOWN, book.complete("d-15", "b", 1, true, null, at(3)).completion());
    }

    @Test
    void aRunningRunIdIsNotAcceptedTwice() {
        JobRunBook book = new JobRunBook();
        book.accept(daily("d-15", D15), at(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> book.accept(daily("d-15", D15), at(1)));
        assertEquals("job run d-15 is already waiting to start; it is not started again", e.getMessage());
    }

    @Test
    void aWaitingRunPastItsSlaRaisesTheBreachOnceAndMarksItsRow() {
        JobRunBook book = new JobRunBook();
        book.accept(daily("d-15", D15), at(0));
        book.tick(at(0), 1);  // d-15 takes the only slot
        Instant due = at(-180);  // due three hours ago, SLA two hours
        book.accept(request("d-16", "daily", D16, "PT2H", due, CHAIN), at(0));
        book.recorded("d-15");
        book.recorded("d-16");

        JobRunEffects effects = book.tick(at(1), 1);
        assertEquals(1, effects.slaBreaches().size());
        JobRunReport breached = effects.slaBreaches().get(0);
        assertEquals("d-16", breached.jobRunId());
        assertEquals(RunStatus.SUBMITTED, breached.status());
        assertEquals(SlaStatus.BREACHED, breached.slaStatus());
        assertEquals(List.of(NOTIFY.get(1)), effects.notifications().stream().map(JobNotification::target).toList());
        assertEquals(SlaStatus.BREACHED, book.get("d-16").orElseThrow().report(at(1)).toRecord().slaStatus());
        assertEquals(List.of("d-16"), book.pendingRecords().stream().map(TrackedJobRun::jobRunId).toList());

        assertTrue(reloaded(book).tick(at(2), 1).slaBreaches().isEmpty(), "once per run, also after a restart");
    }

    @Test
    void aBreachNotNoticedBeforeTheEndIsRaisedWithTheEnd() {
        JobRunBook book = new JobRunBook();
        book.accept(request("d-15", "daily", D15, "PT1H", at(0), CHAIN), at(0));
        book.tick(at(0), 1);
        book.complete("d-15", "a", 1, true, null, at(30));
        JobRunEffects end = book.complete("d-15", "b", 1, true, null, at(61));
        assertEquals(1, end.slaBreaches().size());
        assertEquals(SlaStatus.BREACHED, end.ended().get(0).slaStatus());
        assertEquals(List.of(NotifyEvent.SLA_BREACH, NotifyEvent.COMPLETION),
                end.notifications().stream().map(JobNotification::event).toList());
        assertTrue(book.tick(at(62), 1).slaBreaches().isEmpty());
    }

    @Test
    void aRunEndingWithinItsSlaMeetsIt() {
        JobRunBook book = new JobRunBook();
        book.accept(request("d-15", "daily", D15, "PT1H", null, CHAIN), at(0));
        book.tick(at(0), 1);
        book.complete("d-15", "a", 1, true, null, at(30));
        JobRunEffects end = book.complete("d-15", "b", 1, true, null, at(60));
        assertTrue(end.slaBreaches().isEmpty());
        assertEquals(SlaStatus.MET, end.ended().get(0).slaStatus());
    }

    @Test
    void skippedAndCancelledStepsAreRowsToWrite() {
        JobRunBook book = new JobRunBook();
        book.accept(request("s", "daily", D15, null, null, List.of(
                step("a", FailurePolicy.SKIP),
                step("b", FailurePolicy.HALT, "a"),
                step("c", FailurePolicy.HALT),
                step("d", FailurePolicy.HALT, "c"))), at(0));
        assertEquals(List.of("s-a-1", "s-c-1"), runIds(book.tick(at(0), 1)));
        book.complete("s", "a", 1, false, "[SQL_ERROR] boom", at(1));
        book.complete("s", "c", 1, false, "[INPUT_NOT_FOUND] gone", at(2));  // halt: d cancelled

        List<PipelineRunRecord> rows = book.get("s").orElseThrow().pendingPipelineRows();
        assertEquals(List.of(
                JobRunReport.notRun("shop", "s", "b", 1, RunStatus.SKIPPED, D15, null, at(1), null, JobRunReport.NOT_RUN_SKIPPED),
                JobRunReport.notRun("shop", "s", "d", 1, RunStatus.CANCELLED, D15, null, at(2), ErrorCategory.CANCELLED,
                        JobRunReport.NOT_RUN_HALTED)), rows);
        assertEquals(rows, reloaded(book).get("s").orElseThrow().pendingPipelineRows());
        book.recorded("s");
        assertTrue(book.get("s").isEmpty());
    }

    @Test
    void aRefusedLaunchFailsItsAttemptAndThePolicyAppliesAtOnce() {
        JobRunBook book = new JobRunBook();
        book.accept(request("r", "daily", D15, null, null, List.of(
                new JobStep("a", List.of(), FailurePolicy.RETRY, 1, Duration.ZERO, null))), at(0));
        PipelineLaunch first = book.tick(at(0), 1).launches().get(0);
        JobRunEffects retry = book.refuseLaunch(first, ErrorCategory.CONFIGURATION, "pipeline 'a' is not valid", at(0));
        assertEquals(List.of("r-a-2"), runIds(retry));
        JobRunEffects end = book.refuseLaunch(retry.launches().get(0), ErrorCategory.CONFIGURATION, "pipeline 'a' is not valid", at(0));
        assertEquals(RunStatus.FAILED, end.ended().get(0).status());
        assertEquals("[CONFIGURATION] pipeline 'a' is not valid", end.ended().get(0).failedPipelines().get(0).reason());
        assertEquals(List.of(RunStatus.FAILED, RunStatus.FAILED),
                book.get("r").orElseThrow().pendingPipelineRows().stream().map(PipelineRunRecord::status).toList());
        assertEquals(List.of("r-a-1", "r-a-2"),
                book.get("r").orElseThrow().pendingPipelineRows().stream().map(PipelineRunRecord::runId).toList());
    }

    @Test
    void cancellingAWaitingRunEndsItAtOnceAndARunningOneOnceItsRunsComplete() {
        JobRunBook book = new JobRunBook();
        book.accept(daily("d-15", D15), at(0));
        book.accept(daily("d-16", D16), at(0));
        book.tick(at(0), 1);

        JobRunEffects waiting = book.cancel("d-16", at(1));
        assertEquals(RunStatus.CANCELLED, waiting.ended().get(0).status());
        assertEquals(2, waiting.ended().get(0).counts().get(StepStatus.CANCELLED));

        JobRunEffects running = book.cancel("d-15", at(2));
        assertTrue(running.ended().isEmpty(), "a is still running");
        assertTrue(book.complete("d-15", "a", 1, true, null, at(3)).launches().isEmpty(), "b is not launched after a cancel");
        assertEquals(RunStatus.CANCELLED, book.get("d-15").orElseThrow().report(at(3)).status());
        assertEquals(Completion.UNKNOWN, book.cancel("nope", at(3)).completion());
    }

    @Test
    void unreadableStateEntriesAreKeptAndReported() {
        Map<String, String> state = new HashMap<>();
        state.put("run.broken", "{not json");
        state.put("stranger", "x");
        JobRunBook book = JobRunBook.fromState(state);
        assertEquals(2, book.unreadable().size());
        assertTrue(book.unreadable().get("run.broken").startsWith("not JSON"), book.unreadable().toString());
        book.accept(daily("d-15", D15), at(0));
        Map<String, String> saved = book.toState();
        assertEquals("{not json", saved.get("run.broken"));
        assertEquals("x", saved.get("stranger"));
        assertTrue(saved.containsKey("run.d-15"));
    }

    @Test
    void aRunEntryIsOneCompactValue() {
        JobRunBook book = new JobRunBook();
        // The retail_daily shape: six steps, three notifications.
        List<JobStep> steps = List.of(
                new JobStep("retail_sales_load", List.of(), FailurePolicy.RETRY, 3, Duration.ofMinutes(10), null),
                new JobStep("retail_reference_load", List.of(), FailurePolicy.RETRY, 3, Duration.ofMinutes(10), null),
                new JobStep("retail_sales_standardize", List.of("retail_sales_load", "retail_reference_load"), FailurePolicy.HALT, 0,
                        Duration.ZERO, null),
                new JobStep("retail_top_sales_per_city", List.of("retail_sales_standardize"), FailurePolicy.CONTINUE, 0, Duration.ZERO, null),
                new JobStep("retail_top_salesmen", List.of("retail_sales_standardize"), FailurePolicy.CONTINUE, 0, Duration.ZERO, null),
                new JobStep("retail_star_schema", List.of("retail_sales_standardize"), FailurePolicy.SKIP, 0, Duration.ZERO, null));
        book.accept(request("retail_daily-2026-01-15-0123abcd", "retail_daily", D15, "PT2H", at(0), steps), at(0));
        book.tick(at(0), 1);
        Map<String, String> state = book.toState();
        assertEquals(1, state.size());
        int size = state.values().iterator().next().length();
        assertTrue(size < 3000, "one entry of " + size + " characters");
    }
}
