package io.datahub.nifi.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datahub.model.run.RunRequest;
import io.datahub.model.testing.MutableClock;
import io.datahub.model.testing.TestFiles;
import io.datahub.nifi.services.StandardPipelineRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.provenance.ProvenanceEventRecord;
import org.apache.nifi.provenance.ProvenanceEventType;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.LogMessage;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.MockProcessContext;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PipelineScheduler over a real StandardPipelineRegistry on a copy of the sample config, whose scheduled definitions are
 * the job customer_master ({@code 0 2 * * *}, SLA PT3H), the pipeline customer_staging_load ({@code 0 * * * *}, SLA PT2H)
 * and the job retail_daily ({@code 30 3 * * *}, SLA PT2H). The processor's clock is moved by hand: no waiting.
 */
class PipelineSchedulerTest {

    private static final String MASTER_KEY = "job/customer/customer_master";
    private static final String LOAD_KEY = "pipeline/customer/customer_staging_load";
    private static final String RETAIL_KEY = "job/retail/retail_daily";

    @TempDir
    Path temp;

    private Path config;
    private Path masterFile;

    /** A scheduler instance with its runner and clock; a new one over the same state is a NiFi restart. */
    private final class Scheduler {
        final MutableClock clock;
        final TestRunner runner;
        private boolean started;

        Scheduler(final String now) throws InitializationException {
            final PipelineScheduler processor = new PipelineScheduler();
            clock = MutableClock.at(now);
            processor.clock = clock;
            runner = TestRunners.newTestRunner(processor);
            final StandardPipelineRegistry registry = new StandardPipelineRegistry();
            runner.addControllerService("registry", registry);
            runner.setProperty(registry, StandardPipelineRegistry.CONFIG_DIRECTORY, config.toString());
            runner.setProperty(registry, StandardPipelineRegistry.DATA_ROOT, "/data/datahub");
            runner.setProperty(registry, StandardPipelineRegistry.RELOAD_INTERVAL, "0 sec");
            runner.enableControllerService(registry);
            runner.setProperty(PipelineScheduler.PIPELINE_REGISTRY, "registry");
        }

        /** A restart: a new processor instance whose state is this one's. */
        Scheduler restart(final String now) throws IOException, InitializationException {
            final Scheduler next = new Scheduler(now);
            runner.getProcessContext().getProperties().forEach((descriptor, value) -> {
                if (!descriptor.equals(PipelineScheduler.PIPELINE_REGISTRY) && value != null) {
                    next.runner.setProperty(descriptor, value);
                }
            });
            next.runner.getStateManager().setState(state(), Scope.CLUSTER);
            return next;
        }

        Scheduler set(final PropertyValue... properties) {
            for (final PropertyValue property : properties) {
                runner.setProperty(property.descriptor(), property.value());
            }
            return this;
        }

        /** One trigger at {@code instant}, the processor staying scheduled between triggers. */
        void trigger(final String instant) {
            clock.set(instant);
            runner.run(1, false, !started);
            started = true;
        }

        List<MockFlowFile> jobs() {
            return runner.getFlowFilesForRelationship(PipelineScheduler.REL_JOBS);
        }

        List<MockFlowFile> pipelines() {
            return runner.getFlowFilesForRelationship(PipelineScheduler.REL_PIPELINES);
        }

        Map<String, String> state() throws IOException {
            return runner.getStateManager().getState(Scope.CLUSTER).toMap();
        }

        List<String> warnings() {
            return runner.getLogger().getWarnMessages().stream().map(LogMessage::getMsg).toList();
        }
    }

    private record PropertyValue(org.apache.nifi.components.PropertyDescriptor descriptor, String value) {
    }

    private static PropertyValue property(final org.apache.nifi.components.PropertyDescriptor descriptor, final String value) {
        return new PropertyValue(descriptor, value);
    }

    @BeforeEach
    void copySampleConfig() throws IOException {
        config = TestFiles.copyTree(XmlPipelineLoaderTest.SAMPLE_CONFIG, temp.resolve("config"));
        masterFile = config.resolve("applications/customer/staging/jobs/customer_master.xml");
    }

