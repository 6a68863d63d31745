package io.datahub.model.validation;

import io.datahub.model.config.ConfigTree;
import io.datahub.model.config.DefinitionFile;
import io.datahub.model.config.Layer;
import io.datahub.model.definition.DefinitionReader;
import io.datahub.model.definition.JobPipelineDefinition;
import io.datahub.model.definition.LookupTableDefinition;
import io.datahub.model.definition.ParsedDefinition;
import io.datahub.model.definition.PipelineDefinition;
import io.datahub.model.schema.TableSchema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Validates a whole config tree, both stages: each file against the XSD (hardened parsing), then
 * the semantic rules with the context of its application (ids unique per application, schemas,
 * lookups, the pipelines a job names).
 */
public final class ConfigValidator {

    private final DefinitionReader reader = new DefinitionReader();

    public ValidatedConfig validate(Path configRoot) {
        ConfigTree tree = ConfigTree.scan(configRoot);
        List<ValidationError> errors = new ArrayList<>(tree.layoutErrors());
        SchemaRefResolver schemas = new SchemaRefResolver(tree);
        Map<String, Map<String, PipelineDefinition>> pipelines = new TreeMap<>();
        Map<String, Map<String, JobPipelineDefinition>> jobs = new TreeMap<>();
        Map<Object, DefinitionFile> files = new IdentityHashMap<>();
        Map<String, LookupCatalog.Entry> lookups = new LinkedHashMap<>();

        for (DefinitionFile file : tree.files()) {
            ParsedDefinition parsed = reader.read(file.path());
            errors.addAll(parsed.errors());
            if (!parsed.isValid()) {
                continue;
            }
            String name = file.path().toString();
            ErrorCollector collector = new ErrorCollector(name);
            Object definition = parsed.definition();
            if (!file.kind().rootElement().equals(parsed.rootElement())) {
                collector.at((io.datahub.model.definition.Located) definition, "a file under " + file.kind().folder() + "/ must have root <"
                        + file.kind().rootElement() + ">, found <" + parsed.rootElement() + ">");
                errors.addAll(collector.errors());
                continue;
            }
            files.put(definition, file);
            if (definition instanceof PipelineDefinition p) {
                register(pipelines, file.app(), p.id(), p, "pipeline", collector, files);
            } else if (definition instanceof JobPipelineDefinition j) {
                register(jobs, file.app(), j.id(), j, "job", collector, files);
            } else if (definition instanceof LookupTableDefinition l) {
                String key = lookupKey(file.app(), file.layer(), l.id());
                LookupCatalog.Entry previous = lookups.get(key);
                if (previous != null) {
                    collector.at(l, "lookup id '" + l.id() + "' is already defined in " + previous.file());
                } else {
                    lookups.put(key, new LookupCatalog.Entry(l, name, lookupSchema(l, file, schemas, collector)));
                }
            }
            errors.addAll(collector.errors());
        }

        LookupCatalog catalog = (app, layer, id) -> Optional.ofNullable(lookups.get(lookupKey(app, layer, id)))
                .or(() -> Optional.ofNullable(lookups.get(lookupKey(null, null, id))));
        PipelineValidator pipelineValidator = new PipelineValidator();
        for (Map<String, PipelineDefinition> byId : pipelines.values()) {
            for (PipelineDefinition p : byId.values()) {
                DefinitionFile file = files.get(p);
                errors.addAll(pipelineValidator.validate(p, file.path().toString(),
                        new PipelineContext(file.app(), file.layer(), schemas, catalog)));
            }
        }
        JobValidator jobValidator = new JobValidator();
        for (Map.Entry<String, Map<String, JobPipelineDefinition>> app : jobs.entrySet()) {
            for (JobPipelineDefinition j : app.getValue().values()) {
                DefinitionFile file = files.get(j);
                errors.addAll(jobValidator.validate(j, file.path().toString(), pipelines.getOrDefault(app.getKey(), Map.of()), file.layer()));
            }
        }
        List<ValidationError> sorted = errors.stream().distinct().sorted().toList();
        Set<String> invalid = new HashSet<>();
        sorted.forEach(e -> invalid.add(e.file()));
        return new ValidatedConfig(sorted, tree.files().size(), pipelines, jobs, files, invalid.size(), catalog, schemas);
    }

    private static <T> void register(Map<String, Map<String, T>> byApp, String app, String id, T definition, String kind,
                                     ErrorCollector errors, Map<Object, DefinitionFile> files) {
        Map<String, T> byId = byApp.computeIfAbsent(app, a -> new TreeMap<>());
        T previous = byId.putIfAbsent(id, definition);
        if (previous != null) {
            errors.at((io.datahub.model.definition.Located) definition, kind + " id '" + id + "' is already defined in application '"
                    + app + "' by " + files.get(previous).path());
            files.remove(definition);
        }
    }

    private static TableSchema lookupSchema(LookupTableDefinition lookup, DefinitionFile file, SchemaRefResolver schemas, ErrorCollector errors) {
        String ref = lookup.source().schemaRef();
        if (ref == null) {
            return null;
        }
        SchemaRefResolver.Result result = schemas.resolve(ref, file.app(), file.layer());
        if (result.error() != null) {
            errors.at(lookup.source(), lookup, result.error());
        }
        return result.schema();
    }

    private static String lookupKey(String app, Layer layer, String id) {
        return (app == null ? "" : app) + "/" + (layer == null ? "" : layer.folder()) + "/" + id;
    }
}
