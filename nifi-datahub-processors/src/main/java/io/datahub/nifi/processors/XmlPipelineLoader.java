package io.datahub.nifi.processors;

import static io.datahub.nifi.processors.DatahubAttributes.ABSOLUTE_PATH;
import static io.datahub.nifi.processors.DatahubAttributes.APP;
import static io.datahub.nifi.processors.DatahubAttributes.ATTEMPT;
import static io.datahub.nifi.processors.DatahubAttributes.DEFINITION_FILE;
import static io.datahub.nifi.processors.DatahubAttributes.FILENAME;
import static io.datahub.nifi.processors.DatahubAttributes.JOB_RUN_ID;
import static io.datahub.nifi.processors.DatahubAttributes.LAYER;
import static io.datahub.nifi.processors.DatahubAttributes.MIME_TYPE;
import static io.datahub.nifi.processors.DatahubAttributes.PIPELINE_ID;
import static io.datahub.nifi.processors.DatahubAttributes.PIPELINE_VERSION;
import static io.datahub.nifi.processors.DatahubAttributes.RUN_DATE;
import static io.datahub.nifi.processors.DatahubAttributes.RUN_ID;
import static io.datahub.nifi.processors.DatahubAttributes.SCHEDULE;
import static io.datahub.nifi.processors.DatahubAttributes.SLA;
import static io.datahub.nifi.processors.DatahubAttributes.VALIDATION_ERRORS;

import io.datahub.model.config.DefinitionFile;
import io.datahub.model.config.Layer;
import io.datahub.model.definition.DefinitionReader;
import io.datahub.model.definition.ParsedDefinition;
import io.datahub.model.definition.PipelineDefinition;
import io.datahub.model.run.RunParameters;
import io.datahub.model.run.RunRequest;
import io.datahub.model.validation.PipelineContext;
import io.datahub.model.validation.PipelineValidator;
import io.datahub.model.validation.ValidatedConfig;
import io.datahub.model.validation.ValidationError;
import io.datahub.nifi.services.PropertyMigrations;
import io.datahub.nifi.services.PipelineRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.InputRequirement.Requirement;
import org.apache.nifi.annotation.behavior.ReadsAttribute;
import org.apache.nifi.annotation.behavior.ReadsAttributes;
import org.apache.nifi.annotation.behavior.SupportsBatching;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.MultiProcessorUseCase;
import org.apache.nifi.annotation.documentation.ProcessorConfiguration;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.documentation.UseCase;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.Validator;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.migration.PropertyConfiguration;
import org.apache.nifi.processor.AbstractProcessor;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.VerifiableProcessor;
import org.apache.nifi.processor.exception.ProcessException;

/**
 * Validates a pipeline definition and turns it into a run request: a thin adapter over {@code datahub-model}
 * ({@link DefinitionReader}, {@link PipelineValidator}, the registry's {@code PipelineResolver}).
 */
@Tags({"datahub", "pipeline", "xml", "validation", "spark", "run"})
@CapabilityDescription("Reads a Data Hub pipeline definition, validates it (XSD, then the semantic rules) and, when valid, replaces"
        + " the content with the pipeline's run request (JSON) ready for SparkPipelineSubmit. The definition is either the"
        + " FlowFile content (e.g. from ListFile and FetchFile) or, when the content is empty, the pipeline named by the"
        + " datahub.app and datahub.pipeline.id attributes in the Pipeline Registry. Invalid definitions are routed to"
        + " invalid with every error as path:line:column: message.")
