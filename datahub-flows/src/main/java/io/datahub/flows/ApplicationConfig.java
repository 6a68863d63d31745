package io.datahub.flows;

import io.datahub.model.config.DefinitionFile;
import io.datahub.model.config.Layer;
import io.datahub.model.definition.JobPipelineDefinition;
import io.datahub.model.definition.Lookup;
import io.datahub.model.definition.PipelineDefinition;
import io.datahub.model.definition.SecretReferences;
import io.datahub.model.definition.SourceDefinition;
import io.datahub.model.definition.Transformation;
import io.datahub.model.validation.ValidatedConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What the flow of one application is generated from: its layers, the pipelines and jobs defined in each, and the
 * secrets they reference.
 *
 * @param app             the application
 * @param layers          the layers the application has a folder for, in layer order
 * @param pipelineSecrets secrets the pipelines need on Spark (userSecretRef, secretRef, also of the lookups they use)
 * @param webhookSecrets  webhooks the jobs name by urlSecretRef
 */
public record ApplicationConfig(String app, List<LayerConfig> layers, SortedSet<String> pipelineSecrets, SortedSet<String> webhookSecrets) {

    /** The pipelines and jobs whose definition files are in one layer's folder, sorted by id. */
    public record LayerConfig(Layer layer, List<String> pipelineIds, List<String> jobIds) {
        public boolean hasJobs() {
            return !jobIds.isEmpty();
        }
    }

    public ApplicationConfig {
        layers = List.copyOf(layers);
        pipelineSecrets = new TreeSet<>(pipelineSecrets);
        webhookSecrets = new TreeSet<>(webhookSecrets);
    }

    /**
     * The application {@code app} of a validated config tree.
     *
     * @throws IllegalArgumentException when the tree has no such application, naming those it has
     */
    public static ApplicationConfig of(final ValidatedConfig config, final Path configRoot, final String app) {
        final Path appDir = configRoot.resolve("applications").resolve(app);
        if (!Files.isDirectory(appDir)) {
            throw new IllegalArgumentException("unknown application '" + app + "': " + configRoot.resolve("applications")
                    + " has " + knownApplications(configRoot));
        }
        final Map<String, PipelineDefinition> pipelines = config.pipelines().getOrDefault(app, Map.of());
        final Map<String, JobPipelineDefinition> jobs = config.jobs().getOrDefault(app, Map.of());

        final List<LayerConfig> layers = new ArrayList<>();
        for (final Layer layer : Layer.values()) {
            if (!Files.isDirectory(appDir.resolve(layer.folder()))) {
                continue;
            }
            layers.add(new LayerConfig(layer, idsIn(config, pipelines, layer), idsIn(config, jobs, layer)));
        }

        final SortedSet<String> pipelineSecrets = new TreeSet<>(SecretReferences.ofPipelines(pipelines.values()));
        for (final PipelineDefinition pipeline : pipelines.values()) {
            final Layer layer = config.fileOf(pipeline).layer();
            final Set<String> sourceIds = pipeline.sources().stream().map(SourceDefinition::id).collect(Collectors.toSet());
            for (final Transformation transformation : pipeline.transformations()) {
                // A lookup that is no source of the pipeline is a lookup definition, which may read a database with a secret.
                if (transformation instanceof Lookup lookup && !sourceIds.contains(lookup.reference())) {
                    config.lookups().find(app, layer, lookup.reference())
                            .ifPresent(entry -> pipelineSecrets.addAll(SecretReferences.of(entry.definition())));
                }
            }
        }
        final SortedSet<String> webhookSecrets = new TreeSet<>();
        jobs.values().forEach(job -> webhookSecrets.addAll(SecretReferences.of(job)));
        return new ApplicationConfig(app, layers, pipelineSecrets, webhookSecrets);
    }

    private static List<String> idsIn(final ValidatedConfig config, final Map<String, ?> definitions, final Layer layer) {
        return definitions.entrySet().stream()
                .filter(entry -> {
                    final DefinitionFile file = config.fileOf(entry.getValue());
                    return file != null && file.layer() == layer;
                })
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    private static String knownApplications(final Path configRoot) {
        try (var dirs = Files.list(configRoot.resolve("applications"))) {
            final List<String> names = dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
            return names.isEmpty() ? "no applications" : String.join(", ", names);
        } catch (java.io.IOException e) {
            return "no readable applications folder";
        }
    }
}
