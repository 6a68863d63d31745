package io.datahub.nifi.processors;

import static io.datahub.nifi.processors.DatahubAttributes.APP;
import static io.datahub.nifi.processors.DatahubAttributes.ATTEMPT;
import static io.datahub.nifi.processors.DatahubAttributes.ERROR_CATEGORY;
import static io.datahub.nifi.processors.DatahubAttributes.ERROR_MESSAGE;
import static io.datahub.nifi.processors.DatahubAttributes.FILENAME;
import static io.datahub.nifi.processors.DatahubAttributes.JOB_ACTION;
import static io.datahub.nifi.processors.DatahubAttributes.JOB_FAILED_PIPELINES;
import static io.datahub.nifi.processors.DatahubAttributes.JOB_ID;
import static io.datahub.nifi.processors.DatahubAttributes.JOB_RUN_ID;
import static io.datahub.nifi.processors.DatahubAttributes.JOB_STATUS;
import static io.datahub.nifi.processors.DatahubAttributes.JOB_VERSION;
import static io.datahub.nifi.processors.DatahubAttributes.MIME_TYPE;
import static io.datahub.nifi.processors.DatahubAttributes.NOTIFY_CHANNEL;
import static io.datahub.nifi.processors.DatahubAttributes.NOTIFY_EVENT;
import static io.datahub.nifi.processors.DatahubAttributes.NOTIFY_SUBJECT;
import static io.datahub.nifi.processors.DatahubAttributes.NOTIFY_TO;
import static io.datahub.nifi.processors.DatahubAttributes.NOTIFY_URL;
import static io.datahub.nifi.processors.DatahubAttributes.NOTIFY_URL_SECRET_REF;
import static io.datahub.nifi.processors.DatahubAttributes.PARAM_PREFIX;
import static io.datahub.nifi.processors.DatahubAttributes.PIPELINE_ID;
import static io.datahub.nifi.processors.DatahubAttributes.RUN_DATE;
import static io.datahub.nifi.processors.DatahubAttributes.RUN_DUE;
import static io.datahub.nifi.processors.DatahubAttributes.RUN_STATUS;
import static io.datahub.nifi.processors.DatahubAttributes.SLA_STATUS;

import io.datahub.model.config.DefinitionFile;
import io.datahub.model.definition.JobPipelineDefinition;
import io.datahub.model.history.RunHistoryException;
import io.datahub.model.job.JobParameters;
import io.datahub.model.job.JobRunIds;
import io.datahub.model.job.JobRunReport;
import io.datahub.model.job.JobStep;
import io.datahub.model.jobrun.JobRunBook;
import io.datahub.model.jobrun.JobRunEffects;
import io.datahub.model.jobrun.JobRunRequest;
import io.datahub.model.jobrun.PipelineLaunch;
import io.datahub.model.jobrun.TrackedJobRun;
import io.datahub.model.notify.JobNotifications.JobNotification;
import io.datahub.model.notify.NotificationTarget;
import io.datahub.model.run.ErrorCategory;
import io.datahub.model.run.RunStatus;
import io.datahub.model.validation.ValidatedConfig;
import io.datahub.model.validation.ValidationError;
import io.datahub.nifi.services.PipelineRegistry;
import io.datahub.nifi.services.PropertyMigrations;
import io.datahub.nifi.services.RunHistoryStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.InputRequirement.Requirement;
import org.apache.nifi.annotation.behavior.ReadsAttribute;
import org.apache.nifi.annotation.behavior.ReadsAttributes;
import org.apache.nifi.annotation.behavior.Stateful;
import org.apache.nifi.annotation.behavior.TriggerSerially;
import org.apache.nifi.annotation.behavior.TriggerWhenEmpty;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.configuration.DefaultSchedule;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.MultiProcessorUseCase;
import org.apache.nifi.annotation.documentation.ProcessorConfiguration;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.documentation.UseCase;
import org.apache.nifi.annotation.lifecycle.OnScheduled;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.Validator;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.components.state.StateMap;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.migration.PropertyConfiguration;
import org.apache.nifi.processor.AbstractProcessor;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.VerifiableProcessor;
import org.apache.nifi.processor.exception.ProcessException;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.scheduling.SchedulingStrategy;

/**
 * Runs job pipelines: a thin adapter over {@code datahub-model}'s {@link JobRunBook} (the planner of every job run, their
 * concurrency slots, retries and SLA watch), which lives in the processor's cluster state, one entry per job run.
 * FlowFiles carry its events in (job requests, pipeline completions, cancels) and its effects out (pipeline runs, job
 * ends, notifications); time-based work (retries after their delay, runs waiting for a slot, SLA breaches) happens on
 * timer triggers, without sleeping.
 */