@InputRequirement(Requirement.INPUT_REQUIRED)
@UseCase(
    description = "Validate pipeline definitions as they are delivered and run the valid ones",
    keywords = {"pipeline", "xml", "validate", "listfile", "fetchfile", "definition", "spark"},
    configuration = """
        "Pipeline Registry" is set to a StandardPipelineRegistry whose Config Directory is the Data Hub config tree, so that
        definitions of the tree are validated and resolved with their application's schemas and lookups.
        "Default Run Date" is left empty (today) or set with Expression Language, e.g. `${now():minus(86400000):format('yyyy-MM-dd')}`.

        Upstream, ListFile lists the definitions (Input Directory: the config tree's `applications` folder, File Filter `.*\\.xml`,
        Path Filter `.*/pipelines`) and FetchFile fetches each one: ListFile's `absolute.path` and `filename` tell the loader
        which file of the tree it is.
        Connect `valid` to SparkPipelineSubmit. Connect `invalid` to whatever tells the data engineers (PutEmail, PutSlack, a
        PutFile to an error folder): `datahub.validation.errors` lists every error as path:line:column: message.
        """
)
@UseCase(
    description = "Run a pipeline of the registry again for an earlier business date (backfill or rerun)",
    keywords = {"rerun", "backfill", "run date", "retry", "pipeline"},
    configuration = """
        "Pipeline Registry" is set to the StandardPipelineRegistry serving the pipeline.

        Upstream, a GenerateFlowFile (or an UpdateAttribute on an existing FlowFile) makes an empty FlowFile with the attributes
        `datahub.app` and `datahub.pipeline.id` naming the pipeline, `datahub.run.date` set to the business date to run for
        (yyyy-MM-dd), and, for a rerun of a failed run, `datahub.run.id` set to that run's id and `datahub.attempt` to the next
        attempt number, so the run history keeps both attempts under one run id. Parameters go in `datahub.param.<name>`.
        Connect `valid` to SparkPipelineSubmit.
        """
)
@MultiProcessorUseCase(
    description = "Run a Data Hub pipeline on Spark on a schedule and record every run",
    keywords = {"schedule", "cron", "pipeline", "spark", "run history", "sla"},
    configurations = {
        @ProcessorConfiguration(
            processorClassName = "org.apache.nifi.processors.standard.GenerateFlowFile",
            configuration = """
                Scheduling Strategy is CRON driven, with the pipeline's schedule (e.g. `0 30 3 * * ?` for 03:30 every day).
                "File Size" is `0B`. Two dynamic properties name the pipeline: `datahub.app` (e.g. `retail`) and
                `datahub.pipeline.id` (e.g. `retail_sales_load`); add `datahub.param.<name>` for parameter values.
                Connect `success` to XmlPipelineLoader.
                """
        ),
        @ProcessorConfiguration(
            processorClass = XmlPipelineLoader.class,
            configuration = """
                "Pipeline Registry" is a StandardPipelineRegistry over the config tree. "Default Run Date" is
                `${now():minus(86400000):format('yyyy-MM-dd')}` to process yesterday's data.
                Connect `valid` to SparkPipelineSubmit and `invalid` to a notification.
                """
        ),
        @ProcessorConfiguration(
            processorClass = SparkPipelineSubmit.class,
            configuration = """
                "Spark Submitter" is a LivyBatchSubmitterService, LivySessionSubmitterService or SparkLauncherSubmitterService.
                Connect `running` and `retry` back to SparkPipelineSubmit itself, and `success` and `failure` to RunRecorder.
                """
        ),
        @ProcessorConfiguration(
            processorClass = RunRecorder.class,
            configuration = """
                "Run History Store" is a JdbcRunHistoryStore on the run-history database.
                Connect `retry` back to RunRecorder; `success` goes on (e.g. to what consumes the pipeline's output).
                """
        )
    }
)
@SupportsBatching
@SeeAlso(classNames = {"io.datahub.nifi.processors.SparkPipelineSubmit", "io.datahub.nifi.processors.RunRecorder",
    "io.datahub.nifi.services.StandardPipelineRegistry"})
