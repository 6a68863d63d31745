package io.datahub.model.definition;

import io.datahub.model.validation.ValidationError;
import java.util.List;
import java.util.Optional;

/**
 * What reading one file gave: the definition when it parsed and met the XSD, and the errors otherwise.
 *
 * @param file       the file as named by the caller
 * @param definition a {@link PipelineDefinition}, {@link JobPipelineDefinition} or {@link LookupTableDefinition}; null on errors
 * @param errors     parse and XSD errors, in document order
 */
public record ParsedDefinition(String file, Object definition, List<ValidationError> errors) {

    public ParsedDefinition {
        errors = List.copyOf(errors);
    }

    public boolean isValid() {
        return errors.isEmpty() && definition != null;
    }

    public Optional<PipelineDefinition> pipeline() {
        return definition instanceof PipelineDefinition p ? Optional.of(p) : Optional.empty();
    }

    public Optional<JobPipelineDefinition> job() {
        return definition instanceof JobPipelineDefinition j ? Optional.of(j) : Optional.empty();
    }

    public Optional<LookupTableDefinition> lookup() {
        return definition instanceof LookupTableDefinition l ? Optional.of(l) : Optional.empty();
    }

    /** The root element name of what was read ("pipeline", "jobPipeline", "lookup"), or null when nothing was. */
    public String rootElement() {
        return definition instanceof Located l ? l.elementName() : null;
    }
}
