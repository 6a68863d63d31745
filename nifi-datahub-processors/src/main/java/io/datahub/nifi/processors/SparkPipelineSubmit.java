package io.datahub.nifi.processors;

import static io.datahub.nifi.processors.DatahubAttributes.ERROR_CATEGORY;
import static io.datahub.nifi.processors.DatahubAttributes.ERROR_MESSAGE;
import static io.datahub.nifi.processors.DatahubAttributes.LIVY_BATCH_ID;
import static io.datahub.nifi.processors.DatahubAttributes.MIME_TYPE;
import static io.datahub.nifi.processors.DatahubAttributes.ROWS_READ;
import static io.datahub.nifi.processors.DatahubAttributes.ROWS_WRITTEN;
import static io.datahub.nifi.processors.DatahubAttributes.RUN_ENDED;
import static io.datahub.nifi.processors.DatahubAttributes.RUN_ID;
import static io.datahub.nifi.processors.DatahubAttributes.RUN_STARTED;
import static io.datahub.nifi.processors.DatahubAttributes.RUN_STATUS;
import static io.datahub.nifi.processors.DatahubAttributes.SPARK_APP_ID;
import static io.datahub.nifi.processors.DatahubAttributes.SUBMISSION;
import static io.datahub.nifi.processors.DatahubAttributes.SUBMIT_MODE;

import io.datahub.model.run.ErrorCategory;
import io.datahub.model.run.PipelineRunResult;
import io.datahub.model.run.RunRequest;
import io.datahub.model.run.RunStatus;
import io.datahub.nifi.services.PropertyMigrations;
import io.datahub.nifi.services.SparkSubmitterService;
import io.datahub.submit.RunTimeout;
import io.datahub.submit.SparkSubmitter;
import io.datahub.submit.Submission;
import io.datahub.submit.SubmitException;
import io.datahub.submit.SubmitMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.InputRequirement.Requirement;
import org.apache.nifi.annotation.behavior.ReadsAttribute;
import org.apache.nifi.annotation.behavior.ReadsAttributes;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.configuration.DefaultSettings;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.documentation.UseCase;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.migration.PropertyConfiguration;
import org.apache.nifi.processor.AbstractProcessor;
import org.apache.nifi.processor.FlowFileFilter.FlowFileFilterResult;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.VerifiableProcessor;
import org.apache.nifi.processor.exception.ProcessException;
import org.apache.nifi.processor.util.StandardValidators;

/**
 * Submits run requests to Spark and follows them without blocking: a thin adapter over the {@link SparkSubmitter} of a
 * {@link SparkSubmitterService}. A run in progress loops through the {@code running} relationship; each trigger polls every
 * run that is due once, so a few threads follow thousands of runs.
 */
@Tags({"datahub", "spark", "livy", "submit", "pipeline", "run"})
@CapabilityDescription("Submits a Data Hub run request (the content, as XmlPipelineLoader emits it) to Spark through a Spark Submitter"
        + " service (Livy batch, Livy session, spark-submit through Spark's launcher) and follows the run without waiting: the FlowFile goes to running with the"
        + " submission in datahub.submission; connect running back to this processor, which polls the run once per Polling"
        + " Interval until it ends. A succeeded run goes to success with the run result (JSON) as content; a failed, cancelled"
        + " or timed-out run to failure with datahub.error.category and datahub.error.message; a Spark cluster that cannot be"
        + " reached to retry. Never sleeps: one trigger handles up to Batch Size due FlowFiles.")