@ReadsAttributes({
    @ReadsAttribute(attribute = APP, description = "The application. With empty content, names the pipeline with datahub.pipeline.id;"
            + " with a definition as content, gives it the registry's context (schemas, lookups) when the file is not in the registry's tree."),
    @ReadsAttribute(attribute = PIPELINE_ID, description = "With empty content: the pipeline of the registry to load."),
    @ReadsAttribute(attribute = FILENAME, description = "Names the definition in error messages."),
    @ReadsAttribute(attribute = ABSOLUTE_PATH, description = "With filename, the definition file (as ListFile writes it); a file of the"
            + " registry's tree is validated and resolved with its application and layer."),
    @ReadsAttribute(attribute = RUN_ID, description = "The run id to use; generated as <pipelineId>-<runDate>-<8 hex digits> when absent."),
    @ReadsAttribute(attribute = RUN_DATE, description = "The run date (yyyy-MM-dd); when absent, the Run Date property."),
    @ReadsAttribute(attribute = ATTEMPT, description = "The attempt number; 1 when absent."),
    @ReadsAttribute(attribute = JOB_RUN_ID, description = "The job run this pipeline run belongs to, if any."),
    @ReadsAttribute(attribute = "datahub.param.*", description = "Parameter values of the run, by parameter name.")
})
@WritesAttributes({
    @WritesAttribute(attribute = APP, description = "The application."),
    @WritesAttribute(attribute = LAYER, description = "The layer (staging, standardization, service)."),
    @WritesAttribute(attribute = PIPELINE_ID, description = "The pipeline id."),
    @WritesAttribute(attribute = PIPELINE_VERSION, description = "The pipeline version."),
    @WritesAttribute(attribute = RUN_ID, description = "The run id."),
    @WritesAttribute(attribute = RUN_DATE, description = "The run date (yyyy-MM-dd)."),
    @WritesAttribute(attribute = ATTEMPT, description = "The attempt number."),
    @WritesAttribute(attribute = "datahub.param.*", description = "The parameter values as passed in (unchanged)."),
    @WritesAttribute(attribute = SLA, description = "The pipeline's SLA (ISO-8601 duration), if it declares one."),
    @WritesAttribute(attribute = SCHEDULE, description = "The pipeline's schedule (cron), if it declares one."),
    @WritesAttribute(attribute = DEFINITION_FILE, description = "The definition file (or name) the run was loaded from."),
    @WritesAttribute(attribute = MIME_TYPE, description = "application/json on valid."),
    @WritesAttribute(attribute = VALIDATION_ERRORS, description = "On invalid: every error, one per line, as path:line:column: message.")
})
public class XmlPipelineLoader extends AbstractProcessor implements VerifiableProcessor {

    public static final PropertyDescriptor PIPELINE_REGISTRY = new PropertyDescriptor.Builder()
            .name("Pipeline Registry")
            .description("Serves the config tree: pipelines named by attributes, the context (schemas, lookups) of definitions"
                    + " of an application, and the data root of the run requests.")
            .required(true)
            .identifiesControllerService(PipelineRegistry.class)
            .build();

    public static final PropertyDescriptor RUN_DATE_PROPERTY = new PropertyDescriptor.Builder()
            .name("Default Run Date")
            .description("The run date (yyyy-MM-dd) of FlowFiles without a datahub.run.date attribute; empty for today"
                    + " (in the time zone of NiFi's JVM). Supports Expression Language, e.g. ${now():minus(86400000):format('yyyy-MM-dd')}.")
            .required(false)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .addValidator(new RunDateValidator())
            .build();

    public static final Relationship REL_VALID = new Relationship.Builder()
            .name("valid")
            .description("A valid pipeline: the content is its run request (JSON), the attributes name the run.")
            .build();

    public static final Relationship REL_INVALID = new Relationship.Builder()
            .name("invalid")
            .description("An invalid definition, an unknown pipeline or bad run attributes: datahub.validation.errors says why."
                    + " The content is unchanged.")
            .build();

    private static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(PIPELINE_REGISTRY, RUN_DATE_PROPERTY);
    private static final Set<Relationship> RELATIONSHIPS = Set.of(REL_VALID, REL_INVALID);

    private final DefinitionReader reader = new DefinitionReader();
    private final PipelineValidator validator = new PipelineValidator();

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    @Override
    public Set<Relationship> getRelationships() {
        return RELATIONSHIPS;
    }

    /** Former property name -> current name (never remove an entry). "Run Date" became "Default Run Date": the attribute datahub.run.date wins over it. */
    static final Map<String, String> RENAMED_PROPERTIES = Map.of("Run Date", "Default Run Date");

    @Override
    public void migrateProperties(final PropertyConfiguration config) {
        PropertyMigrations.rename(config, RENAMED_PROPERTIES);
    }

    /** Why a FlowFile is invalid: the errors, one per line. */
    private static final class Invalid extends Exception {
        Invalid(final String errors) {
            super(errors, null, false, false);
        }
    }

