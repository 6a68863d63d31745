package io.datahub.model.plan;

import io.datahub.model.definition.DataQualityRule;
import io.datahub.model.definition.Lookup;
import io.datahub.model.definition.PipelineDefinition;
import io.datahub.model.definition.ReferenceRule;
import io.datahub.model.definition.SourceDefinition;
import io.datahub.model.definition.TargetDefinition;
import io.datahub.model.definition.Transformation;
import io.datahub.model.definition.Validate;
import io.datahub.model.graph.CycleFinder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The data dependencies of one pipeline: which dataset version each transformation and target reads.
 * The single implementation of DESIGN section 4's ordering rules, used by validation and by the
 * Spark engine: a name read by a transformation is the latest write of it before the reader in
 * document order, else the source of that name, else the first write after the reader (a forward
 * reference); targets read the final version; the plan follows data dependencies, document order
 * breaking ties.
 */
public final class DatasetGraph {

    private final PipelineDefinition pipeline;
    private final Set<String> sourceIds = new LinkedHashSet<>();
    private final List<List<String>> reads = new ArrayList<>();
    private final List<List<DatasetRef>> inputs = new ArrayList<>();

    public DatasetGraph(PipelineDefinition pipeline) {
        this.pipeline = pipeline;
        for (SourceDefinition source : pipeline.sources()) {
            sourceIds.add(source.id());
        }
        List<Transformation> steps = pipeline.transformations();
        for (int i = 0; i < steps.size(); i++) {
            List<String> names = readsOf(steps.get(i));
            reads.add(names);
            List<DatasetRef> refs = new ArrayList<>();
            for (String name : names) {
                refs.add(resolve(name, i));
            }
            inputs.add(refs);
        }
    }

    /**
     * The names transformation {@code step} reads: its inputs, plus a lookup reference that is a
     * dataset of the pipeline, plus the datasets of referential data-quality rules.
     */
    public List<String> readsOf(Transformation step) {
        List<String> names = new ArrayList<>(step.inputs());
        if (step instanceof Lookup lookup && isDataset(lookup.reference())) {
            names.add(lookup.reference());
        }
        if (step instanceof Validate validate) {
            for (DataQualityRule rule : validate.rules()) {
                if (rule instanceof ReferenceRule ref) {
                    names.add(ref.dataset());
                }
            }
        }
        return names;
    }

    /** True when a source or a transformation of the pipeline defines {@code name}. */
    public boolean isDataset(String name) {
        return sourceIds.contains(name) || pipeline.transformations().stream().anyMatch(t -> writes(t, name));
    }

    /** Whether {@code t} writes {@code name}: its output, or its quarantine output. */
    public static boolean writes(Transformation t, String name) {
        return t.outputDataset().equals(name) || (t instanceof Validate v && name.equals(v.quarantineOutput()));
    }

    /** For transformation {@code step}, what each of {@link #readsOf} resolves to (null where nothing defines it). */
    public List<DatasetRef> inputs(int step) {
        return inputs.get(step);
    }

    /** Names read by transformation {@code step}, in the order of {@link #inputs(int)}. */
    public List<String> reads(int step) {
        return reads.get(step);
    }

    private DatasetRef resolve(String name, int index) {
        List<Transformation> steps = pipeline.transformations();
        for (int j = index - 1; j >= 0; j--) {
            if (writes(steps.get(j), name)) {
                return new DatasetRef(name, j);
            }
        }
        if (sourceIds.contains(name)) {
            return DatasetRef.source(name);
        }
        for (int j = index + 1; j < steps.size(); j++) {
            if (writes(steps.get(j), name)) {
                return new DatasetRef(name, j);
            }
        }
        return null;
    }

    /** The dataset a target reads when it names none: the last transformation's output, or the only source. */
    public Optional<String> defaultTargetDataset() {
        List<Transformation> steps = pipeline.transformations();
        if (!steps.isEmpty()) {
            return Optional.of(steps.get(steps.size() - 1).outputDataset());
        }
        return sourceIds.size() == 1 ? Optional.of(sourceIds.iterator().next()) : Optional.empty();
    }

    /** The version a target reads: the final write of its dataset, or the source; empty when undefined. */
    public Optional<DatasetRef> targetInput(TargetDefinition target) {
        String name = target.source() != null ? target.source() : defaultTargetDataset().orElse(null);
        if (name == null) {
            return Optional.empty();
        }
        List<Transformation> steps = pipeline.transformations();
        for (int j = steps.size() - 1; j >= 0; j--) {
            if (writes(steps.get(j), name)) {
                return Optional.of(new DatasetRef(name, j));
            }
        }
        return sourceIds.contains(name) ? Optional.of(DatasetRef.source(name)) : Optional.empty();
    }

    /** A cycle among transformations as indices (first repeated at the end), if any. */
    public Optional<List<Integer>> cycle() {
        List<String> nodes = new ArrayList<>();
        Map<String, List<String>> edges = new LinkedHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            nodes.add(String.valueOf(i));
            edges.put(String.valueOf(i), inputs.get(i).stream()
                    .filter(r -> r != null && !r.isSource()).map(r -> String.valueOf(r.step())).distinct().toList());
        }
        return CycleFinder.findCycle(nodes, edges).map(path -> path.stream().map(Integer::valueOf).toList());
    }

    /**
     * Transformation indices in execution order: each after the steps it reads from, document order
     * breaking ties. Requires an acyclic graph.
     */
    public List<Integer> executionOrder() {
        int n = inputs.size();
        boolean[] done = new boolean[n];
        List<Integer> order = new ArrayList<>();
        while (order.size() < n) {
            boolean progressed = false;
            for (int i = 0; i < n; i++) {
                if (!done[i] && inputs.get(i).stream().allMatch(r -> r == null || r.isSource() || done[r.step()])) {
                    done[i] = true;
                    order.add(i);
                    progressed = true;
                    break; // restart from the top so document order breaks ties
                }
            }
            if (!progressed) {
                throw new IllegalStateException("transformations form a cycle; validate the pipeline first");
            }
        }
        return order;
    }

    /** Source ids that some transformation or target reads (an unreferenced onDemand source is never opened). */
    public Set<String> referencedSources() {
        Set<String> used = new LinkedHashSet<>();
        for (List<DatasetRef> refs : inputs) {
            refs.stream().filter(r -> r != null && r.isSource()).forEach(r -> used.add(r.dataset()));
        }
        for (TargetDefinition target : pipeline.targets()) {
            targetInput(target).filter(DatasetRef::isSource).ifPresent(r -> used.add(r.dataset()));
        }
        return used;
    }
}
