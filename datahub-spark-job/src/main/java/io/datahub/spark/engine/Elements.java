package io.datahub.spark.engine;

import io.datahub.model.definition.Located;
import io.datahub.model.definition.SourceDefinition;
import io.datahub.model.definition.TargetDefinition;
import io.datahub.model.definition.Transformation;
import io.datahub.model.run.ErrorCategory;
import io.datahub.spark.api.DatahubException;
import io.datahub.spark.api.SourceReader;
import io.datahub.spark.api.TargetWriter;
import io.datahub.spark.api.TransformationStep;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The strategies for every element, discovered with {@link ServiceLoader}: a new element plugs in by
 * registering its strategy, without touching the engine. Looked up by the element's binding class
 * (or its nearest registered superclass).
 */
public final class Elements {

    private final Map<Class<?>, SourceReader<?>> sources = new HashMap<>();
    private final Map<Class<?>, TransformationStep<?>> steps = new HashMap<>();
    private final Map<Class<?>, TargetWriter<?>> targets = new HashMap<>();

    public Elements() {
        this(Elements.class.getClassLoader());
    }

    public Elements(ClassLoader loader) {
        ServiceLoader.load(SourceReader.class, loader).forEach(r -> sources.put(r.handles(), r));
        ServiceLoader.load(TransformationStep.class, loader).forEach(s -> steps.put(s.handles(), s));
        ServiceLoader.load(TargetWriter.class, loader).forEach(w -> targets.put(w.handles(), w));
    }

    @SuppressWarnings("unchecked")
    public <S extends SourceDefinition> SourceReader<S> reader(S source) {
        return (SourceReader<S>) find(sources, source);
    }

    @SuppressWarnings("unchecked")
    public <T extends Transformation> TransformationStep<T> step(T step) {
        return (TransformationStep<T>) find(steps, step);
    }

    @SuppressWarnings("unchecked")
    public <T extends TargetDefinition> TargetWriter<T> writer(T target) {
        return (TargetWriter<T>) find(targets, target);
    }

    private static <V> V find(Map<Class<?>, V> registry, Located element) {
        for (Class<?> c = element.getClass(); c != null; c = c.getSuperclass()) {
            V strategy = registry.get(c);
            if (strategy != null) {
                return strategy;
            }
        }
        throw new DatahubException(ErrorCategory.INTERNAL, "no strategy is registered for <" + element.elementName() + ">");
    }
}
