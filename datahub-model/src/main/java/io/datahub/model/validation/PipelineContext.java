package io.datahub.model.validation;

import io.datahub.model.config.Layer;

/**
 * Where a pipeline definition sits, for the checks that look beyond the file.
 *
 * @param app         the application, or null when validated on its own
 * @param folderLayer the layer folder it was found in, or null when not from the tree
 * @param schemas     resolves schemaRefs, or null to skip schema checks
 * @param lookups     resolves lookup references, or null when only the pipeline's own sources count
 */
public record PipelineContext(String app, Layer folderLayer, SchemaRefResolver schemas, LookupCatalog lookups) {

    /** For a definition checked alone: no tree, so no schema files and no lookup definitions. */
    public static PipelineContext standalone() {
        return new PipelineContext(null, null, null, null);
    }
}