@Tags({"datahub", "job", "pipeline", "dag", "orchestration", "retry", "sla", "notification", "spark"})
@CapabilityDescription("Runs Data Hub job pipelines (a DAG of pipelines with failure policies). A FlowFile naming a job (datahub.app,"
        + " datahub.job.id, optionally datahub.run.date, datahub.job.run.id, datahub.run.due and datahub.param.*) starts a job run;"
        + " each pipeline run that is ready leaves on pipelines as a run request (the same content and attributes as"
        + " XmlPipelineLoader's, plus datahub.job.run.id and datahub.attempt) for SparkPipelineSubmit and RunRecorder, whose"
        + " output comes back to this processor as a completion. Failure policies (retry after retryDelay, halt, skip,"
        + " continue, fallback) decide what runs next. At its end a job run leaves on job completed or job failed with its"
        + " outcome as JSON, and is recorded in the job_runs table. Notifications of the job (email, webhook) leave on"
        + " notifications ready for PutEmail, PostWebhook (secret webhook URLs) and InvokeHTTP; a run past its SLA raises a"
        + " bulletin and slaBreach"
        + " notifications once, even before it started. Every job run is kept in cluster state, so a restart resumes it.")
@InputRequirement(Requirement.INPUT_ALLOWED)
@TriggerSerially
@TriggerWhenEmpty
@DefaultSchedule(strategy = SchedulingStrategy.TIMER_DRIVEN, period = "5 sec")
@Stateful(scopes = Scope.CLUSTER, description = "One entry per job run (run.<job run id>): the request, the job's steps as the run"
        + " started with them, every step's status and attempt, retries due, rows still to be recorded, whether the SLA breach was"
        + " raised. Ended runs are remembered (done.<job run id>) for the Ended Run Retention, to recognise late duplicate"
        + " completions. Clearing the state forgets every job run in progress.")
@SeeAlso(classNames = {"io.datahub.nifi.processors.SparkPipelineSubmit", "io.datahub.nifi.processors.RunRecorder",
    "io.datahub.nifi.processors.XmlPipelineLoader", "io.datahub.nifi.processors.PostWebhook",
    "io.datahub.nifi.services.StandardPipelineRegistry",
    "io.datahub.nifi.services.JdbcRunHistoryStore"})
@ReadsAttributes({
    @ReadsAttribute(attribute = APP, description = "Job request: the application (required)."),
    @ReadsAttribute(attribute = JOB_ID, description = "Job request: the job pipeline id (required)."),
    @ReadsAttribute(attribute = RUN_DATE, description = "Job request: the run date (yyyy-MM-dd); today in the Time Zone when absent."),
    @ReadsAttribute(attribute = JOB_RUN_ID, description = "Job request: the job run id to use (e.g. set by PipelineScheduler); generated as"
            + " <job>-<run date>-<8 hex digits> when absent. Completion and cancel: the job run (required)."),
    @ReadsAttribute(attribute = RUN_DUE, description = "Job request: when the run was due (ISO-8601 instant or epoch milliseconds); the"
            + " SLA clock starts there, else when the request is accepted."),
    @ReadsAttribute(attribute = "datahub.param.*", description = "Job request: parameter values of the job run."),
    @ReadsAttribute(attribute = RUN_STATUS, description = "Present on completions (as RunRecorder passes them on): SUCCEEDED, FAILED or"
            + " CANCELLED."),
    @ReadsAttribute(attribute = PIPELINE_ID, description = "Completion: the pipeline that completed."),
    @ReadsAttribute(attribute = ATTEMPT, description = "Completion: its attempt."),
    @ReadsAttribute(attribute = ERROR_CATEGORY, description = "Completion: why it failed."),
    @ReadsAttribute(attribute = ERROR_MESSAGE, description = "Completion: what failed."),
    @ReadsAttribute(attribute = JOB_ACTION, description = "'cancel' with datahub.job.run.id: cancel that job run.")
})
@WritesAttributes({
    @WritesAttribute(attribute = "datahub.* of XmlPipelineLoader", description = "pipelines: datahub.app, datahub.layer,"
            + " datahub.pipeline.id, datahub.pipeline.version, datahub.run.id, datahub.run.date, datahub.attempt, datahub.sla,"
            + " datahub.schedule, datahub.definition.file, mime.type, as XmlPipelineLoader writes them."),
    @WritesAttribute(attribute = JOB_RUN_ID, description = "pipelines, job completed/failed, notifications: the job run; original: the id"
            + " given to an accepted job request."),
    @WritesAttribute(attribute = JOB_ID, description = "pipelines, job completed/failed, notifications: the job."),
    @WritesAttribute(attribute = "datahub.param.*", description = "pipelines: the job parameters (supplied values and the job's declared"
            + " parameters with their defaults)."),
    @WritesAttribute(attribute = JOB_STATUS, description = "job completed/failed: SUCCEEDED, FAILED or CANCELLED."),
    @WritesAttribute(attribute = JOB_FAILED_PIPELINES, description = "job completed/failed: the failed pipelines, comma separated."),
    @WritesAttribute(attribute = SLA_STATUS, description = "job completed/failed: MET, BREACHED or UNKNOWN."),
    @WritesAttribute(attribute = NOTIFY_CHANNEL, description = "notifications: email or webhook."),
    @WritesAttribute(attribute = NOTIFY_TO, description = "notifications (email): the recipients."),
    @WritesAttribute(attribute = NOTIFY_URL, description = "notifications (webhook with url): the URL."),
    @WritesAttribute(attribute = NOTIFY_URL_SECRET_REF, description = "notifications (webhook with urlSecretRef): the name of the secret"
            + " holding the URL; the URL itself is never an attribute."),
    @WritesAttribute(attribute = NOTIFY_EVENT, description = "notifications: failure, success, completion or slaBreach."),
    @WritesAttribute(attribute = NOTIFY_SUBJECT, description = "notifications: a one-line subject."),
    @WritesAttribute(attribute = ERROR_MESSAGE, description = "failure: why the input was refused.")
})
@UseCase(
    description = "Run a job pipeline every night and get an e-mail when it fails.",
    keywords = {"job", "dag", "schedule", "pipeline", "spark", "notification"},
    configuration = """
        Set Pipeline Registry to a StandardPipelineRegistry over the config tree and Run History Store to a JdbcRunHistoryStore.
        Feed job requests from PipelineScheduler (or GenerateFlowFile with datahub.app and datahub.job.id, or HandleHttpRequest).
        Connect pipelines to SparkPipelineSubmit; connect SparkPipelineSubmit's success and failure to RunRecorder; connect
        RunRecorder's success back to this processor (the completions). Connect notifications to RouteOnAttribute on
        datahub.notify.channel: email to PutEmail (To ${datahub.notify.to}, Subject ${datahub.notify.subject},
        Flow file content as message true); webhooks with datahub.notify.url.secret.ref to PostWebhook (a sensitive
        property secret.<ref> per ref, referencing a sensitive parameter); webhooks with a plain datahub.notify.url to
        InvokeHTTP (POST, HTTP URL ${datahub.notify.url}). Connect job failed to PutFile; auto-terminate original.
        """
)
@MultiProcessorUseCase(
    description = "Run the pipelines of a job on Spark, record every run and follow the job to its end.",
    keywords = {"job", "spark", "run history", "retry"},
    configurations = {
        @ProcessorConfiguration(processorClassName = "io.datahub.nifi.processors.JobPipelineRunner", configuration = """
            Pipeline Registry and Run History Store set; Max Concurrent Runs per Job as wanted.
            Connect pipelines to SparkPipelineSubmit.
            """),
        @ProcessorConfiguration(processorClassName = "io.datahub.nifi.processors.SparkPipelineSubmit", configuration = """
            Spark Submitter set (Livy batch, Livy session or spark-launcher). Connect running and retry back to itself;
            connect success and failure to RunRecorder.
            """),
        @ProcessorConfiguration(processorClassName = "io.datahub.nifi.processors.RunRecorder", configuration = """
            Run History Store set (the same as JobPipelineRunner's). Connect retry back to itself and success to
            JobPipelineRunner: the recorded runs are the job's completions.
            """)
    }
)
public class JobPipelineRunner extends AbstractProcessor implements VerifiableProcessor {

