package io.datahub.model.run;

import io.datahub.model.config.DefinitionFile;
import io.datahub.model.config.Layer;
import io.datahub.model.definition.Lookup;
import io.datahub.model.definition.PipelineDefinition;
import io.datahub.model.definition.SourceDefinition;
import io.datahub.model.definition.TargetDefinition;
import io.datahub.model.definition.Transformation;
import io.datahub.model.plan.DatasetGraph;
import io.datahub.model.schema.TableSchema;
import io.datahub.model.validation.LookupCatalog;
import io.datahub.model.validation.SchemaRefResolver;
import io.datahub.model.validation.ValidatedConfig;
import io.datahub.model.validation.ValidationError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a pipeline of a validated config tree into a self-contained {@link RunRequest}: its XML, the
 * columns of each schemaRef, the lookup definitions it uses with their columns, and checked parameter
 * values. Refuses a pipeline whose file (or a lookup it uses) has validation errors, listing them.
 */
public final class PipelineResolver {

    private final ValidatedConfig config;

    public PipelineResolver(ValidatedConfig config) {
        this.config = config;
    }

    /**
     * @throws IllegalArgumentException for an unknown pipeline, validation errors, or bad parameter values
     */
    public RunRequest resolve(String app, String pipelineId, String runId, int attempt, String jobRunId, LocalDate runDate,
                              Map<String, String> parameters, String dataRoot) {
        PipelineDefinition pipeline = config.pipeline(app, pipelineId).orElseThrow(() -> new IllegalArgumentException(
                "application '" + app + "' has no pipeline '" + pipelineId + "'" + known(app)));
        DefinitionFile file = config.fileOf(pipeline);
        List<ValidationError> errors = config.errorsOf(file.path());
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("pipeline '" + pipelineId + "' is not valid:\n"
                    + String.join("\n", errors.stream().map(ValidationError::format).toList()));
        }
        Layer layer = file.layer();
        Map<String, TableSchema> schemas = new LinkedHashMap<>();
        SchemaRefResolver resolver = config.schemas();
        for (SourceDefinition source : pipeline.sources()) {
            addSchema(schemas, resolver, source.schemaRef(), app, layer);
        }
        for (TargetDefinition target : pipeline.targets()) {
            addSchema(schemas, resolver, target.schemaRef(), app, layer);
        }
        Map<String, String> lookups = new LinkedHashMap<>();
        Map<String, TableSchema> lookupSchemas = new LinkedHashMap<>();
        DatasetGraph graph = new DatasetGraph(pipeline);
        for (Transformation t : pipeline.transformations()) {
            if (t instanceof Lookup l && !graph.isDataset(l.reference())) {
                LookupCatalog.Entry entry = config.lookups().find(app, layer, l.reference()).orElseThrow();
                lookups.put(l.reference(), read(Path.of(entry.file())));
                if (entry.schema() != null) {
                    lookupSchemas.put(l.reference(), entry.schema());
                    // The lookup's source reads its schemaRef like any source does.
                    schemas.putIfAbsent(entry.definition().source().schemaRef(), entry.schema());
                }
            }
        }
        Map<String, String> values = RunParameters.resolve(pipeline.parameters(), parameters, runId, runDate, app, layer.folder(), dataRoot);
        return new RunRequest(runId, attempt, jobRunId, app, layer.folder(), pipelineId, runDate, values, dataRoot,
                read(file.path()), schemas, lookups, lookupSchemas);
    }

    private String known(String app) {
        Map<String, PipelineDefinition> pipelines = config.pipelines().get(app);
        if (pipelines == null) {
            return " (applications: " + String.join(", ", config.pipelines().keySet()) + ")";
        }
        return " (pipelines: " + String.join(", ", pipelines.keySet()) + ")";
    }

    private static void addSchema(Map<String, TableSchema> schemas, SchemaRefResolver resolver, String ref, String app, Layer layer) {
        if (ref != null) {
            schemas.put(ref, resolver.resolve(ref, app, layer).schema());
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
