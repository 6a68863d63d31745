package io.datahub.model.config;

import java.nio.file.Path;

/**
 * A definition file found in the config tree.
 *
 * @param path  the file (under the config root as the caller gave it)
 * @param app   the application, or null for {@code config/common}
 * @param layer the layer folder it sits in, or null for {@code config/common}
 * @param kind  what its folder says it holds
 */
public record DefinitionFile(Path path, String app, Layer layer, DefinitionKind kind) {
}
