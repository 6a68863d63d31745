package io.datahub.model.validation;

import io.datahub.model.config.ConfigTree;
import io.datahub.model.config.Layer;
import io.datahub.model.schema.SchemaArtifactException;
import io.datahub.model.schema.SchemaArtifactReader;
import io.datahub.model.schema.TableSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves {@code schemaRef} values in the config tree and reads them once each:
 * {@code schemas/...} is relative to the layer folder; anything else is tried under the layer's
 * {@code schemas/} and then {@code common/schemas/}. Nothing outside the config root is read.
 */
public final class SchemaRefResolver {

    private final ConfigTree tree;
    private final SchemaArtifactReader reader = new SchemaArtifactReader();
    private final Map<Path, Object> cache = new ConcurrentHashMap<>();

    public SchemaRefResolver(ConfigTree tree) {
        this.tree = tree;
    }

    /** The schema, or a message saying why there is none. */
    public Result resolve(String ref, String app, Layer layer) {
        List<Path> candidates = candidates(ref, app, layer);
        Path root = tree.root().toAbsolutePath().normalize();
        for (Path candidate : candidates) {
            if (!candidate.toAbsolutePath().normalize().startsWith(root)) {
                return Result.error("schemaRef '" + ref + "' points outside the config tree");
            }
        }
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate)) {
                Object cached = cache.computeIfAbsent(candidate.normalize(), this::read);
                return cached instanceof TableSchema schema ? Result.of(schema, candidate)
                        : Result.error("schemaRef '" + ref + "': " + cached);
            }
        }
        return Result.error("schemaRef '" + ref + "' not found (looked for " + String.join(", ",
                candidates.stream().map(Path::toString).toList()) + ")");
    }

    private Object read(Path file) {
        try {
            return reader.read(file);
        } catch (SchemaArtifactException e) {
            return e.getMessage();
        }
    }

    private List<Path> candidates(String ref, String app, Layer layer) {
        List<Path> paths = new ArrayList<>();
        if (app != null && layer != null) {
            Path layerDir = tree.layerDir(app, layer);
            paths.add(ref.startsWith("schemas/") ? layerDir.resolve(ref) : layerDir.resolve("schemas").resolve(ref));
        }
        if (!ref.startsWith("schemas/") || app == null) {
            paths.add(tree.commonSchemas().resolve(ref.startsWith("schemas/") ? ref.substring("schemas/".length()) : ref));
        }
        return paths;
    }

    /**
     * @param schema the columns, or null
     * @param file   where they were read from, or null
     * @param error  why there is no schema, or null
     */
    public record Result(TableSchema schema, Path file, String error) {
        static Result of(TableSchema schema, Path file) {
            return new Result(schema, file, null);
        }

        static Result error(String message) {
            return new Result(null, null, message);
        }
    }
}
