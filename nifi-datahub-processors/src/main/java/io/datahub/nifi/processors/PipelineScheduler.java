package io.datahub.nifi.processors;

import static io.datahub.nifi.processors.DatahubAttributes.APP;
import static io.datahub.nifi.processors.DatahubAttributes.JOB_ID;
import static io.datahub.nifi.processors.DatahubAttributes.JOB_RUN_ID;
import static io.datahub.nifi.processors.DatahubAttributes.PIPELINE_ID;
import static io.datahub.nifi.processors.DatahubAttributes.RUN_DATE;
import static io.datahub.nifi.processors.DatahubAttributes.RUN_DUE;
import static io.datahub.nifi.processors.DatahubAttributes.RUN_ID;
import static io.datahub.nifi.processors.DatahubAttributes.SCHEDULE;
import static io.datahub.nifi.processors.DatahubAttributes.SLA;

import io.datahub.model.config.DefinitionFile;
import io.datahub.model.definition.LocatedText;
import io.datahub.model.definition.Metadata;
import io.datahub.model.schedule.CronSchedule;
import io.datahub.model.schedule.DueSlots;
import io.datahub.model.schedule.MissedSlots;
import io.datahub.model.schedule.ScheduleCursor;
import io.datahub.model.validation.ValidatedConfig;
import io.datahub.model.validation.ValidationError;
import io.datahub.nifi.services.PipelineRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.InputRequirement.Requirement;
import org.apache.nifi.annotation.behavior.PrimaryNodeOnly;
import org.apache.nifi.annotation.behavior.Stateful;
import org.apache.nifi.annotation.behavior.TriggerSerially;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.configuration.DefaultSchedule;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.lifecycle.OnScheduled;
import org.apache.nifi.components.DescribedValue;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.Validator;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.components.state.StateManager;
import org.apache.nifi.components.state.StateMap;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.processor.AbstractProcessor;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.exception.ProcessException;
import org.apache.nifi.processor.util.StandardValidators;

/**
 * Starts scheduled runs: for every job and pipeline of the registry with a {@code <schedule>}, one FlowFile per due slot.
 * The slot arithmetic is {@code datahub-model}'s {@link CronSchedule}; this class keeps one {@link ScheduleCursor} per
 * definition in cluster state and writes it before the FlowFiles are committed, so a slot is emitted at most once.
 */
@Tags({"datahub", "schedule", "cron", "job", "pipeline", "trigger"})
@CapabilityDescription("Emits a FlowFile for each due slot of the <schedule> (5-field cron) of every job and pipeline the Pipeline"
        + " Registry serves, evaluated in a configurable time zone: job runs to jobs (for JobPipelineRunner), pipeline runs to"
        + " pipelines (for XmlPipelineLoader). Each slot is emitted once, also across restarts: the last handled time per"
        + " definition is kept in cluster state and saved before the FlowFiles are committed. A schedule seen for the first"
        + " time, or changed, starts from now; slots missed while NiFi was down or the processor stopped are caught up once"
        + " (the most recent one) or skipped, by the Missed Slots property. Invalid definitions are not scheduled.")
@InputRequirement(Requirement.INPUT_FORBIDDEN)
@TriggerSerially
@PrimaryNodeOnly
@DefaultSchedule(period = "30 sec")
@Stateful(scopes = Scope.CLUSTER, description = "Per scheduled definition (key <job|pipeline>/<app>/<id>): up to when its slots were"
        + " handled, the last slot emitted, and the cron and time zone they were computed with. Clearing the state makes every"
        + " schedule start again from now.")
@SeeAlso(classNames = {"io.datahub.nifi.processors.XmlPipelineLoader", "io.datahub.nifi.services.StandardPipelineRegistry"})
@WritesAttributes({
    @WritesAttribute(attribute = APP, description = "The application."),
    @WritesAttribute(attribute = JOB_ID, description = "On jobs: the job to run."),
    @WritesAttribute(attribute = JOB_RUN_ID, description = "On jobs: <jobId>-<yyyyMMdd>T<HHmm><offset> of the slot in the Time Zone,"
            + " e.g. retail_daily-20260115T0330+0100: the same slot always gets the same id."),
    @WritesAttribute(attribute = PIPELINE_ID, description = "On pipelines: the pipeline to run."),
    @WritesAttribute(attribute = RUN_ID, description = "On pipelines: <pipelineId>-<yyyyMMdd>T<HHmm><offset> of the slot, as for jobs."),
    @WritesAttribute(attribute = RUN_DATE, description = "The slot's date in the Time Zone (yyyy-MM-dd)."),
    @WritesAttribute(attribute = RUN_DUE, description = "When the slot was due, as an ISO-8601 instant (e.g. 2026-01-15T02:30:00Z):"
            + " the time an SLA is measured from."),
    @WritesAttribute(attribute = SLA, description = "The definition's SLA (ISO-8601 duration), if it declares one."),
    @WritesAttribute(attribute = SCHEDULE, description = "The definition's schedule (cron).")
})
public class PipelineScheduler extends AbstractProcessor {