    public static final PropertyDescriptor PIPELINE_REGISTRY = new PropertyDescriptor.Builder()
            .name("Pipeline Registry")
            .description("Serves the job and pipeline definitions, and the data root of the run requests.")
            .required(true)
            .identifiesControllerService(PipelineRegistry.class)
            .build();

    public static final PropertyDescriptor RUN_HISTORY_STORE = new PropertyDescriptor.Builder()
            .name("Run History Store")
            .description("Where job runs (job_runs) and pipeline runs that never ran (skipped, cancelled, refused: pipeline_runs) are"
                    + " recorded. While it cannot be reached the rows are kept in state and written on later triggers.")
            .required(true)
            .identifiesControllerService(RunHistoryStore.class)
            .build();

    public static final PropertyDescriptor MAX_CONCURRENT_RUNS = new PropertyDescriptor.Builder()
            .name("Max Concurrent Runs per Job")
            .description("How many runs of one job may run at once (e.g. two run dates of a backfill). Further runs wait in state, oldest"
                    + " first, and start when a run of that job ends. A waiting run's SLA clock runs.")
            .required(true)
            .defaultValue("1")
            .addValidator(StandardValidators.POSITIVE_INTEGER_VALIDATOR)
            .build();

    public static final PropertyDescriptor TIME_ZONE = new PropertyDescriptor.Builder()
            .name("Time Zone")
            .description("The time zone of 'today': the run date of job requests without datahub.run.date, which relative parameter"
                    + " defaults such as today or yesterday are based on. A zone id such as Europe/Paris or UTC; empty for the time"
                    + " zone of NiFi's JVM.")
            .required(false)
            .addValidator(new ZoneValidator())
            .build();

    public static final PropertyDescriptor ENDED_RUN_RETENTION = new PropertyDescriptor.Builder()
            .name("Ended Run Retention")
            .description("How long a job run that ended is remembered (a few bytes of state each), so that a late duplicate completion"
                    + " of it is ignored rather than routed to failure as unknown, and its id is not started again.")
            .required(true)
            .defaultValue("1 day")
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    public static final PropertyDescriptor BATCH_SIZE = new PropertyDescriptor.Builder()
            .name("Batch Size")
            .description("The most input FlowFiles (job requests and completions) one trigger takes.")
            .required(true)
            .defaultValue("100")
            .addValidator(StandardValidators.POSITIVE_INTEGER_VALIDATOR)
            .build();