    @Override
    public void onTrigger(final ProcessContext context, final ProcessSession session) throws ProcessException {
        FlowFile flowFile = session.get();
        if (flowFile == null) {
            return;
        }
        final PipelineRegistry registry = context.getProperty(PIPELINE_REGISTRY).asControllerService(PipelineRegistry.class);
        try {
            final LoadedPipelineRun loaded = flowFile.getSize() == 0 ? fromRegistry(context, registry, flowFile.getAttributes())
                    : fromContent(context, registry, session, flowFile);
            flowFile = session.write(flowFile, out -> out.write(loaded.request().toJson().getBytes(StandardCharsets.UTF_8)));
            flowFile = session.removeAttribute(flowFile, VALIDATION_ERRORS);
            flowFile = session.putAllAttributes(flowFile, loaded.attributes());
            session.transfer(flowFile, REL_VALID);
        } catch (Invalid e) {
            getLogger().error("{} routed to invalid:\n{}", flowFile, e.getMessage());
            flowFile = session.putAttribute(flowFile, VALIDATION_ERRORS, e.getMessage());
            session.transfer(flowFile, REL_INVALID);
        }
    }

    static final String STEP_RUN_DATE = "Run Date";
    static final String STEP_PIPELINE = "Resolve Pipeline";

    /**
     * The registry's definitions as it serves them now (every error listed), the run date FlowFiles without datahub.run.date
     * get (Default Run Date evaluated against the given attributes), and, when the attributes name a pipeline (datahub.app and
     * datahub.pipeline.id, as an empty FlowFile does), whether it resolves to a run request.
     */
    @Override
    public List<ConfigVerificationResult> verify(final ProcessContext context, final ComponentLog verificationLogger,
                                                 final Map<String, String> attributes) {
        final PipelineRegistry registry = context.getProperty(PIPELINE_REGISTRY).asControllerService(PipelineRegistry.class);
        final List<ConfigVerificationResult> results = new ArrayList<>(registry.verifyDefinitions(verificationLogger));
        final Map<String, String> given = attributes == null ? Map.of() : attributes;
        final Map<String, String> withoutDate = new HashMap<>(given);
        withoutDate.remove(RUN_DATE);
        try {
            final String property = context.getProperty(RUN_DATE_PROPERTY).evaluateAttributeExpressions(withoutDate).getValue();
            final LocalDate runDate = runDate(context, withoutDate);
            results.add(verification(STEP_RUN_DATE, Outcome.SUCCESSFUL, "FlowFiles without " + RUN_DATE + " run for " + runDate
                    + (blank(property) ? " (today: " + RUN_DATE_PROPERTY.getName() + " is empty)" : "")));
        } catch (Invalid e) {
            results.add(verification(STEP_RUN_DATE, Outcome.FAILED, e.getMessage()));
        }
        if (blank(given.get(APP)) || blank(given.get(PIPELINE_ID))) {
            results.add(verification(STEP_PIPELINE, Outcome.SKIPPED, "give the attributes " + APP + " and " + PIPELINE_ID
                    + " to check that the pipeline they name loads"));
        } else {
            try {
                final LoadedPipelineRun loaded = fromRegistry(context, registry, given);
                final RunRequest request = loaded.request();
                results.add(verification(STEP_PIPELINE, Outcome.SUCCESSFUL, "pipeline '" + request.pipelineId() + "' of application '"
                        + request.app() + "' (layer " + request.layer() + ", " + loaded.definitionFile() + ") resolves to a run request"
                        + " for " + request.runDate() + " with data root " + request.dataRoot()));
            } catch (Invalid e) {
                results.add(verification(STEP_PIPELINE, Outcome.FAILED, e.getMessage()));
            }
        }
        results.stream().filter(r -> r.getOutcome() == Outcome.FAILED)
                .forEach(r -> verificationLogger.warn("{}: {}", r.getVerificationStepName(), r.getExplanation()));
        return results;
    }

    private static ConfigVerificationResult verification(final String step, final Outcome outcome, final String explanation) {
        return new ConfigVerificationResult.Builder().verificationStepName(step).outcome(outcome).explanation(explanation).build();
    }