    /** Which definitions' schedules this processor runs. */
    public enum ScheduleKinds implements DescribedValue {
        JOBS_AND_PIPELINES("Jobs and Pipelines", "The schedules of jobs and of pipelines."),
        JOBS("Jobs", "Only the schedules of jobs."),
        PIPELINES("Pipelines", "Only the schedules of pipelines.");

        private final String displayName;
        private final String description;

        ScheduleKinds(final String displayName, final String description) {
            this.displayName = displayName;
            this.description = description;
        }

        @Override
        public String getValue() {
            return displayName;
        }

        @Override
        public String getDisplayName() {
            return displayName;
        }

        @Override
        public String getDescription() {
            return description;
        }

        boolean jobs() {
            return this != PIPELINES;
        }

        boolean pipelines() {
            return this != JOBS;
        }
    }

    /** The Missed Slots choices, over the model's {@link MissedSlots}. */
    public enum MissedSlotsOption implements DescribedValue {
        CATCH_UP_ONCE("Catch Up Once", "Emit the most recent missed slot, once; older missed slots are dropped.", MissedSlots.CATCH_UP_ONCE),
        SKIP("Skip", "Emit none of the missed slots; wait for the next slot.", MissedSlots.SKIP);

        private final String displayName;
        private final String description;
        private final MissedSlots policy;

        MissedSlotsOption(final String displayName, final String description, final MissedSlots policy) {
            this.displayName = displayName;
            this.description = description;
            this.policy = policy;
        }

        @Override
        public String getValue() {
            return displayName;
        }

        @Override
        public String getDisplayName() {
            return displayName;
        }

        @Override
        public String getDescription() {
            return description;
        }

        MissedSlots policy() {
            return policy;
        }
    }

    public static final PropertyDescriptor PIPELINE_REGISTRY = new PropertyDescriptor.Builder()
            .name("Pipeline Registry")
            .description("Serves the jobs and pipelines whose schedules are run; only valid definitions are scheduled.")
            .required(true)
            .identifiesControllerService(PipelineRegistry.class)
            .build();

    public static final PropertyDescriptor TIME_ZONE = new PropertyDescriptor.Builder()
            .name("Time Zone")
            .description("The time zone the cron expressions are read in, and the run date is the slot's date in: a region ID such as"
                    + " Europe/Berlin or America/New_York, or UTC. In a zone with daylight saving time, a slot in the hour skipped in"
                    + " spring fires when the hour ends, and a slot in the hour repeated in autumn fires once, the first time.")
            .required(true)
            .defaultValue("UTC")
            .addValidator(new ZoneIdValidator())
            .build();

    public static final PropertyDescriptor MISSED_SLOTS = new PropertyDescriptor.Builder()
            .name("Missed Slots")
            .description("What happens to slots that passed more than Missed After ago without being emitted (NiFi was down, the"
                    + " processor was stopped or ran late).")
            .required(true)
            .allowableValues(MissedSlotsOption.class)
            .defaultValue(MissedSlotsOption.CATCH_UP_ONCE)
            .build();

    public static final PropertyDescriptor MISSED_AFTER = new PropertyDescriptor.Builder()
            .name("Missed After")
            .description("A slot found due no later than this after its time is on time and always emitted; a later one counts as missed"
                    + " and follows Missed Slots. Keep it well above the Run Schedule.")
            .required(true)
            .defaultValue("5 min")
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    public static final PropertyDescriptor APPLICATIONS = new PropertyDescriptor.Builder()
            .name("Applications")
            .description("Comma-separated applications whose schedules are run; empty for all applications of the registry.")
            .required(false)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor SCHEDULE_KINDS = new PropertyDescriptor.Builder()
            .name("Schedule Kinds")
            .description("Whether the schedules of jobs, of pipelines or of both are run. A pipeline that also runs inside a scheduled"
                    + " job keeps its own schedule: choose Jobs to run pipelines only through their jobs.")
            .required(true)
            .allowableValues(ScheduleKinds.class)
            .defaultValue(ScheduleKinds.JOBS_AND_PIPELINES)
            .build();