    public static final Relationship REL_PIPELINES = new Relationship.Builder()
            .name("pipelines")
            .description("One FlowFile per pipeline run to start: the run request (JSON) with XmlPipelineLoader's attributes plus"
                    + " datahub.job.run.id, datahub.job.id, datahub.attempt and the job parameters. Connect to SparkPipelineSubmit.")
            .build();

    public static final Relationship REL_JOB_COMPLETED = new Relationship.Builder()
            .name("job completed")
            .description("A job run ended SUCCEEDED: its report as JSON (outcome, counts per step status, pipelines, failed pipelines"
                    + " with reasons).")
            .build();

    public static final Relationship REL_JOB_FAILED = new Relationship.Builder()
            .name("job failed")
            .description("A job run ended FAILED (or CANCELLED): its report as JSON, as on job completed.")
            .build();

    public static final Relationship REL_NOTIFICATIONS = new Relationship.Builder()
            .name("notifications")
            .description("One FlowFile per notification of the job that fires (email or webhook; on failure, success, completion,"
                    + " slaBreach): the JSON body as content, datahub.notify.* attributes for PutEmail and PostWebhook.")
            .build();

    public static final Relationship REL_FAILURE = new Relationship.Builder()
            .name("failure")
            .description("Input that cannot be used: an unknown application or job, an invalid job definition, a bad run date or"
                    + " parameter, a missing attribute, a job run id already known, or a completion of an unknown job run;"
                    + " datahub.error.message says why.")
            .build();

    public static final Relationship REL_ORIGINAL = new Relationship.Builder()
            .name("original")
            .description("Job requests once accepted (with datahub.job.run.id), completions and cancels once applied.")
            .autoTerminateDefault(true)
            .build();

    /** Counters. */
    static final String COUNTER_JOBS_STARTED = "datahub.jobs.started";
    static final String COUNTER_JOBS_SUCCEEDED = "datahub.jobs.succeeded";
    static final String COUNTER_JOBS_FAILED = "datahub.jobs.failed";
    static final String COUNTER_DUPLICATES = "datahub.jobs.duplicate.completions";
    static final String COUNTER_SLA_BREACHES = "datahub.jobs.sla.breaches";
    static final String ACTION_CANCEL = "cancel";

    private static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(PIPELINE_REGISTRY, RUN_HISTORY_STORE, MAX_CONCURRENT_RUNS,
            TIME_ZONE, ENDED_RUN_RETENTION, BATCH_SIZE);
    private static final Set<Relationship> RELATIONSHIPS = Set.of(REL_PIPELINES, REL_JOB_COMPLETED, REL_JOB_FAILED, REL_NOTIFICATIONS,
            REL_FAILURE, REL_ORIGINAL);
    /** Every attribute but uuid: emitted FlowFiles carry only what this processor writes. */
    private static final Pattern ALL_BUT_UUID = Pattern.compile("^(?!uuid$).*");

    /** Time, replaceable by tests of time-based behaviour. */
    volatile Clock clock = Clock.systemUTC();
    /** State keys already reported as unreadable, so the bulletin is raised once, not on every trigger. */
    private final Set<String> reportedUnreadable = new LinkedHashSet<>();

    private volatile Settings settings;

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    @Override
    public Set<Relationship> getRelationships() {
        return RELATIONSHIPS;
    }

    private record Settings(PipelineRegistry registry, RunHistoryStore store, int maxConcurrent, ZoneId zone, Duration retention,
                            int batchSize) {
    }

    /** Former property name -> current name (never remove an entry); none renamed yet. */
    static final Map<String, String> RENAMED_PROPERTIES = Map.of();

    @Override
    public void migrateProperties(final PropertyConfiguration config) {
        PropertyMigrations.rename(config, RENAMED_PROPERTIES);
    }

    @OnScheduled
    public void onScheduled(final ProcessContext context) {
        settings = settings(context);
    }

    private static Settings settings(final ProcessContext context) {
        final String zone = context.getProperty(TIME_ZONE).getValue();
        return new Settings(context.getProperty(PIPELINE_REGISTRY).asControllerService(PipelineRegistry.class),
                context.getProperty(RUN_HISTORY_STORE).asControllerService(RunHistoryStore.class),
                context.getProperty(MAX_CONCURRENT_RUNS).asInteger(),
                zone == null || zone.isBlank() ? ZoneId.systemDefault() : ZoneId.of(zone.strip()),
                Duration.ofMillis(context.getProperty(ENDED_RUN_RETENTION).asTimePeriod(TimeUnit.MILLISECONDS)),
                context.getProperty(BATCH_SIZE).asInteger());
    }

    static final String STEP_JOB = "Job Request";

