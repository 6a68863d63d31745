package io.datahub.nifi.processors;

import static io.datahub.nifi.processors.DatahubAttributes.APP;
import static io.datahub.nifi.processors.DatahubAttributes.ATTEMPT;
import static io.datahub.nifi.processors.DatahubAttributes.DEFINITION_FILE;
import static io.datahub.nifi.processors.DatahubAttributes.LAYER;
import static io.datahub.nifi.processors.DatahubAttributes.MIME_TYPE;
import static io.datahub.nifi.processors.DatahubAttributes.PIPELINE_ID;
import static io.datahub.nifi.processors.DatahubAttributes.PIPELINE_VERSION;
import static io.datahub.nifi.processors.DatahubAttributes.RUN_DATE;
import static io.datahub.nifi.processors.DatahubAttributes.RUN_ID;
import static io.datahub.nifi.processors.DatahubAttributes.SCHEDULE;
import static io.datahub.nifi.processors.DatahubAttributes.SLA;

import io.datahub.model.config.DefinitionFile;
import io.datahub.model.definition.LocatedText;
import io.datahub.model.definition.Metadata;
import io.datahub.model.definition.PipelineDefinition;
import io.datahub.model.run.RunRequest;
import io.datahub.model.validation.ValidatedConfig;
import io.datahub.model.validation.ValidationError;
import io.datahub.nifi.services.PipelineRegistry;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A valid pipeline and its run request: what XmlPipelineLoader (on valid) and JobPipelineRunner (on pipelines) emit, with
 * the request as content and {@link #attributes()} as attributes, so SparkPipelineSubmit and RunRecorder see the same run
 * from either.
 *
 * @param definitionFile the definition file (or name) the run was loaded from
 */
record LoadedPipelineRun(PipelineDefinition pipeline, RunRequest request, String definitionFile) {

    /**
     * The registry's pipeline {@code app}/{@code pipelineId}, resolved into a run request.
     *
     * @throws IllegalArgumentException for an unknown pipeline (naming the known ones), a pipeline with validation errors
     *                                  (each as path:line:column: message, one per line) or bad parameter values
     */
    static LoadedPipelineRun fromRegistry(final PipelineRegistry registry, final String app, final String pipelineId, final String runId,
                                          final int attempt, final String jobRunId, final LocalDate runDate,
                                          final Map<String, String> parameters) {
        final ValidatedConfig config = registry.config();
        final Optional<PipelineDefinition> pipeline = config.pipeline(app, pipelineId);
        if (pipeline.isPresent()) {
            final List<ValidationError> errors = config.errorsOf(config.fileOf(pipeline.get()).path());
            if (!errors.isEmpty()) {
                throw new IllegalArgumentException(format(errors));
            }
        }
        // An unknown pipeline: the resolver says which exist.
        final RunRequest request = registry.resolve(app, pipelineId, runId, attempt, jobRunId, runDate, parameters);
        final DefinitionFile file = config.fileOf(pipeline.orElseThrow());
        return new LoadedPipelineRun(pipeline.get(), request, file.path().toString());
    }

    /** The run's attributes: who it is, its attempt, SLA and schedule, and where it was loaded from. */
    Map<String, String> attributes() {
        final Map<String, String> attributes = new HashMap<>();
        attributes.put(APP, request.app());
        attributes.put(LAYER, request.layer());
        attributes.put(PIPELINE_ID, request.pipelineId());
        attributes.put(RUN_ID, request.runId());
        attributes.put(RUN_DATE, request.runDate().toString());
        attributes.put(ATTEMPT, String.valueOf(request.attempt()));
        attributes.put(DEFINITION_FILE, definitionFile);
        attributes.put(MIME_TYPE, "application/json");
        if (pipeline.version() != null) {
            attributes.put(PIPELINE_VERSION, pipeline.version());
        }
        final Metadata metadata = pipeline.metadata();
        if (metadata != null) {
            text(metadata.sla()).ifPresent(sla -> attributes.put(SLA, sla));
            text(metadata.schedule()).ifPresent(schedule -> attributes.put(SCHEDULE, schedule));
        }
        return attributes;
    }

    static String format(final List<ValidationError> errors) {
        return String.join("\n", errors.stream().sorted().map(ValidationError::format).toList());
    }

    private static Optional<String> text(final LocatedText text) {
        return text == null || text.text().isEmpty() ? Optional.empty() : Optional.of(text.text());
    }
}