@InputRequirement(Requirement.INPUT_REQUIRED)
@UseCase(
    description = "Run pipelines on a Spark cluster through Apache Livy and follow them without holding threads",
    keywords = {"livy", "spark", "cluster", "yarn", "submit", "batch"},
    configuration = """
        "Spark Submitter" is set to a LivyBatchSubmitterService (Livy URL, Job Jar on storage the cluster reads, e.g.
        `hdfs:///apps/datahub/datahub-spark-job-job.jar`): one Spark application per run.
        "Polling Interval" is how often a run is asked for its state, e.g. `10 sec`; keep the processor's Penalty Duration at
        most that long. "Run Timeout" cancels runs that hang, e.g. `2 hours`. Two Concurrent Tasks follow thousands of runs.

        Connect `running` back to SparkPipelineSubmit (the loop in which runs are followed) and `retry` back too (Livy was
        unreachable or answered 5xx; the run is never submitted twice). Connect `success` and `failure` to RunRecorder.
        """
)
@UseCase(
    description = "Run many small pipelines with low start-up latency on warm Livy sessions",
    keywords = {"livy", "session", "interactive", "latency", "small"},
    configuration = """
        "Spark Submitter" is set to a LivySessionSubmitterService with a Session Pool Size that matches how many runs may
        execute at once: a run is a statement on a warm session (about half a second to start instead of a Spark start-up).
        "Polling Interval" can be short, e.g. `1 sec`. Connect the relationships as for Livy batches.
        """
)
@UseCase(
    description = "Run pipelines with spark-submit on a Spark installation next to NiFi, without Livy",
    keywords = {"spark-submit", "launcher", "local", "standalone", "yarn", "kubernetes"},
    configuration = """
        "Spark Submitter" is set to a SparkLauncherSubmitterService: Spark Home (a Spark 3.5 installation on NiFi's host),
        Master (`local[4]`, `spark://host:7077`, `yarn`, `k8s://...`), Java Home (a JDK 17-21), Job Jar and Work Directory.
        Runs started this way belong to this NiFi node: a restart of NiFi loses the runs still going (their result file still
        decides when present). Connect the relationships as for Livy batches.
        """
)
@DefaultSettings(penaltyDuration = "5 sec")
@SeeAlso(classNames = {"io.datahub.nifi.processors.XmlPipelineLoader", "io.datahub.nifi.processors.RunRecorder",
    "io.datahub.nifi.services.LivyBatchSubmitterService", "io.datahub.nifi.services.LivySessionSubmitterService",
    "io.datahub.nifi.services.SparkLauncherSubmitterService"})
@ReadsAttributes({
    @ReadsAttribute(attribute = SUBMISSION, description = "Absent: the content is a run request to submit. Present: the run to poll."),
    @ReadsAttribute(attribute = SparkPipelineSubmit.NEXT_POLL, description = "When the run is due to be polled again (epoch milliseconds).")
})
@WritesAttributes({
    @WritesAttribute(attribute = SUBMISSION, description = "The submission (compact JSON; never a secret), to poll or cancel the run later,"
            + " also after a restart."),
    @WritesAttribute(attribute = RUN_STATUS, description = "SUBMITTED, RUNNING, SUCCEEDED, FAILED or CANCELLED."),
    @WritesAttribute(attribute = SUBMIT_MODE, description = "LIVY_BATCH, LIVY_SESSION or SPARK_LAUNCHER."),
    @WritesAttribute(attribute = RUN_STARTED, description = "When the run was submitted (ISO-8601)."),
    @WritesAttribute(attribute = RUN_ENDED, description = "When the run was seen ending (ISO-8601)."),
    @WritesAttribute(attribute = SPARK_APP_ID, description = "The Spark application id, once known."),
    @WritesAttribute(attribute = LIVY_BATCH_ID, description = "The Livy batch id (Livy batch submissions)."),
    @WritesAttribute(attribute = ROWS_READ, description = "On success: rows read over all sources."),
    @WritesAttribute(attribute = ROWS_WRITTEN, description = "On success: rows written over all targets."),
    @WritesAttribute(attribute = ERROR_CATEGORY, description = "On failure: why (e.g. INPUT_NOT_FOUND, SUBMISSION_FAILED, TIMEOUT)."),
    @WritesAttribute(attribute = ERROR_MESSAGE, description = "On failure or retry: what failed."),
    @WritesAttribute(attribute = SparkPipelineSubmit.NEXT_POLL, description = "On running: when the run is due to be polled again.")
})
public class SparkPipelineSubmit extends AbstractProcessor implements VerifiableProcessor {

    static final String NEXT_POLL = "datahub.poll.next";

    public static final PropertyDescriptor SPARK_SUBMITTER = new PropertyDescriptor.Builder()
            .name("Spark Submitter")
            .description("Submits the runs and follows them (Livy batch, Livy session, Spark launcher).")
            .required(true)
            .identifiesControllerService(SparkSubmitterService.class)
            .build();

