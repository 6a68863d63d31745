package io.datahub.model.validation;

import io.datahub.model.config.Layer;
import io.datahub.model.definition.LookupTableDefinition;
import io.datahub.model.schema.TableSchema;
import java.util.Optional;

/** Lookup definitions by application, layer and id (application ones hide common ones). */
public interface LookupCatalog {

    Optional<Entry> find(String app, Layer layer, String id);

    /**
     * @param definition the lookup definition
     * @param file       where it is defined
     * @param schema     its columns when its source has a readable schemaRef, else null
     */
    record Entry(LookupTableDefinition definition, String file, TableSchema schema) {
    }
}