    /**
     * The registry's definitions and the run-history store as they serve this processor now, and, when the attributes name a
     * job (datahub.app, datahub.job.id, optionally the other job-request attributes), whether a request with them would
     * start: the job, its parameters and every pipeline resolve. Nothing is started or written.
     */
    @Override
    public List<ConfigVerificationResult> verify(final ProcessContext context, final ComponentLog verificationLogger,
                                                 final Map<String, String> attributes) {
        final Settings s = settings(context);
        final List<ConfigVerificationResult> results = new ArrayList<>(s.registry().verifyDefinitions(verificationLogger));
        results.addAll(s.store().verifyStore(verificationLogger));
        final Map<String, String> given = attributes == null ? Map.of() : attributes;
        if (blank(given.get(APP)) || blank(given.get(JOB_ID))) {
            results.add(verification(STEP_JOB, Outcome.SKIPPED, "give the attributes " + APP + " and " + JOB_ID
                    + " (and any datahub.run.date, datahub.param.*) to check that the job they name would start"));
            return results;
        }
        try {
            final JobRunRequest request = prepare(s, given, clock.instant());
            results.add(verification(STEP_JOB, Outcome.SUCCESSFUL, "job '" + request.jobId() + "' of application '" + request.app()
                    + "' would start for " + request.runDate() + " with parameters " + new TreeMap<>(request.parameters()) + ": "
                    + String.join(", ", request.steps().stream().map(JobStep::pipelineId).toList())
                    + (request.sla() == null ? "" : "; SLA " + request.sla())));
        } catch (Refused e) {
            verificationLogger.warn("{}: {}", STEP_JOB, e.getMessage());
            results.add(verification(STEP_JOB, Outcome.FAILED, e.getMessage()));
        }
        return results;
    }

    private static ConfigVerificationResult verification(final String step, final Outcome outcome, final String explanation) {
        return new ConfigVerificationResult.Builder().verificationStepName(step).outcome(outcome).explanation(explanation).build();
    }

    @Override
    public void onTrigger(final ProcessContext context, final ProcessSession session) throws ProcessException {
        final Settings s = settings;
        final Instant now = clock.instant();
        final StateMap stateMap;
        try {
            stateMap = session.getState(Scope.CLUSTER);
        } catch (IOException e) {
            throw new ProcessException("cannot read the job runs from the state", e);
        }
        final JobRunBook book = JobRunBook.fromState(stateMap.toMap());
        reportUnreadable(book);

        final Trigger trigger = new Trigger(session, book, s, now);
        for (final FlowFile input : session.get(s.batchSize())) {
            trigger.input(input);
        }
        trigger.emit(book.tick(now, s.maxConcurrent()));
        trigger.record();
        book.expire(now, s.retention());

        final Map<String, String> newState = book.toState();
        if (!newState.equals(stateMap.toMap())) {
            final boolean replaced;
            try {
                replaced = session.replaceState(stateMap, newState, Scope.CLUSTER);
            } catch (IOException e) {
                throw new ProcessException("cannot store the job runs in the state", e);
            }
            if (!replaced) {
                // Another node (or a restart) changed the state meanwhile: this trigger's work is redone on the next one.
                getLogger().debug("The job runs' state changed during this trigger; rolling back to do it again");
                session.rollback();
                context.yield();
            }
        }
    }

    private void reportUnreadable(final JobRunBook book) {
        book.unreadable().forEach((key, problem) -> {
            synchronized (reportedUnreadable) {
                if (reportedUnreadable.add(key)) {
                    getLogger().error("State entry {} cannot be read and is left as it is: {}", key, problem);
                }
            }
        });
    }

    /**
     * The job run a request names, checked as far as it can be before anything starts: the job and its file, the run date, the
     * due time, the parameters, and every pipeline and fallback of the job (each must resolve to a run request now).
     */
    private static JobRunRequest prepare(final Settings s, final Map<String, String> a, final Instant now) throws Refused {
        final String app = required(a, APP);
        final String jobId = required(a, JOB_ID);
        final ValidatedConfig config = s.registry().config();
        final JobPipelineDefinition job = config.job(app, jobId).orElseThrow(() -> new Refused(unknownJob(config, app, jobId)));
        final DefinitionFile file = config.fileOf(job);
        final List<ValidationError> errors = config.errorsOf(file.path());
        if (!errors.isEmpty()) {
            throw new Refused("job '" + jobId + "' of application '" + app + "' is not valid:\n" + LoadedPipelineRun.format(errors));
        }
        final LocalDate runDate = runDate(a, now, s.zone());
        final Instant due;
        try {
            due = DatahubAttributes.instant(a, RUN_DUE);
        } catch (IllegalArgumentException e) {
            throw new Refused(e.getMessage());
        }
        final String jobRunId = blank(a.get(JOB_RUN_ID)) ? JobRunIds.newJobRunId(jobId, runDate) : a.get(JOB_RUN_ID).strip();
        final String layer = file.layer().folder();
        final Map<String, String> parameters;
        try {
            parameters = JobParameters.resolve(job, DatahubAttributes.parameters(a), jobRunId, runDate, app, layer, s.registry().dataRoot());
        } catch (IllegalArgumentException e) {
            throw new Refused(e.getMessage());
        }
        final JobRunRequest request = JobRunRequest.of(job, app, layer, jobRunId, runDate, parameters, due);
        checkPipelines(s.registry(), request);
        return request;
    }

