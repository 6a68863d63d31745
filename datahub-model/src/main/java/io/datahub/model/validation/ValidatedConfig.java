package io.datahub.model.validation;

import io.datahub.model.config.DefinitionFile;
import io.datahub.model.definition.JobPipelineDefinition;
import io.datahub.model.definition.PipelineDefinition;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The result of validating a config tree: every error, and the definitions that were read,
 * by application and id, for callers that serve them (the CLI, NiFi's pipeline registry).
 *
 * @param errors        all errors, sorted by file, line and column
 * @param filesChecked  how many definition files were read
 * @param pipelines     application -> pipeline id -> definition (only those that parsed)
 * @param jobs          application -> job id -> definition (only those that parsed)
 * @param files         the definition file behind each parsed definition
 * @param invalidFiles  files with at least one error
 * @param lookups       lookup definitions for the pipelines' references
 * @param schemas       resolves schemaRefs in this tree
 */
public record ValidatedConfig(List<ValidationError> errors, int filesChecked,
                              Map<String, Map<String, PipelineDefinition>> pipelines,
                              Map<String, Map<String, JobPipelineDefinition>> jobs,
                              Map<Object, DefinitionFile> files,
                              int invalidFiles,
                              LookupCatalog lookups,
                              SchemaRefResolver schemas) {

    public boolean isValid() {
        return errors.isEmpty();
    }

    public Optional<PipelineDefinition> pipeline(String app, String id) {
        return Optional.ofNullable(pipelines.getOrDefault(app, Map.of()).get(id));
    }

    public Optional<JobPipelineDefinition> job(String app, String id) {
        return Optional.ofNullable(jobs.getOrDefault(app, Map.of()).get(id));
    }

    /** The errors of one file. */
    public java.util.List<ValidationError> errorsOf(java.nio.file.Path file) {
        return errors.stream().filter(e -> e.file().equals(file.toString())).toList();
    }

    /** The file a parsed definition came from. */
    public DefinitionFile fileOf(Object definition) {
        return files.get(definition);
    }
}