    /** The datahub.* attributes of a FlowFile. */
    private static Map<String, String> datahub(final MockFlowFile flowFile) {
        return flowFile.getAttributes().entrySet().stream().filter(e -> e.getKey().startsWith("datahub."))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    }

    private static Map<String, String> masterRun(final String runDate, final String due, final String runId) {
        return new TreeMap<>(Map.of("datahub.app", "customer", "datahub.job.id", "customer_master", "datahub.job.run.id", runId,
                "datahub.run.date", runDate, "datahub.run.due", due, "datahub.sla", "PT3H", "datahub.schedule", "0 2 * * *"));
    }

    private static Map<String, String> loadRun(final String runDate, final String due, final String runId) {
        return new TreeMap<>(Map.of("datahub.app", "customer", "datahub.pipeline.id", "customer_staging_load", "datahub.run.id", runId,
                "datahub.run.date", runDate, "datahub.run.due", due, "datahub.sla", "PT2H", "datahub.schedule", "0 * * * *"));
    }

    /** Rewrites a file's schedule, with a modification time the registry cannot miss. */
    private static void replaceSchedule(final Path file, final String from, final String to) throws IOException {
        final String xml = Files.readString(file);
        assertTrue(xml.contains("<schedule>" + from + "</schedule>"), file.toString());
        Files.writeString(file, xml.replace("<schedule>" + from + "</schedule>", "<schedule>" + to + "</schedule>"));
        Files.setLastModifiedTime(file, FileTime.from(Files.getLastModifiedTime(file).toInstant().plusSeconds(10)));
    }

    /** A scheduler for the customer application that has seen its schedules at 01:59:30 and emitted the 02:00 slots at 02:00:10. */
    private Scheduler customerAfterTheFirstSlot() throws InitializationException {
        final Scheduler scheduler = new Scheduler("2026-01-05T01:59:30Z").set(property(PipelineScheduler.APPLICATIONS, "customer"));
        scheduler.trigger("2026-01-05T01:59:30Z");
        scheduler.trigger("2026-01-05T02:00:10Z");
        assertEquals(1, scheduler.jobs().size());
        assertEquals(1, scheduler.pipelines().size());
        return scheduler;
    }

    @Test
    void emitsADueSlotOncePerDefinitionWithTheRunAttributes() throws Exception {
        final Scheduler scheduler = new Scheduler("2026-01-05T01:59:30Z").set(property(PipelineScheduler.APPLICATIONS, "customer"));
        scheduler.trigger("2026-01-05T01:59:30Z");
        assertEquals(List.of(), scheduler.jobs());
        assertEquals(List.of(), scheduler.pipelines());
        assertEquals(Map.of(MASTER_KEY, "handledUntil=2026-01-05T01:59:30Z;lastSlot=;zone=UTC;cron=0 2 * * *",
                LOAD_KEY, "handledUntil=2026-01-05T01:59:30Z;lastSlot=;zone=UTC;cron=0 * * * *"), scheduler.state());

        scheduler.trigger("2026-01-05T02:00:10Z");
        assertEquals(1, scheduler.jobs().size());
        assertEquals(1, scheduler.pipelines().size());
        final MockFlowFile job = scheduler.jobs().get(0);
        assertEquals(masterRun("2026-01-05", "2026-01-05T02:00:00Z", "customer_master-20260105T0200+0000"), datahub(job));
        job.assertContentEquals(new byte[0]);
        final MockFlowFile pipeline = scheduler.pipelines().get(0);
        assertEquals(loadRun("2026-01-05", "2026-01-05T02:00:00Z", "customer_staging_load-20260105T0200+0000"), datahub(pipeline));
        pipeline.assertContentEquals(new byte[0]);
        assertEquals(Map.of(MASTER_KEY, "handledUntil=2026-01-05T02:00:10Z;lastSlot=2026-01-05T02:00:00Z;zone=UTC;cron=0 2 * * *",
                LOAD_KEY, "handledUntil=2026-01-05T02:00:10Z;lastSlot=2026-01-05T02:00:00Z;zone=UTC;cron=0 * * * *"), scheduler.state());

        final List<ProvenanceEventRecord> events = scheduler.runner.getProvenanceEvents();
        assertEquals(List.of(ProvenanceEventType.CREATE, ProvenanceEventType.CREATE), events.stream().map(ProvenanceEventRecord::getEventType).toList());
        assertTrue(events.stream().anyMatch(e -> e.getDetails().equals("job customer/customer_master run customer_master-20260105T0200+0000:"
                + " slot 2026-01-05T02:00Z[UTC] of schedule '0 2 * * *' in UTC")), events.toString());
        assertEquals(List.of(), scheduler.warnings());
        assertEquals(List.of(), scheduler.runner.getLogger().getErrorMessages());
    }