    public static final PropertyDescriptor POLL_INTERVAL = new PropertyDescriptor.Builder()
            .name("Polling Interval")
            .description("How often a run in progress is polled. Runs routed to running are penalized (keep this processor's"
                    + " Penalty Duration at most this long) and are not polled again before this interval has passed.")
            .required(true)
            .defaultValue("5 sec")
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    public static final PropertyDescriptor RUN_TIMEOUT = new PropertyDescriptor.Builder()
            .name("Run Timeout")
            .description("A run not finished this long after its submission is cancelled and routed to failure with category TIMEOUT.")
            .required(true)
            .defaultValue("2 hours")
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    public static final PropertyDescriptor BATCH_SIZE = new PropertyDescriptor.Builder()
            .name("Batch Size")
            .description("The most FlowFiles one trigger submits or polls. Each costs one or a few short requests to the cluster manager.")
            .required(true)
            .defaultValue("50")
            .addValidator(StandardValidators.POSITIVE_INTEGER_VALIDATOR)
            .build();

    public static final Relationship REL_SUCCESS = new Relationship.Builder()
            .name("success")
            .description("The run succeeded: the content is the run result (JSON).")
            .build();

    public static final Relationship REL_FAILURE = new Relationship.Builder()
            .name("failure")
            .description("The run failed, was cancelled or timed out, or could not be submitted (a refused request, content that is"
                    + " not a run request): datahub.error.category and datahub.error.message say why. The content is the run result"
                    + " when the job reported one.")
            .build();

    public static final Relationship REL_RUNNING = new Relationship.Builder()
            .name("running")
            .description("The run is in progress (penalized): connect back to this processor, which polls it again after the Polling Interval.")
            .build();

    public static final Relationship REL_RETRY = new Relationship.Builder()
            .name("retry")
            .description("The cluster manager could not be reached, timed out or answered 5xx (penalized): connect back to this"
                    + " processor. A submission is never started twice: the run id identifies the run to the cluster manager.")
            .build();

    private static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(SPARK_SUBMITTER, POLL_INTERVAL, RUN_TIMEOUT, BATCH_SIZE);
    private static final Set<Relationship> RELATIONSHIPS = Set.of(REL_SUCCESS, REL_FAILURE, REL_RUNNING, REL_RETRY);

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    @Override
    public Set<Relationship> getRelationships() {
        return RELATIONSHIPS;
    }

    /** Former property name -> current name (never remove an entry). "Poll Interval" became "Polling Interval", NiFi's word for it. */
    static final Map<String, String> RENAMED_PROPERTIES = Map.of("Poll Interval", "Polling Interval");

    @Override
    public void migrateProperties(final PropertyConfiguration config) {
        PropertyMigrations.rename(config, RENAMED_PROPERTIES);
    }

    /** Whether runs can be submitted: the submitter service's check with its enabled settings (Livy answers; spark-submit, Java and the job jar are there). */
    @Override
    public List<ConfigVerificationResult> verify(final ProcessContext context, final ComponentLog verificationLogger,
                                                 final Map<String, String> attributes) {
        return context.getProperty(SPARK_SUBMITTER).asControllerService(SparkSubmitterService.class).verifySubmitter(verificationLogger);
    }

    @Override
    public void onTrigger(final ProcessContext context, final ProcessSession session) throws ProcessException {
        final int batchSize = context.getProperty(BATCH_SIZE).asInteger();
        final long nowMillis = System.currentTimeMillis();
        final int[] taken = {0};
        final List<FlowFile> flowFiles = session.get(flowFile -> {
            if (taken[0] >= batchSize) {
                return FlowFileFilterResult.REJECT_AND_TERMINATE;
            }
            if (!due(flowFile, nowMillis)) {
                return FlowFileFilterResult.REJECT_AND_CONTINUE;
            }
            taken[0]++;
            return FlowFileFilterResult.ACCEPT_AND_CONTINUE;
        });
        if (flowFiles.isEmpty()) {
            context.yield();  // only runs that are not due yet are queued
            return;
        }
        final SparkSubmitter submitter = context.getProperty(SPARK_SUBMITTER).asControllerService(SparkSubmitterService.class).submitter();
        final Settings settings = new Settings(context.getProperty(POLL_INTERVAL).asTimePeriod(TimeUnit.MILLISECONDS),
                Duration.ofMillis(context.getProperty(RUN_TIMEOUT).asTimePeriod(TimeUnit.MILLISECONDS)));
        for (final FlowFile flowFile : flowFiles) {
            final String submission = flowFile.getAttribute(SUBMISSION);
            if (submission == null || submission.isBlank()) {
                submit(session, submitter, settings, flowFile);
            } else {
                follow(session, submitter, settings, flowFile, submission);
            }
        }
    }

