package io.datahub.spark.engine;

import io.datahub.model.definition.Located;
import io.datahub.model.definition.Lookup;
import io.datahub.model.definition.PipelineDefinition;
import io.datahub.model.definition.SourceDefinition;
import io.datahub.model.definition.TargetDefinition;
import io.datahub.model.definition.Transformation;
import io.datahub.model.definition.Validate;
import io.datahub.model.plan.DatasetGraph;
import io.datahub.model.plan.DatasetRef;
import io.datahub.model.run.StepMetrics;
import io.datahub.spark.api.RunContext;
import io.datahub.spark.api.StepOutput;
import io.datahub.spark.api.TargetCommit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Runs one pipeline's plan on a Spark session: sources (eager ones loaded and persisted first, unused
 * ones never opened), transformations in data-dependency order, then every target prepared and, only
 * when all were prepared, committed. Rows read and written are counted by {@link RowCounter}s, which
 * ride along the queries that run anyway instead of running extra count jobs.
 */
final class PipelineExecution {

    private final PipelineDefinition pipeline;
    private final RunContext context;
    private final Elements elements;
    private final DatasetGraph graph;
    private final Map<String, Dataset<Row>> sources = new HashMap<>();
    private final Map<String, RowCounter> sourceCounters = new LinkedHashMap<>();
    private final Map<String, Long> eagerCounts = new LinkedHashMap<>();
    private final List<Dataset<Row>> outputs = new ArrayList<>();
    private final List<Dataset<Row>> quarantines = new ArrayList<>();
    private final List<StepMetrics> steps = new ArrayList<>();
    private final Map<String, Long> rowsRead = new LinkedHashMap<>();
    private final Map<String, Long> rowsWritten = new LinkedHashMap<>();
    private String current = "<pipeline>";

    PipelineExecution(PipelineDefinition pipeline, RunContext context, Elements elements) {
        this.pipeline = pipeline;
        this.context = context;
        this.elements = elements;
        this.graph = new DatasetGraph(pipeline);
    }

    /** The element being worked on, for error messages. */
    String currentElement() {
        return current;
    }

    List<StepMetrics> steps() {
        return steps;
    }

    Map<String, Long> rowsRead() {
        return rowsRead;
    }

    Map<String, Long> rowsWritten() {
        return rowsWritten;
    }

    void run() {
        try {
            loadEagerSources();
            for (int i = 0; i < pipeline.transformations().size(); i++) {
                outputs.add(null);
                quarantines.add(null);
            }
            for (int i : graph.executionOrder()) {
                transform(i);
            }
            writeTargets();
            collectRowsRead();
        } finally {
            context.releasePersisted();
        }
    }

    private void loadEagerSources() {
        Set<String> used = graph.referencedSources();
        for (SourceDefinition source : pipeline.sources()) {
            if (source.isEager() && used.contains(source.id())) {
                current = label(source);
                long start = System.nanoTime();
                Dataset<Row> data = context.persist(elements.reader(source).read(source, context), StorageLevel.MEMORY_AND_DISK());
                long rows = data.count();
                eagerCounts.put(source.id(), rows);
                sources.put(source.id(), data);
                steps.add(new StepMetrics(source.id(), "source", rows, millisSince(start)));
            }
        }
    }

    private Dataset<Row> source(String id) {
        Dataset<Row> data = sources.get(id);
        if (data == null) {
            SourceDefinition source = pipeline.sources().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
            String previous = current;
            current = label(source);
            long start = System.nanoTime();
            RowCounter counter = RowCounter.register(context.spark(), "rows read " + id);
            data = elements.reader(source).read(source, context).filter(counter.passThrough());
            sourceCounters.put(id, counter);
            sources.put(id, data);
            steps.add(new StepMetrics(id, "source", -1, millisSince(start)));
            current = previous;
        }
        return data;
    }