    @Test
    void nothingIsEmittedTwiceOverRepeatedTriggers() throws Exception {
        final Scheduler scheduler = customerAfterTheFirstSlot();
        for (final String now : List.of("2026-01-05T02:00:10Z", "2026-01-05T02:00:40Z", "2026-01-05T02:30:00Z", "2026-01-05T02:59:59Z")) {
            scheduler.trigger(now);
        }
        assertEquals(1, scheduler.jobs().size());
        assertEquals(1, scheduler.pipelines().size());

        scheduler.trigger("2026-01-05T03:00:05Z");
        scheduler.trigger("2026-01-05T03:00:35Z");
        assertEquals(1, scheduler.jobs().size());
        assertEquals(2, scheduler.pipelines().size());
        assertEquals(loadRun("2026-01-05", "2026-01-05T03:00:00Z", "customer_staging_load-20260105T0300+0000"),
                datahub(scheduler.pipelines().get(1)));
    }

    @Test
    void aRestartOverTheSameStateDoesNotEmitAgain() throws Exception {
        final Scheduler before = customerAfterTheFirstSlot();
        final Scheduler after = before.restart("2026-01-05T02:00:40Z");
        after.trigger("2026-01-05T02:00:40Z");
        after.trigger("2026-01-05T02:01:10Z");
        assertEquals(List.of(), after.jobs());
        assertEquals(List.of(), after.pipelines());

        after.trigger("2026-01-05T03:00:05Z");
        assertEquals(List.of(), after.jobs());
        assertEquals(1, after.pipelines().size());
        assertEquals("2026-01-05T03:00:00Z", after.pipelines().get(0).getAttribute("datahub.run.due"));
    }

    @Test
    void afterDowntimeTheMostRecentMissedSlotIsCaughtUpOnce() throws Exception {
        final Scheduler after = customerAfterTheFirstSlot().restart("2026-01-07T05:10:00Z");
        after.trigger("2026-01-07T05:10:00Z");
        after.trigger("2026-01-07T05:10:30Z");

        assertEquals(1, after.jobs().size());
        assertEquals(masterRun("2026-01-07", "2026-01-07T02:00:00Z", "customer_master-20260107T0200+0000"), datahub(after.jobs().get(0)));
        assertEquals(1, after.pipelines().size());
        assertEquals(loadRun("2026-01-07", "2026-01-07T05:00:00Z", "customer_staging_load-20260107T0500+0000"),
                datahub(after.pipelines().get(0)));
        assertEquals(List.of(
                "job customer/customer_master: missed slots from 2026-01-06T02:00Z[UTC] to 2026-01-07T02:00Z[UTC]; catching up"
                        + " 2026-01-07T02:00Z[UTC] once, the older ones are not run",
                "pipeline customer/customer_staging_load: missed slots from 2026-01-05T03:00Z[UTC] to 2026-01-07T05:00Z[UTC]; catching up"
                        + " 2026-01-07T05:00Z[UTC] once, the older ones are not run"),
                after.warnings().stream().map(PipelineSchedulerTest::withoutComponent).toList());
        assertEquals("handledUntil=2026-01-07T05:10:30Z;lastSlot=2026-01-07T02:00:00Z;zone=UTC;cron=0 2 * * *", after.state().get(MASTER_KEY));
    }