    public static final Relationship REL_JOBS = new Relationship.Builder()
            .name("jobs")
            .description("One empty FlowFile per due slot of a job's schedule, naming the job run (datahub.app, datahub.job.id,"
                    + " datahub.job.run.id, datahub.run.date, datahub.run.due): connect it to JobPipelineRunner.")
            .build();

    public static final Relationship REL_PIPELINES = new Relationship.Builder()
            .name("pipelines")
            .description("One empty FlowFile per due slot of a pipeline's own schedule, naming the run (datahub.app,"
                    + " datahub.pipeline.id, datahub.run.id, datahub.run.date, datahub.run.due): connect it to XmlPipelineLoader.")
            .build();

    private static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(PIPELINE_REGISTRY, TIME_ZONE, MISSED_SLOTS, MISSED_AFTER,
            APPLICATIONS, SCHEDULE_KINDS);
    private static final Set<Relationship> RELATIONSHIPS = Set.of(REL_JOBS, REL_PIPELINES);

    static final String JOB = "job";
    static final String PIPELINE = "pipeline";

    /** The time source; tests replace it to move through days without waiting. */
    volatile Clock clock = Clock.systemUTC();

    /** What was warned about, by state key or application, so each problem raises one bulletin until it changes. */
    private final Map<String, String> warned = new ConcurrentHashMap<>();

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    @Override
    public Set<Relationship> getRelationships() {
        return RELATIONSHIPS;
    }

    @OnScheduled
    public void onScheduled(final ProcessContext context) {
        warned.clear();
    }

    /** A job or pipeline with a schedule. */
    private record Scheduled(String kind, String app, String id, Metadata metadata, List<ValidationError> errors) {

        String key() {
            return stateKey(kind, app, id);
        }

        String cron() {
            return metadata.schedule().text().strip();
        }

        Optional<String> sla() {
            final LocatedText sla = metadata.sla();
            return sla == null || sla.text().isBlank() ? Optional.empty() : Optional.of(sla.text().strip());
        }
    }

    /** One FlowFile to emit. */
    private record Emission(Scheduled definition, ZonedDateTime slot) {
    }

    static String stateKey(final String kind, final String app, final String id) {
        return kind + "/" + app + "/" + id;
    }