    /** Empty content: the registry's pipeline named by datahub.app and datahub.pipeline.id. */
    private LoadedPipelineRun fromRegistry(final ProcessContext context, final PipelineRegistry registry,
                                           final Map<String, String> attributes) throws Invalid {
        final String app = attributes.get(APP);
        final String pipelineId = attributes.get(PIPELINE_ID);
        if (blank(app) || blank(pipelineId)) {
            throw new Invalid("the FlowFile has no content (a pipeline definition) and no " + APP + " and " + PIPELINE_ID
                    + " attributes naming a pipeline of the registry");
        }
        final LocalDate runDate = runDate(context, attributes);
        try {
            return LoadedPipelineRun.fromRegistry(registry, app, pipelineId, runId(attributes, pipelineId, runDate), attempt(attributes),
                    attributes.get(JOB_RUN_ID), runDate, DatahubAttributes.parameters(attributes));
        } catch (IllegalArgumentException e) {
            throw new Invalid(e.getMessage());
        }
    }

    /** A definition as content, validated with the registry's context when its application is known. */
    private LoadedPipelineRun fromContent(final ProcessContext context, final PipelineRegistry registry, final ProcessSession session,
                               final FlowFile flowFile) throws Invalid {
        final Path path = path(flowFile);
        final String name = path != null ? path.toString() : Optional.ofNullable(flowFile.getAttribute(FILENAME)).orElse(flowFile.toString());
        final AtomicReference<ParsedDefinition> read = new AtomicReference<>();
        final AtomicReference<byte[]> bytes = new AtomicReference<>();
        session.read(flowFile, in -> {
            final byte[] content = in.readNBytes(DefinitionReader.MAX_BYTES + 1);
            bytes.set(content);
            read.set(reader.read(name, content));
        });
        final ParsedDefinition parsed = read.get();
        if (!parsed.errors().isEmpty()) {
            throw new Invalid(format(parsed.errors()));
        }
        final PipelineDefinition pipeline = parsed.pipeline().orElseThrow(() -> new Invalid(name + ":0:0: a <" + parsed.rootElement()
                + "> definition, not a <pipeline>: " + ("jobPipeline".equals(parsed.rootElement())
                ? "run jobs with JobPipelineRunner" : "lookups are used by pipelines, not run")));

        final ValidatedConfig config = registry.config();
        final DefinitionFile treeFile = path == null ? null : config.files().values().stream()
                .filter(f -> f.path().toAbsolutePath().normalize().equals(path)).findFirst().orElse(null);
        final String app = !blank(flowFile.getAttribute(APP)) ? flowFile.getAttribute(APP) : treeFile == null ? null : treeFile.app();
        final PipelineContext validationContext = app == null ? PipelineContext.standalone()
                : new PipelineContext(app, treeFile != null ? treeFile.layer() : Layer.fromFolder(pipeline.layer()).orElse(null),
                        config.schemas(), config.lookups());
        final List<ValidationError> errors = validator.validate(pipeline, name, validationContext);
        if (!errors.isEmpty()) {
            throw new Invalid(format(errors));
        }
        if (app == null) {
            throw new Invalid(name + ":0:0: cannot tell the application of pipeline '" + pipeline.id() + "': the file is not in the"
                    + " registry's config tree and the FlowFile has no " + APP + " attribute");
        }

        final Optional<PipelineDefinition> known = config.pipeline(app, pipeline.id());
        if (known.isEmpty()) {
            // Not in the registry's tree: run from the content alone.
            return new LoadedPipelineRun(pipeline, standalone(context, registry, flowFile.getAttributes(), app, pipeline,
                    new String(bytes.get(), StandardCharsets.UTF_8)),
                    name);
        }
        // The registry resolves from its file: only a FlowFile with the file's current content may use it.
        final Path knownFile = config.fileOf(known.get()).path().toAbsolutePath().normalize();
        if (!sameContent(knownFile, bytes.get())) {
            if (knownFile.equals(path)) {
                throw new Invalid(name + ":0:0: the file changed after this FlowFile read it; its current version is loaded when it is"
                        + " listed and fetched again");
            }
            throw new Invalid(name + ":0:0: pipeline id '" + pipeline.id() + "' is already defined in application '" + app + "' by "
                    + knownFile + ", with other content");
        }
        final List<ValidationError> treeErrors = config.errorsOf(config.fileOf(known.get()).path());
        if (!treeErrors.isEmpty()) {
            throw new Invalid(format(treeErrors));
        }
        return new LoadedPipelineRun(pipeline, resolve(context, registry, flowFile.getAttributes(), app, pipeline.id()), name);
    }