    /** Every pipeline and fallback of the job resolves now (file valid, parameters fit): else nothing is started. */
    private static void checkPipelines(final PipelineRegistry registry, final JobRunRequest request) throws Refused {
        final Set<String> ids = new LinkedHashSet<>();
        for (final JobStep step : request.steps()) {
            ids.add(step.pipelineId());
            if (step.fallback() != null) {
                ids.add(step.fallback());
            }
        }
        final List<String> problems = new ArrayList<>();
        for (final String id : ids) {
            try {
                LoadedPipelineRun.fromRegistry(registry, request.app(), id, JobRunIds.runId(request.jobRunId(), id, 1), 1,
                        request.jobRunId(), request.runDate(), request.parameters());
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new Refused("job '" + request.jobId() + "' of application '" + request.app() + "' cannot run: "
                    + String.join("\n", problems));
        }
    }

    private static LocalDate runDate(final Map<String, String> a, final Instant now, final ZoneId zone) throws Refused {
        final String value = a.get(RUN_DATE);
        if (blank(value)) {
            return LocalDate.ofInstant(now, zone);
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new Refused("attribute " + RUN_DATE + " = '" + value + "' is not a date (yyyy-MM-dd)");
        }
    }

    /** An input that cannot be used: routed to failure with this message. */
    private static final class Refused extends Exception {
        Refused(final String message) {
            super(message, null, false, false);
        }
    }

    /** The work of one trigger: inputs in, effects out. */
    private final class Trigger {
        private final ProcessSession session;
        private final JobRunBook book;
        private final Settings s;
        private final Instant now;

        Trigger(final ProcessSession session, final JobRunBook book, final Settings s, final Instant now) {
            this.session = session;
            this.book = book;
            this.s = s;
            this.now = now;
        }

        void input(final FlowFile flowFile) {
            try {
                if (!blank(flowFile.getAttribute(RUN_STATUS))) {
                    completion(flowFile);
                } else if (!blank(flowFile.getAttribute(JOB_ACTION))) {
                    action(flowFile);
                } else {
                    jobRequest(flowFile);
                }
            } catch (Refused e) {
                getLogger().error("{} routed to failure: {}", flowFile, e.getMessage());
                session.transfer(session.putAttribute(flowFile, ERROR_MESSAGE, e.getMessage()), REL_FAILURE);
            }
        }

        private void jobRequest(final FlowFile flowFile) throws Refused {
            final JobRunRequest request = prepare(s, flowFile.getAttributes(), now);
            try {
                book.accept(request, now);
            } catch (IllegalArgumentException e) {
                throw new Refused(e.getMessage());
            }
            getLogger().info("Job run {} of {}/{} for {} accepted", request.jobRunId(), request.app(), request.jobId(), request.runDate());
            session.adjustCounter(COUNTER_JOBS_STARTED, 1, false);
            session.getProvenanceReporter().modifyAttributes(flowFile, "job run " + request.jobRunId() + " accepted");
            session.transfer(session.putAttribute(flowFile, JOB_RUN_ID, request.jobRunId()), REL_ORIGINAL);
        }

        private void completion(final FlowFile flowFile) throws Refused {
            final Map<String, String> a = flowFile.getAttributes();
            final String jobRunId = required(a, JOB_RUN_ID);
            final String pipelineId = required(a, PIPELINE_ID);
            final int attempt;
            try {
                attempt = DatahubAttributes.attempt(a);
            } catch (IllegalArgumentException e) {
                throw new Refused(e.getMessage());
            }
            final String status = a.get(RUN_STATUS).strip();
            final boolean succeeded;
            if (RunStatus.SUCCEEDED.name().equals(status)) {
                succeeded = true;
            } else if (RunStatus.FAILED.name().equals(status) || RunStatus.CANCELLED.name().equals(status)) {
                succeeded = false;
            } else {
                throw new Refused("attribute " + RUN_STATUS + " = '" + status + "' is not the end of a run (SUCCEEDED, FAILED or"
                        + " CANCELLED); only ended runs complete a pipeline of job run " + jobRunId);
            }
            final String reason = succeeded ? null : reason(a, status);
            final JobRunEffects effects;
            try {
                effects = book.complete(jobRunId, pipelineId, attempt, succeeded, reason, now);
            } catch (IllegalArgumentException e) {
                throw new Refused(e.getMessage());
            }
            switch (effects.completion()) {
                case UNKNOWN -> throw new Refused("job run " + jobRunId + " is not known to this processor: it was never started here,"
                        + " or it ended more than the Ended Run Retention ago (completion of " + pipelineId + " attempt " + attempt + ")");
                case DUPLICATE -> {
                    session.adjustCounter(COUNTER_DUPLICATES, 1, false);
                    getLogger().debug("Duplicate completion of {} attempt {} in job run {} ignored", pipelineId, attempt, jobRunId);
                }
                default -> getLogger().debug("Job run {}: {} attempt {} {}", jobRunId, pipelineId, attempt, status);
            }
            session.transfer(flowFile, REL_ORIGINAL);
            emit(effects);
        }

        private void action(final FlowFile flowFile) throws Refused {
            final String action = flowFile.getAttribute(JOB_ACTION).strip();
            if (!ACTION_CANCEL.equals(action)) {
                throw new Refused("attribute " + JOB_ACTION + " = '" + action + "' is not an action (cancel)");
            }
            final String jobRunId = required(flowFile.getAttributes(), JOB_RUN_ID);
            final JobRunEffects effects = book.cancel(jobRunId, now);
            if (effects.completion() == JobRunEffects.Completion.UNKNOWN) {
                throw new Refused("job run " + jobRunId + " is not known to this processor; nothing to cancel");
            }
            getLogger().info("Job run {} cancelled by an operator{}", jobRunId,
                    effects.completion() == JobRunEffects.Completion.DUPLICATE ? " (it had already ended or was cancelled)" : "");
            session.transfer(flowFile, REL_ORIGINAL);
            emit(effects);
        }

        /** Turns effects into FlowFiles; a launch that cannot be resolved fails its attempt, whose policy applies at once. */
        void emit(final JobRunEffects effects) {
            for (final PipelineLaunch launch : effects.launches()) {
                launch(launch);
            }
            for (final JobRunReport report : effects.slaBreaches()) {
                session.adjustCounter(COUNTER_SLA_BREACHES, 1, false);
                getLogger().warn("Job run {} of {}/{} for {} breached its SLA {}: {} since {}", report.jobRunId(), report.app(),
                        report.jobId(), report.runDate(), report.sla(), report.status().isFinal() ? "it ended " + report.endedAt()
                                : "still " + report.status() + " at " + now, slaFrom(report));
            }
            for (final JobRunReport report : effects.ended()) {
                ended(report);
            }
            for (final JobNotification notification : effects.notifications()) {
                notification(notification);
            }
        }

        private String slaFrom(final JobRunReport report) {
            return book.get(report.jobRunId()).map(r -> r.slaFrom().toString()).orElse(String.valueOf(report.due()));
        }

        private void launch(final PipelineLaunch launch) {
            final LoadedPipelineRun loaded;
            try {
                loaded = LoadedPipelineRun.fromRegistry(s.registry(), launch.app(), launch.pipelineId(), launch.runId(), launch.attempt(),
                        launch.jobRunId(), launch.runDate(), launch.parameters());
            } catch (IllegalArgumentException e) {
                getLogger().error("Job run {}: {} attempt {} cannot be started: {}", launch.jobRunId(), launch.pipelineId(), launch.attempt(),
                        e.getMessage());
                emit(book.refuseLaunch(launch, ErrorCategory.CONFIGURATION, e.getMessage(), now));
                return;
            }
            final Map<String, String> attributes = new HashMap<>(loaded.attributes());
            launch.parameters().forEach((name, value) -> attributes.put(PARAM_PREFIX + name, value));
            attributes.put(JOB_RUN_ID, launch.jobRunId());
            attributes.put(JOB_ID, launch.jobId());
            attributes.put(FILENAME, launch.runId() + ".json");
            FlowFile flowFile = session.create();
            flowFile = session.write(flowFile, out -> out.write(loaded.request().toJson().getBytes(StandardCharsets.UTF_8)));
            flowFile = session.putAllAttributes(flowFile, attributes);
            session.getProvenanceReporter().create(flowFile, "job run " + launch.jobRunId() + ": " + launch.pipelineId() + " attempt "
                    + launch.attempt() + (launch.fallbackFor() == null ? "" : " (fallback for " + launch.fallbackFor() + ")"));
            session.transfer(flowFile, REL_PIPELINES);
        }

        private void ended(final JobRunReport report) {
            final boolean succeeded = report.status() == RunStatus.SUCCEEDED;
            final Map<String, String> attributes = jobAttributes(report);
            attributes.put(JOB_STATUS, report.status().name());
            attributes.put(SLA_STATUS, report.slaStatus().name());
            attributes.put(FILENAME, report.jobRunId() + ".json");
            final String failed = String.join(",", report.failedPipelines().stream().map(JobRunReport.FailedPipeline::pipelineId).toList());
            if (!failed.isEmpty()) {
                attributes.put(JOB_FAILED_PIPELINES, failed);
            }
            FlowFile flowFile = session.create();
            flowFile = session.write(flowFile, out -> out.write(report.toJson().getBytes(StandardCharsets.UTF_8)));
            flowFile = session.putAllAttributes(flowFile, attributes);
            session.getProvenanceReporter().create(flowFile, report.summary() + "; SLA " + report.slaStatus());
            session.adjustCounter(succeeded ? COUNTER_JOBS_SUCCEEDED : COUNTER_JOBS_FAILED, 1, false);
            if (succeeded) {
                getLogger().info("{}", report.summary());
            } else {
                getLogger().error("{}", report.summary() + failureReasons(report));
            }
            session.transfer(flowFile, succeeded ? REL_JOB_COMPLETED : REL_JOB_FAILED);
        }

        private void notification(final JobNotification notification) {
            final Map<String, String> attributes = jobAttributes(notification.report());
            final NotificationTarget target = notification.target();
            attributes.put(NOTIFY_CHANNEL, target.channel());
            attributes.put(NOTIFY_EVENT, notification.event().xmlValue());
            attributes.put(NOTIFY_SUBJECT, notification.subject());
            if (target.to() != null) {
                attributes.put(NOTIFY_TO, target.to());
            }
            if (target.url() != null) {
                attributes.put(NOTIFY_URL, target.url());
            }
            if (target.urlSecretRef() != null) {
                attributes.put(NOTIFY_URL_SECRET_REF, target.urlSecretRef());
            }
            FlowFile flowFile = session.create();
            flowFile = session.write(flowFile, out -> out.write(notification.body().getBytes(StandardCharsets.UTF_8)));
            flowFile = session.putAllAttributes(flowFile, attributes);
            session.getProvenanceReporter().create(flowFile, notification.event().xmlValue() + " notification (" + target.channel()
                    + ") of job run " + notification.report().jobRunId());
            session.transfer(flowFile, REL_NOTIFICATIONS);
        }

        /**
         * Writes the rows still to be written. While the database cannot be reached they stay in state and are written on a
         * later trigger; a run that ended leaves the state only once its row is written.
         */
        void record() {
            for (final TrackedJobRun run : book.pendingRecords()) {
                try {
                    s.store().recordJobRun(run.report(now).toRecord());
                    final var rows = run.pendingPipelineRows();
                    if (!rows.isEmpty()) {
                        s.store().recordPipelineRuns(rows);
                    }
                    book.recorded(run.jobRunId());
                } catch (RunHistoryException e) {
                    if (e.unavailable()) {
                        getLogger().warn("Job run {} not recorded yet (kept in state, written on a later trigger): {}", run.jobRunId(),
                                e.getMessage());
                        return;  // the database is down: the other runs wait too
                    }
                    getLogger().error("Job run {} cannot be recorded (kept in state, tried again on later triggers): {}", run.jobRunId(),
                            e.getMessage());
                }
            }
        }
    }

    /** The attributes naming a job run on its end and notification FlowFiles. */
    private static Map<String, String> jobAttributes(final JobRunReport report) {
        final Map<String, String> attributes = new HashMap<>();
        attributes.put(APP, report.app());
        attributes.put(JOB_ID, report.jobId());
        if (report.jobVersion() != null) {
            attributes.put(JOB_VERSION, report.jobVersion());
        }
        attributes.put(JOB_RUN_ID, report.jobRunId());
        attributes.put(RUN_DATE, String.valueOf(report.runDate()));
        attributes.put(MIME_TYPE, "application/json");
        return attributes;
    }

    private static String failureReasons(final JobRunReport report) {
        final StringBuilder reasons = new StringBuilder();
        for (final JobRunReport.FailedPipeline f : report.failedPipelines()) {
            reasons.append("\n  ").append(f.pipelineId()).append(" (run ").append(f.runId()).append("): ").append(f.reason());
        }
        return reasons.toString();
    }

    /** The reason a failed completion gives the planner: {@code [CATEGORY] message}. */
    private static String reason(final Map<String, String> a, final String status) {
        final String category = blank(a.get(ERROR_CATEGORY)) ? null : a.get(ERROR_CATEGORY).strip();
        final String message = blank(a.get(ERROR_MESSAGE)) ? "the run ended " + status + " without a message" : a.get(ERROR_MESSAGE).strip();
        return category == null ? message : "[" + category + "] " + message;
    }

    private static String unknownJob(final ValidatedConfig config, final String app, final String jobId) {
        final Map<String, JobPipelineDefinition> jobs = config.jobs().get(app);
        if (jobs == null) {
            final Set<String> apps = new TreeSet<>(config.pipelines().keySet());
            apps.addAll(config.jobs().keySet());
            return "application '" + app + "' is not in the pipeline registry (applications: " + String.join(", ", apps) + ")";
        }
        return "application '" + app + "' has no job '" + jobId + "' (jobs: " + String.join(", ", new TreeSet<>(jobs.keySet())) + ")";
    }

    private static String required(final Map<String, String> attributes, final String name) throws Refused {
        final String value = attributes.get(name);
        if (blank(value)) {
            throw new Refused("attribute " + name + " is missing");
        }
        return value.strip();
    }

    private static boolean blank(final String value) {
        return value == null || value.isBlank();
    }

    /** A time zone id, or empty. */
    private static final class ZoneValidator implements Validator {
        @Override
        public ValidationResult validate(final String subject, final String input, final org.apache.nifi.components.ValidationContext context) {
            boolean valid;
            try {
                ZoneId.of(input.strip());
                valid = true;
            } catch (DateTimeException e) {
                valid = false;
            }
            return new ValidationResult.Builder().subject(subject).input(input).valid(valid)
                    .explanation("a time zone id such as UTC or Europe/Paris").build();
        }
    }
}