    @Override
    public void onTrigger(final ProcessContext context, final ProcessSession session) throws ProcessException {
        final PipelineRegistry registry = context.getProperty(PIPELINE_REGISTRY).asControllerService(PipelineRegistry.class);
        final ZoneId zone = ZoneId.of(context.getProperty(TIME_ZONE).getValue().strip());
        final MissedSlots policy = context.getProperty(MISSED_SLOTS).asAllowableValue(MissedSlotsOption.class).policy();
        final Duration missedAfter = Duration.ofMillis(context.getProperty(MISSED_AFTER).asTimePeriod(TimeUnit.MILLISECONDS));
        final ScheduleKinds kinds = context.getProperty(SCHEDULE_KINDS).asAllowableValue(ScheduleKinds.class);
        final Set<String> applications = applications(context.getProperty(APPLICATIONS).getValue());

        final ValidatedConfig config = registry.config();
        final Instant now = clock.instant();
        final StateManager stateManager = context.getStateManager();
        final StateMap stateMap;
        try {
            stateMap = stateManager.getState(Scope.CLUSTER);
        } catch (IOException e) {
            getLogger().error("Cannot read the schedules' state; nothing emitted, trying again later", e);
            context.yield();
            return;
        }
        final Map<String, String> oldState = stateMap.toMap();
        final Map<String, String> newState = new HashMap<>();
        final List<Emission> emissions = new ArrayList<>();

        warnAboutUnknownApplications(config, applications);
        for (final Scheduled definition : scheduled(config, kinds, applications)) {
            final String key = definition.key();
            if (!definition.errors().isEmpty()) {
                // Not scheduled, but its cursor is kept: once fixed, the slots missed meanwhile follow Missed Slots.
                warnOnce(key, definition.kind() + " '" + definition.id() + "' of application '" + definition.app() + "' is not scheduled"
                        + " while its definition has errors:\n" + String.join("\n", definition.errors().stream().map(ValidationError::format).toList()));
                if (oldState.containsKey(key)) {
                    newState.put(key, oldState.get(key));
                }
                continue;
            }
            warned.remove(key);
            final CronSchedule schedule = CronSchedule.parse(definition.cron(), zone);  // valid: the validator checked it the same way
            final Optional<ScheduleCursor> cursor = ScheduleCursor.parse(oldState.get(key)).filter(c -> c.appliesTo(definition.cron(), zone));
            if (cursor.isEmpty()) {
                getLogger().info("{} {}/{}: schedule {} {}; its slots after {} will be emitted", definition.kind(), definition.app(),
                        definition.id(), schedule, oldState.containsKey(key) ? "changed" : "seen for the first time", now);
                newState.put(key, new ScheduleCursor(now, null, zone, definition.cron()).format());
                continue;
            }
            final DueSlots due = schedule.due(cursor.get().handledUntil(), now, policy, missedAfter);
            reportMissed(definition, due, policy);
            due.emit().forEach(slot -> emissions.add(new Emission(definition, slot)));
            final Instant lastSlot = due.emit().isEmpty() ? cursor.get().lastSlot() : due.emit().getLast().toInstant();
            final Instant handledUntil = now.isAfter(cursor.get().handledUntil()) ? now : cursor.get().handledUntil();
            newState.put(key, new ScheduleCursor(handledUntil, lastSlot, zone, definition.cron()).format());
        }
        oldState.keySet().stream().filter(key -> !newState.containsKey(key))
                .forEach(key -> getLogger().info("{} is no longer scheduled (removed, or outside Applications or Schedule Kinds): its"
                        + " state is dropped", key));

        // The state goes first: a crash after it loses this trigger's FlowFiles (at most once) but never emits a slot twice.
        if (!newState.equals(oldState) && !saveState(context, stateManager, stateMap, newState)) {
            return;
        }
        if (emissions.isEmpty()) {
            return;
        }
        try {
            for (final Emission emission : emissions) {
                emit(session, emission, zone);
            }
        } catch (RuntimeException e) {
            session.rollback();
            reopen(stateManager, newState, oldState, e);
            throw e;
        }
        session.commitAsync(() -> { }, failure -> reopen(stateManager, newState, oldState, failure));
    }

    /** Writes the new state if nobody else changed it since it was read; false (nothing to emit) when it was not written. */
    private boolean saveState(final ProcessContext context, final StateManager stateManager, final StateMap read,
                              final Map<String, String> state) {
        try {
            // replace() is compare-and-set; a state never written has no version to compare with.
            final boolean saved = read.getStateVersion().isEmpty() ? setState(stateManager, state) : stateManager.replace(read, state, Scope.CLUSTER);
            if (!saved) {
                getLogger().warn("The schedules' state changed while this trigger ran (another node?); nothing emitted, trying again");
                context.yield();
            }
            return saved;
        } catch (IOException e) {
            getLogger().error("Cannot save the schedules' state; nothing emitted, trying again later", e);
            context.yield();
            return false;
        }
    }

    private static boolean setState(final StateManager stateManager, final Map<String, String> state) throws IOException {
        stateManager.setState(state, Scope.CLUSTER);
        return true;
    }