    @Test
    void skipEmitsNoneOfTheMissedSlotsAndWaitsForTheNext() throws Exception {
        final Scheduler after = customerAfterTheFirstSlot().restart("2026-01-07T05:10:00Z")
                .set(property(PipelineScheduler.MISSED_SLOTS, "Skip"));
        after.trigger("2026-01-07T05:10:00Z");
        assertEquals(List.of(), after.jobs());
        assertEquals(List.of(), after.pipelines());
        assertEquals(List.of(
                "job customer/customer_master: missed slots from 2026-01-06T02:00Z[UTC] to 2026-01-07T02:00Z[UTC], skipped (Missed Slots: Skip)",
                "pipeline customer/customer_staging_load: missed slots from 2026-01-05T03:00Z[UTC] to 2026-01-07T05:00Z[UTC], skipped"
                        + " (Missed Slots: Skip)"),
                after.warnings().stream().map(PipelineSchedulerTest::withoutComponent).toList());

        after.trigger("2026-01-07T06:00:20Z");
        assertEquals(List.of(), after.jobs());
        assertEquals(1, after.pipelines().size());
        assertEquals("2026-01-07T06:00:00Z", after.pipelines().get(0).getAttribute("datahub.run.due"));

        after.trigger("2026-01-08T02:00:30Z");
        assertEquals(1, after.jobs().size());
        assertEquals(masterRun("2026-01-08", "2026-01-08T02:00:00Z", "customer_master-20260108T0200+0000"), datahub(after.jobs().get(0)));
    }

    @Test
    void aSlotFoundWithinMissedAfterIsOnTimeUnderSkip() throws Exception {
        final Scheduler after = customerAfterTheFirstSlot().restart("2026-01-05T03:04:00Z")
                .set(property(PipelineScheduler.MISSED_SLOTS, "Skip"));
        after.trigger("2026-01-05T03:04:00Z");  // 4 minutes late, Missed After is 5 minutes
        assertEquals(1, after.pipelines().size());
        assertEquals("2026-01-05T03:00:00Z", after.pipelines().get(0).getAttribute("datahub.run.due"));
        assertEquals(List.of(), after.warnings());
    }

    @Test
    void aChangedScheduleStartsAgainFromNow() throws Exception {
        final Scheduler scheduler = customerAfterTheFirstSlot().set(property(PipelineScheduler.SCHEDULE_KINDS, "Jobs"));
        replaceSchedule(masterFile, "0 2 * * *", "0 4 * * *");
        // 04:00 of the new schedule lies between the last trigger and now, but the schedule changed: not emitted.
        scheduler.trigger("2026-01-05T04:02:00Z");
        assertEquals(1, scheduler.jobs().size());
        assertEquals(Map.of(MASTER_KEY, "handledUntil=2026-01-05T04:02:00Z;lastSlot=;zone=UTC;cron=0 4 * * *"), scheduler.state());

        scheduler.trigger("2026-01-06T04:00:30Z");
        assertEquals(2, scheduler.jobs().size());
        assertEquals("2026-01-06T04:00:00Z", scheduler.jobs().get(1).getAttribute("datahub.run.due"));
        assertEquals("customer_master-20260106T0400+0000", scheduler.jobs().get(1).getAttribute("datahub.job.run.id"));
    }

    @Test
    void aChangedTimeZoneStartsAgainFromNow() throws Exception {
        final Scheduler after = customerAfterTheFirstSlot().restart("2026-01-06T00:30:00Z")
                .set(property(PipelineScheduler.TIME_ZONE, "Europe/Berlin"), property(PipelineScheduler.SCHEDULE_KINDS, "Jobs"));
        after.trigger("2026-01-06T00:30:00Z");
        assertEquals(Map.of(MASTER_KEY, "handledUntil=2026-01-06T00:30:00Z;lastSlot=;zone=Europe/Berlin;cron=0 2 * * *"), after.state());

        after.trigger("2026-01-06T01:00:05Z");  // 02:00 CET
        assertEquals(1, after.jobs().size());
        assertEquals(masterRun("2026-01-06", "2026-01-06T01:00:00Z", "customer_master-20260106T0200+0100"), datahub(after.jobs().get(0)));
    }