    private record Settings(long pollIntervalMillis, Duration runTimeout) {
    }

    private static boolean due(final FlowFile flowFile, final long nowMillis) {
        final String next = flowFile.getAttribute(NEXT_POLL);
        if (next == null) {
            return true;
        }
        try {
            return Long.parseLong(next) <= nowMillis;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private void submit(final ProcessSession session, final SparkSubmitter submitter, final Settings settings, final FlowFile flowFile) {
        final RunRequest request;
        try {
            final AtomicReference<String> content = new AtomicReference<>();
            session.read(flowFile, in -> content.set(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            request = RunRequest.fromJson(content.get());
        } catch (IllegalArgumentException e) {
            fail(session, flowFile, ErrorCategory.CONFIGURATION, "the content is not a run request (use XmlPipelineLoader): " + e.getMessage());
            return;
        }
        final Submission submission;
        try {
            submission = submitter.submit(request);
        } catch (SubmitException e) {
            handleSubmitException(session, flowFile, request.runId(), e);
            return;
        }
        getLogger().debug("Run {} submitted: {}", request.runId(), submission.externalId());
        running(session, settings, flowFile, submission);
    }

    private void follow(final ProcessSession session, final SparkSubmitter submitter, final Settings settings, final FlowFile flowFile,
                        final String value) {
        Submission submission;
        try {
            submission = Submission.fromAttributeValue(value);
        } catch (IllegalArgumentException e) {
            fail(session, flowFile, ErrorCategory.INTERNAL, "attribute " + SUBMISSION + " is not a submission: " + e.getMessage());
            return;
        }
        try {
            if (RunTimeout.exceeded(submission, settings.runTimeout(), Instant.now())) {
                submission = submitter.cancel(submission);
                final String message = RunTimeout.message(submission.runId(), settings.runTimeout());
                getLogger().warn("{}", message);
                ended(session, flowFile, submission, RunStatus.FAILED, ErrorCategory.TIMEOUT, message, REL_FAILURE);
                return;
            }
            submission = submitter.poll(submission);
        } catch (SubmitException e) {
            handleSubmitException(session, flowFile, submission.runId(), e);
            return;
        }
        switch (submission.state()) {
            case SUCCEEDED -> ended(session, flowFile, submission, RunStatus.SUCCEEDED, null, null, REL_SUCCESS);
            case FAILED -> ended(session, flowFile, submission, RunStatus.FAILED,
                    submission.errorCategory() == null ? ErrorCategory.INTERNAL : submission.errorCategory(), submission.errorMessage(), REL_FAILURE);
            case CANCELLED -> ended(session, flowFile, submission, RunStatus.CANCELLED,
                    submission.errorCategory() == null ? ErrorCategory.CANCELLED : submission.errorCategory(), submission.errorMessage(), REL_FAILURE);
            case SUBMITTED, RUNNING, UNKNOWN -> running(session, settings, flowFile, submission);
        }
    }

    private void handleSubmitException(final ProcessSession session, final FlowFile flowFile, final String runId, final SubmitException e) {
        if (e.transientFailure()) {
            getLogger().warn("Run {}: {}; retrying later", runId, e.getMessage());
            FlowFile retried = session.putAttribute(flowFile, ERROR_MESSAGE, e.getMessage());
            session.transfer(session.penalize(retried), REL_RETRY);
        } else {
            getLogger().error("Run {} refused: {}", runId, e.getMessage());
            fail(session, flowFile, e.errorCategory(), e.getMessage());
        }
    }

    private void running(final ProcessSession session, final Settings settings, final FlowFile flowFile, final Submission submission) {
        final Map<String, String> attributes = stateAttributes(submission);
        attributes.put(RUN_STATUS, submission.state() == io.datahub.submit.SubmissionState.SUBMITTED ? RunStatus.SUBMITTED.name()
                : RunStatus.RUNNING.name());
        attributes.put(NEXT_POLL, String.valueOf(System.currentTimeMillis() + settings.pollIntervalMillis()));
        FlowFile updated = session.putAllAttributes(flowFile, attributes);
        updated = session.removeAttribute(updated, ERROR_MESSAGE);
        session.transfer(session.penalize(updated), REL_RUNNING);
    }

    private void ended(final ProcessSession session, final FlowFile flowFile, final Submission submission, final RunStatus status,
                       final ErrorCategory category, final String message, final Relationship relationship) {
        final PipelineRunResult result = submission.result();
        // The attribute keeps the final state without the result (which is the content): a FlowFile routed here again is not resubmitted.
        final Submission kept = new Submission(submission.runId(), submission.mode(), submission.externalId(), submission.sparkAppId(),
                submission.state(), submission.submittedAt(), submission.updatedAt(), submission.errorCategory(), submission.errorMessage(), null);
        final Map<String, String> attributes = stateAttributes(kept);
        attributes.put(RUN_STATUS, status.name());
        attributes.put(RUN_ENDED, (submission.updatedAt() == null ? Instant.now() : submission.updatedAt()).toString());
        if (result != null) {
            if (result.rowsRead() != null) {
                attributes.put(ROWS_READ, String.valueOf(sum(result.rowsRead())));
            }
            if (result.rowsWritten() != null) {
                attributes.put(ROWS_WRITTEN, String.valueOf(sum(result.rowsWritten())));
            }
        }
        if (category != null) {
            attributes.put(ERROR_CATEGORY, category.name());
            attributes.put(ERROR_MESSAGE, message == null ? "the run ended " + submission.state() + " without a message" : message);
        }
        FlowFile updated = session.putAllAttributes(flowFile, attributes);
        updated = session.removeAttribute(updated, NEXT_POLL);
        if (category == null) {
            updated = session.removeAllAttributes(updated, Set.of(ERROR_CATEGORY, ERROR_MESSAGE));
        }
        if (result != null) {
            updated = session.write(updated, out -> out.write(result.toJson().getBytes(StandardCharsets.UTF_8)));
            updated = session.putAttribute(updated, MIME_TYPE, "application/json");
        }
        session.transfer(updated, relationship);
    }

    private static Map<String, String> stateAttributes(final Submission submission) {
        final Map<String, String> attributes = new HashMap<>();
        attributes.put(SUBMISSION, submission.toAttributeValue());
        attributes.put(RUN_ID, submission.runId());
        attributes.put(SUBMIT_MODE, submission.mode().name());
        if (submission.submittedAt() != null) {
            attributes.put(RUN_STARTED, submission.submittedAt().toString());
        }
        if (submission.sparkAppId() != null) {
            attributes.put(SPARK_APP_ID, submission.sparkAppId());
        }
        if (submission.mode() == SubmitMode.LIVY_BATCH && submission.externalId() != null) {
            attributes.put(LIVY_BATCH_ID, submission.externalId());
        }
        return attributes;
    }

    private void fail(final ProcessSession session, final FlowFile flowFile, final ErrorCategory category, final String message) {
        final Map<String, String> attributes = new HashMap<>();
        attributes.put(RUN_STATUS, RunStatus.FAILED.name());
        attributes.put(ERROR_CATEGORY, category.name());
        attributes.put(ERROR_MESSAGE, message);
        attributes.put(RUN_ENDED, Instant.now().toString());
        session.transfer(session.putAllAttributes(flowFile, attributes), REL_FAILURE);
    }

    private static long sum(final Map<String, Long> rows) {
        return rows.values().stream().filter(Objects::nonNull).mapToLong(Long::longValue).sum();
    }
}