    private Dataset<Row> dataset(DatasetRef ref) {
        if (ref.isSource()) {
            return source(ref.dataset());
        }
        Transformation writer = pipeline.transformations().get(ref.step());
        if (writer instanceof Validate v && ref.dataset().equals(v.quarantineOutput()) && !ref.dataset().equals(writer.outputDataset())) {
            return quarantines.get(ref.step());
        }
        return outputs.get(ref.step());
    }

    private void transform(int index) {
        Transformation step = pipeline.transformations().get(index);
        current = label(step);
        List<Dataset<Row>> inputs = new ArrayList<>();
        for (DatasetRef ref : graph.inputs(index)) {
            inputs.add(dataset(ref));
        }
        if (step instanceof Lookup lookup && !graph.isDataset(lookup.reference())) {
            // Reference data from a lookup definition is read by the reader of its source element.
            SourceDefinition lookupSource = context.lookup(lookup.reference()).source();
            inputs.add(1, elements.reader(lookupSource).read(lookupSource, context));
        }
        long start = System.nanoTime();
        StepOutput out = elements.step(step).apply(step, inputs, context);
        outputs.set(index, out.output());
        quarantines.set(index, out.quarantine());
        steps.add(new StepMetrics("<" + step.elementName() + "> -> " + step.outputDataset(), "transformation", -1, millisSince(start)));
    }

    private void writeTargets() {
        List<TargetCommit> prepared = new ArrayList<>();
        Map<String, RowCounter> written = new LinkedHashMap<>();
        try {
            for (TargetDefinition target : pipeline.targets()) {
                current = label(target);
                DatasetRef input = graph.targetInput(target).orElseThrow();
                RowCounter counter = RowCounter.register(context.spark(), "rows written " + target.label());
                Dataset<Row> data = dataset(input).filter(counter.passThrough());
                long start = System.nanoTime();
                prepared.add(elements.writer(target).prepare(target, data, context));
                written.put(target.label(), counter);
                steps.add(new StepMetrics(target.label(), "target", -1, millisSince(start)));
            }
        } catch (RuntimeException e) {
            prepared.forEach(TargetCommit::abort);
            throw e;
        }
        for (int i = 0; i < prepared.size(); i++) {
            current = label(pipeline.targets().get(i));
            try {
                prepared.get(i).commit();
            } catch (RuntimeException e) {
                prepared.subList(i, prepared.size()).forEach(TargetCommit::abort);
                throw e;
            }
        }
        current = "<targets>";
        for (Map.Entry<String, RowCounter> e : written.entrySet()) {
            rowsWritten.put(e.getKey(), e.getValue().value());
        }
        for (int i = 0; i < steps.size(); i++) {
            StepMetrics m = steps.get(i);
            if (m.kind().equals("target")) {
                steps.set(i, new StepMetrics(m.name(), m.kind(), rowsWritten.getOrDefault(m.name(), -1L), m.millis()));
            }
        }
    }

    /** Rows read per source: counted where a query computed the source, or when it was loaded eagerly. */
    private void collectRowsRead() {
        for (SourceDefinition source : pipeline.sources()) {
            String id = source.id();
            if (eagerCounts.containsKey(id)) {
                rowsRead.put(id, eagerCounts.get(id));
            } else if (sourceCounters.containsKey(id) && sourceCounters.get(id).ran()) {
                rowsRead.put(id, sourceCounters.get(id).value());
            } else if (sourceCounters.containsKey(id)) {
                rowsRead.put(id, 0L);
            }
        }
        for (int i = 0; i < steps.size(); i++) {
            StepMetrics m = steps.get(i);
            if (m.kind().equals("source") && m.rows() < 0 && rowsRead.containsKey(m.name())) {
                steps.set(i, new StepMetrics(m.name(), m.kind(), rowsRead.get(m.name()), m.millis()));
            }
        }
    }

    private static String label(Located element) {
        String name = element instanceof SourceDefinition s ? " '" + s.id() + "'"
                : element instanceof TargetDefinition t ? " '" + t.label() + "'" : "";
        return "<" + element.elementName() + ">" + name + " (line " + element.lineNumber() + ")";
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