    @Test
    void aRemovedDefinitionLosesItsState() throws Exception {
        final Scheduler scheduler = new Scheduler("2026-01-05T01:00:00Z").set(property(PipelineScheduler.SCHEDULE_KINDS, "Jobs"));
        scheduler.trigger("2026-01-05T01:00:00Z");
        assertEquals(List.of(MASTER_KEY, RETAIL_KEY), scheduler.state().keySet().stream().sorted().toList());

        Files.delete(config.resolve("applications/retail/service/jobs/retail_daily.xml"));
        scheduler.trigger("2026-01-05T01:00:30Z");
        assertEquals(List.of(MASTER_KEY), List.copyOf(scheduler.state().keySet()));
    }

    @Test
    void anInvalidDefinitionIsNotScheduledWarnsOnceAndKeepsItsPlace() throws Exception {
        final Scheduler scheduler = customerAfterTheFirstSlot().set(property(PipelineScheduler.SCHEDULE_KINDS, "Jobs"));
        final String kept = scheduler.state().get(MASTER_KEY);
        replaceSchedule(masterFile, "0 2 * * *", "0 25 * * *");
        scheduler.trigger("2026-01-06T01:00:00Z");
        scheduler.trigger("2026-01-06T02:00:30Z");
        assertEquals(1, scheduler.jobs().size(), "nothing emitted while invalid");
        assertEquals(Map.of(MASTER_KEY, kept), scheduler.state());
        // The validator locates metadata errors at the end of the <metadata> start tag ("  <metadata>": column 13).
        final int metadataLine = Files.readAllLines(masterFile).indexOf("  <metadata>") + 1;
        assertEquals(List.of("job 'customer_master' of application 'customer' is not scheduled while its definition has errors:\n"
                        + masterFile + ":" + metadataLine + ":13: schedule '0 25 * * *' is not a 5-field cron expression (minute hour day-of-month month"
                        + " day-of-week): Failed to parse cron expression. Value 25 not in range [0, 23]"),
                scheduler.warnings().stream().map(PipelineSchedulerTest::withoutComponent).toList());

        // Fixed an hour after its 02:00 slot: that slot was missed while invalid and is caught up once.
        replaceSchedule(masterFile, "0 25 * * *", "0 2 * * *");
        scheduler.trigger("2026-01-06T03:00:00Z");
        assertEquals(2, scheduler.jobs().size());
        assertEquals(masterRun("2026-01-06", "2026-01-06T02:00:00Z", "customer_master-20260106T0200+0000"), datahub(scheduler.jobs().get(1)));
    }

    @Test
    void applicationsAndScheduleKindsChooseTheDefinitions() throws Exception {
        final Scheduler scheduler = new Scheduler("2026-01-05T01:00:00Z").set(property(PipelineScheduler.APPLICATIONS, "retail, retial"),
                property(PipelineScheduler.SCHEDULE_KINDS, "Pipelines"));
        scheduler.trigger("2026-01-05T01:00:00Z");
        scheduler.trigger("2026-01-05T01:00:30Z");
        assertEquals(Map.of(), scheduler.state(), "retail has no scheduled pipelines");
        assertEquals(List.of("Applications names 'retial', which has no pipelines or jobs in the registry (applications: customer, retail)"),
                scheduler.warnings().stream().map(PipelineSchedulerTest::withoutComponent).toList());

        scheduler.set(property(PipelineScheduler.SCHEDULE_KINDS, "Jobs and Pipelines"));
        scheduler.trigger("2026-01-05T03:00:00Z");
        scheduler.trigger("2026-01-05T03:30:10Z");
        assertEquals(1, scheduler.jobs().size());
        assertEquals(new TreeMap<>(Map.of("datahub.app", "retail", "datahub.job.id", "retail_daily", "datahub.job.run.id",
                "retail_daily-20260105T0330+0000", "datahub.run.date", "2026-01-05", "datahub.run.due", "2026-01-05T03:30:00Z",
                "datahub.sla", "PT2H", "datahub.schedule", "30 3 * * *")), datahub(scheduler.jobs().get(0)));
        assertEquals(List.of(), scheduler.pipelines());
    }