    private RunRequest resolve(final ProcessContext context, final PipelineRegistry registry, final Map<String, String> attributes,
                               final String app, final String pipelineId) throws Invalid {
        final LocalDate runDate = runDate(context, attributes);
        final String runId = runId(attributes, pipelineId, runDate);
        try {
            return registry.resolve(app, pipelineId, runId, attempt(attributes), attributes.get(JOB_RUN_ID), runDate,
                    DatahubAttributes.parameters(attributes));
        } catch (IllegalArgumentException e) {
            throw new Invalid(e.getMessage());
        }
    }

    private RunRequest standalone(final ProcessContext context, final PipelineRegistry registry, final Map<String, String> attributes,
                                  final String app, final PipelineDefinition pipeline, final String xml) throws Invalid {
        final LocalDate runDate = runDate(context, attributes);
        final String runId = runId(attributes, pipeline.id(), runDate);
        final String dataRoot = registry.dataRoot();
        try {
            final Map<String, String> values = RunParameters.resolve(pipeline.parameters(), DatahubAttributes.parameters(attributes),
                    runId, runDate, app, pipeline.layer(), dataRoot);
            return new RunRequest(runId, attempt(attributes), attributes.get(JOB_RUN_ID), app, pipeline.layer(), pipeline.id(), runDate,
                    values, dataRoot, xml, null, null, null);
        } catch (IllegalArgumentException e) {
            throw new Invalid("pipeline '" + pipeline.id() + "': " + e.getMessage());
        }
    }

    private static LocalDate runDate(final ProcessContext context, final Map<String, String> attributes) throws Invalid {
        String value = attributes.get(RUN_DATE);
        String source = "attribute " + RUN_DATE;
        if (blank(value)) {
            value = context.getProperty(RUN_DATE_PROPERTY).evaluateAttributeExpressions(attributes).getValue();
            source = "property " + RUN_DATE_PROPERTY.getName();
        }
        if (blank(value)) {
            return LocalDate.now();
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new Invalid(source + " = '" + value + "' is not a date (yyyy-MM-dd)");
        }
    }

    private static String runId(final Map<String, String> attributes, final String pipelineId, final LocalDate runDate) {
        final String given = attributes.get(RUN_ID);
        return blank(given) ? pipelineId + "-" + runDate + "-" + UUID.randomUUID().toString().substring(0, 8) : given.strip();
    }

    private static int attempt(final Map<String, String> attributes) throws Invalid {
        try {
            return DatahubAttributes.attempt(attributes);
        } catch (IllegalArgumentException e) {
            throw new Invalid(e.getMessage());
        }
    }

    /** The definition file named by absolute.path and filename (as ListFile writes them), or null. */
    private static Path path(final FlowFile flowFile) {
        final String directory = flowFile.getAttribute(ABSOLUTE_PATH);
        final String filename = flowFile.getAttribute(FILENAME);
        if (blank(directory) || blank(filename)) {
            return null;
        }
        try {
            return Path.of(directory, filename).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static boolean sameContent(final Path file, final byte[] content) {
        try {
            return java.util.Arrays.equals(Files.readAllBytes(file), content);
        } catch (IOException e) {
            return false;
        }
    }

    private static String format(final List<ValidationError> errors) {
        return LoadedPipelineRun.format(errors);
    }

    private static boolean blank(final String value) {
        return value == null || value.isBlank();
    }

    /** A date, or Expression Language (checked when evaluated). */
    private static final class RunDateValidator implements Validator {
        @Override
        public ValidationResult validate(final String subject, final String input, final ValidationContext context) {
            if (context.isExpressionLanguageSupported(subject) && context.isExpressionLanguagePresent(input)) {
                return new ValidationResult.Builder().subject(subject).input(input).valid(true).explanation("Expression Language").build();
            }
            boolean valid;
            try {
                LocalDate.parse(input.strip());
                valid = true;
            } catch (DateTimeParseException e) {
                valid = false;
            }
            return new ValidationResult.Builder().subject(subject).input(input).valid(valid).explanation("a date yyyy-MM-dd").build();
        }
    }
}
