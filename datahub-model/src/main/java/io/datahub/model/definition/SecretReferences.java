package io.datahub.model.definition;

import java.util.Collection;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The names of the secrets definitions reference ({@code userSecretRef}, {@code secretRef}, {@code urlSecretRef}): what a
 * deployment must provide (NiFi sensitive parameters, {@code secret.<name>} on a submitter service) before they run.
 * Names only: a secret's value never passes through here.
 */
public final class SecretReferences {

    private SecretReferences() {
    }

    /** The secrets a pipeline needs on Spark: database sources' and targets' userSecretRef, masks' secretRef. */
    public static SortedSet<String> of(final PipelineDefinition pipeline) {
        final SortedSet<String> names = new TreeSet<>();
        pipeline.sources().forEach(source -> add(names, source));
        for (final Transformation transformation : pipeline.transformations()) {
            if (transformation instanceof Mask mask) {
                add(names, mask.secretRef());
            }
        }
        for (final TargetDefinition target : pipeline.targets()) {
            if (target instanceof DatabaseTarget database) {
                add(names, database.userSecretRef());
            }
        }
        return names;
    }

    /** The secrets a lookup table's source needs (a database lookup's userSecretRef). */
    public static SortedSet<String> of(final LookupTableDefinition lookup) {
        final SortedSet<String> names = new TreeSet<>();
        if (lookup.source() != null) {
            add(names, lookup.source());
        }
        return names;
    }

    /** The secrets a job's notifications need: the webhooks' urlSecretRef (their URL carries a token). */
    public static SortedSet<String> of(final JobPipelineDefinition job) {
        final SortedSet<String> names = new TreeSet<>();
        for (final Notification notification : job.notifications()) {
            if (notification instanceof WebhookNotification webhook) {
                add(names, webhook.urlSecretRef());
            }
        }
        return names;
    }

    /** The secrets of several pipelines, once each. */
    public static SortedSet<String> ofPipelines(final Collection<PipelineDefinition> pipelines) {
        final SortedSet<String> names = new TreeSet<>();
        pipelines.forEach(pipeline -> names.addAll(of(pipeline)));
        return names;
    }

    private static void add(final SortedSet<String> names, final SourceDefinition source) {
        if (source instanceof DatabaseSource database) {
            add(names, database.userSecretRef());
        }
    }

    private static void add(final SortedSet<String> names, final String name) {
        if (name != null && !name.isBlank()) {
            names.add(name.strip());
        }
    }
}