    /** The FlowFiles were not committed: put the state back, so their slots are due again on the next trigger. */
    private void reopen(final StateManager stateManager, final Map<String, String> written, final Map<String, String> previous,
                        final Throwable failure) {
        try {
            final StateMap current = stateManager.getState(Scope.CLUSTER);
            if (current.toMap().equals(written) && stateManager.replace(current, previous, Scope.CLUSTER)) {
                getLogger().warn("Emitting the due slots failed; their state was put back so they are emitted on a later trigger", failure);
                return;
            }
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
        getLogger().error("Emitting the due slots failed and their state could not be put back: these slots are not emitted", failure);
    }

    private void emit(final ProcessSession session, final Emission emission, final ZoneId zone) {
        final Scheduled definition = emission.definition();
        final ZonedDateTime slot = emission.slot();
        final String runId = CronSchedule.runId(definition.id(), slot);
        final Map<String, String> attributes = new HashMap<>();
        attributes.put(APP, definition.app());
        attributes.put(RUN_DATE, slot.toLocalDate().toString());
        attributes.put(RUN_DUE, slot.toInstant().toString());
        attributes.put(SCHEDULE, definition.cron());
        definition.sla().ifPresent(sla -> attributes.put(SLA, sla));
        final Relationship relationship;
        if (JOB.equals(definition.kind())) {
            attributes.put(JOB_ID, definition.id());
            attributes.put(JOB_RUN_ID, runId);
            relationship = REL_JOBS;
        } else {
            attributes.put(PIPELINE_ID, definition.id());
            attributes.put(RUN_ID, runId);
            relationship = REL_PIPELINES;
        }
        FlowFile flowFile = session.create();
        flowFile = session.putAllAttributes(flowFile, attributes);
        session.getProvenanceReporter().create(flowFile, definition.kind() + " " + definition.app() + "/" + definition.id() + " run " + runId
                + ": slot " + slot + " of schedule '" + definition.cron() + "' in " + zone);
        session.transfer(flowFile, relationship);
        getLogger().info("{} {}/{}: slot {} due, run {}", definition.kind(), definition.app(), definition.id(), slot, runId);
    }

    private void reportMissed(final Scheduled definition, final DueSlots due, final MissedSlots policy) {
        if (!due.missedAny()) {
            return;
        }
        final String which = definition.kind() + " " + definition.app() + "/" + definition.id();
        final String range = due.oldestMissed().equals(due.latestMissed()) ? "slot " + due.latestMissed()
                : "slots from " + due.oldestMissed() + " to " + due.latestMissed();
        if (policy == MissedSlots.SKIP) {
            getLogger().warn("{}: missed {}, skipped (Missed Slots: Skip)", which, range);
        } else if (due.oldestMissed().equals(due.latestMissed())) {
            getLogger().info("{}: missed {}, caught up now", which, range);
        } else {
            getLogger().warn("{}: missed {}; catching up {} once, the older ones are not run", which, range, due.latestMissed());
        }
    }

    /** The jobs and pipelines with a schedule, of the chosen kinds and applications, in a stable order. */
    private static List<Scheduled> scheduled(final ValidatedConfig config, final ScheduleKinds kinds, final Set<String> applications) {
        final List<Scheduled> scheduled = new ArrayList<>();
        if (kinds.jobs()) {
            config.jobs().forEach((app, jobs) -> jobs.forEach((id, job) -> add(scheduled, config, applications, JOB, app, id, job,
                    job.metadata())));
        }
        if (kinds.pipelines()) {
            config.pipelines().forEach((app, pipelines) -> pipelines.forEach((id, pipeline) -> add(scheduled, config, applications, PIPELINE,
                    app, id, pipeline, pipeline.metadata())));
        }
        scheduled.sort(Comparator.comparing(Scheduled::key));
        return scheduled;
    }

    private static void add(final List<Scheduled> scheduled, final ValidatedConfig config, final Set<String> applications, final String kind,
                            final String app, final String id, final Object definition, final Metadata metadata) {
        if (!applications.isEmpty() && !applications.contains(app)) {
            return;
        }
        if (metadata == null || metadata.schedule() == null || metadata.schedule().text().isBlank()) {
            return;
        }
        final DefinitionFile file = config.fileOf(definition);
        scheduled.add(new Scheduled(kind, app, id, metadata, file == null ? List.of() : config.errorsOf(file.path())));
    }

    private void warnAboutUnknownApplications(final ValidatedConfig config, final Set<String> applications) {
        for (final String app : applications) {
            final String key = "application/" + app;
            if (config.pipelines().containsKey(app) || config.jobs().containsKey(app)) {
                warned.remove(key);
            } else {
                warnOnce(key, "Applications names '" + app + "', which has no pipelines or jobs in the registry (applications: "
                        + String.join(", ", new TreeSet<>(union(config.pipelines().keySet(), config.jobs().keySet()))) + ")");
            }
        }
    }

    private static Set<String> union(final Set<String> a, final Set<String> b) {
        final Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return all;
    }

    private void warnOnce(final String key, final String message) {
        if (!message.equals(warned.put(key, message))) {
            getLogger().warn("{}", message);
        }
    }

    private static Set<String> applications(final String value) {
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** A time zone ID java.time knows. */
    static final class ZoneIdValidator implements Validator {
        @Override
        public ValidationResult validate(final String subject, final String input, final ValidationContext context) {
            boolean valid;
            try {
                ZoneId.of(input.strip());
                valid = true;
            } catch (DateTimeException e) {
                valid = false;
            }
            return new ValidationResult.Builder().subject(subject).input(input).valid(valid)
                    .explanation(valid ? "a time zone" : "'" + input + "' is not a time zone ID (a region such as Europe/Berlin or"
                            + " America/New_York, or UTC)")
                    .build();
        }
    }
}
