package io.datahub.spark.engine;

import io.datahub.model.definition.DefinitionReader;
import io.datahub.model.definition.ParsedDefinition;
import io.datahub.model.definition.PipelineDefinition;
import io.datahub.model.run.ErrorCategory;
import io.datahub.model.run.PipelineRunResult;
import io.datahub.model.run.RunRequest;
import io.datahub.model.run.RunStatus;
import io.datahub.model.validation.LookupCatalog;
import io.datahub.model.validation.PipelineContext;
import io.datahub.model.validation.PipelineValidator;
import io.datahub.model.validation.ValidationError;
import io.datahub.spark.api.DatahubException;
import io.datahub.spark.api.RunContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one pipeline and always answers with a {@link PipelineRunResult}, never an exception: the
 * template that owns the session's lifecycle, logging (the run id in the MDC and on every line),
 * metrics and the outcome. Subclasses say where the session comes from (a cluster's, or an embedded
 * local one) and where secrets come from.
 */
public abstract class SparkPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(SparkPipeline.class);

    private final Elements elements;

    protected SparkPipeline(Elements elements) {
        this.elements = elements;
    }

    /** The session to run on. */
    protected abstract SparkSession session(RunRequest request);

    /** Looks secrets up by name (null when absent). */
    protected abstract Function<String, String> secrets(SparkSession spark);

    /** Called after the run, whatever its outcome. */
    protected void release(SparkSession spark) {
    }

    public final PipelineRunResult run(RunRequest request) {
        Instant started = Instant.now();
        MDC.put("runId", request.runId());
        LOG.info("run {}: pipeline {}/{}/{} for {} starting", request.runId(), request.app(), request.layer(), request.pipelineId(), request.runDate());
        SparkSession spark = null;
        PipelineExecution execution = null;
        RunContext context = null;
        String version = null;
        try {
            PipelineDefinition pipeline = parse(request);
            version = pipeline.version();
            spark = session(request);
            spark.sparkContext().setJobGroup(request.runId(), "datahub " + request.pipelineId() + " " + request.runId(), true);
            context = new RunContext(spark, request, pipeline, secrets(spark));
            execution = new PipelineExecution(pipeline, context, elements);
            execution.run();
            PipelineRunResult result = new PipelineRunResult(request.runId(), request.app(), request.layer(), request.pipelineId(), version,
                    request.runDate().toString(), RunStatus.SUCCEEDED, started, Instant.now(), execution.rowsRead(), execution.rowsWritten(),
                    context.quarantined(), context.rejected(), execution.steps(), context.warnings(), null, null);
            LOG.info("run {}: succeeded in {} ms, rows read {}, rows written {}", request.runId(), result.durationMs(),
                    result.rowsRead(), result.rowsWritten());
            return result;
        } catch (Throwable failure) {
            DatahubException error = ErrorClassifier.classify(failure, execution == null ? "<pipeline>" : execution.currentElement(),
                    context == null ? List.of() : context.inputs());
            if (error.category() == ErrorCategory.INTERNAL) {
                LOG.error("run {}: failed [{}] {}", request.runId(), error.category(), error.getMessage(), failure);
            } else {
                // A categorised failure is the pipeline's outcome, not a bug: its message says it all.
                LOG.error("run {}: failed [{}] {}", request.runId(), error.category(), error.getMessage());
            }
            return new PipelineRunResult(request.runId(), request.app(), request.layer(), request.pipelineId(), version,
                    request.runDate().toString(), RunStatus.FAILED, started, Instant.now(),
                    execution == null ? null : execution.rowsRead(), execution == null ? null : execution.rowsWritten(),
                    null, null, execution == null ? null : execution.steps(), null, error.category(), error.getMessage());
        } finally {
            if (spark != null) {
                spark.sparkContext().clearJobGroup();
                release(spark);
            }
            MDC.remove("runId");
        }
    }

    /** The definition from the request, validated again: a cluster must not trust what it was sent. */
    private static PipelineDefinition parse(RunRequest request) {
        ParsedDefinition parsed = new DefinitionReader().read(request.pipelineId() + ".xml", request.pipelineXml().getBytes(StandardCharsets.UTF_8));
        if (!parsed.isValid() || parsed.pipeline().isEmpty()) {
            throw new DatahubException(ErrorCategory.CONFIGURATION, "the pipeline in the run request is not valid: " + format(parsed.errors()));
        }
        PipelineDefinition pipeline = parsed.pipeline().get();
        // Lookups are inlined in the request rather than found in a config tree.
        LookupCatalog inlined = (app, layer, id) -> Optional.ofNullable(request.lookups().get(id))
                .flatMap(xml -> new DefinitionReader().read("lookup " + id, xml.getBytes(StandardCharsets.UTF_8)).lookup())
                .map(lookup -> new LookupCatalog.Entry(lookup, "lookup " + id, request.lookupSchemas().get(id)));
        List<ValidationError> errors = new PipelineValidator().validate(pipeline, parsed.file(),
                new PipelineContext(request.app(), null, null, inlined));
        if (!errors.isEmpty()) {
            throw new DatahubException(ErrorCategory.CONFIGURATION, "the pipeline in the run request is not valid: " + format(errors));
        }
        return pipeline;
    }

    private static String format(List<ValidationError> errors) {
        return String.join("; ", errors.stream().map(ValidationError::format).toList());
    }
}