    @Test
    void whenTheStateCannotBeSavedNothingIsEmittedAndTheSlotStaysDue() throws Exception {
        final Scheduler scheduler = new Scheduler("2026-01-05T01:59:30Z").set(property(PipelineScheduler.APPLICATIONS, "customer"),
                property(PipelineScheduler.SCHEDULE_KINDS, "Jobs"));
        scheduler.trigger("2026-01-05T01:59:30Z");
        scheduler.runner.getStateManager().setFailOnStateSet(Scope.CLUSTER, true);
        scheduler.trigger("2026-01-05T02:00:10Z");
        assertEquals(List.of(), scheduler.jobs());
        assertEquals(1, scheduler.runner.getLogger().getErrorMessages().size());
        assertTrue(scheduler.runner.getLogger().getErrorMessages().get(0).getMsg().contains("Cannot save the schedules' state; nothing emitted"));

        scheduler.runner.getStateManager().setFailOnStateSet(Scope.CLUSTER, false);
        scheduler.trigger("2026-01-05T02:00:40Z");
        assertEquals(1, scheduler.jobs().size());
        assertEquals("2026-01-05T02:00:00Z", scheduler.jobs().get(0).getAttribute("datahub.run.due"));
    }

    @Test
    void aScheduledPipelineRunIsLoadedByXmlPipelineLoaderWithItsRunIdAndDate() throws Exception {
        final Scheduler scheduler = customerAfterTheFirstSlot();
        final MockFlowFile scheduled = scheduler.pipelines().get(0);

        final TestRunner loader = XmlPipelineLoaderTest.loader(config, "30 sec");
        loader.setProperty(XmlPipelineLoader.RUN_DATE_PROPERTY, "2020-01-01");
        loader.enqueue(new byte[0], datahub(scheduled));
        loader.run();
        loader.assertAllFlowFilesTransferred(XmlPipelineLoader.REL_VALID, 1);
        final MockFlowFile loaded = loader.getFlowFilesForRelationship(XmlPipelineLoader.REL_VALID).get(0);
        loaded.assertAttributeEquals("datahub.run.id", "customer_staging_load-20260105T0200+0000");
        loaded.assertAttributeEquals("datahub.run.date", "2026-01-05");
        loaded.assertAttributeEquals("datahub.run.due", "2026-01-05T02:00:00Z");
        final RunRequest request = RunRequest.fromJson(loaded.getContent());
        assertEquals("customer_staging_load-20260105T0200+0000", request.runId());
        assertEquals(java.time.LocalDate.of(2026, 1, 5), request.runDate());
    }

    @Test
    void anUnknownTimeZoneMakesTheProcessorInvalid() throws Exception {
        final Scheduler scheduler = new Scheduler("2026-01-05T01:00:00Z").set(property(PipelineScheduler.TIME_ZONE, "Europe/Berlinn"));
        scheduler.runner.assertNotValid();
        final List<ValidationResult> results = ((MockProcessContext) scheduler.runner.getProcessContext()).validate().stream()
                .filter(r -> !r.isValid()).toList();
        assertEquals(1, results.size(), results.toString());
        assertEquals("Time Zone", results.get(0).getSubject());
        assertEquals("'Europe/Berlinn' is not a time zone ID (a region such as Europe/Berlin or America/New_York, or UTC)",
                results.get(0).getExplanation());

        scheduler.set(property(PipelineScheduler.TIME_ZONE, "America/New_York"));
        scheduler.runner.assertValid();
    }

    @Test
    void relationshipsAndDefaults() {
        final TestRunner runner = TestRunners.newTestRunner(PipelineScheduler.class);
        assertEquals(List.of("jobs", "pipelines"), runner.getProcessor().getRelationships().stream().map(Relationship::getName).sorted().toList());
        assertEquals("UTC", PipelineScheduler.TIME_ZONE.getDefaultValue());
        assertEquals("Catch Up Once", PipelineScheduler.MISSED_SLOTS.getDefaultValue());
        assertEquals("5 min", PipelineScheduler.MISSED_AFTER.getDefaultValue());
        assertEquals("Jobs and Pipelines", PipelineScheduler.SCHEDULE_KINDS.getDefaultValue());
    }

    /** A log message without the "PipelineScheduler[id=...] " prefix the mock logger adds. */
    private static String withoutComponent(final String message) {
        final int at = message.indexOf("] ");
        return message.startsWith("PipelineScheduler[") && at > 0 ? message.substring(at + 2) : message;
    }
}
