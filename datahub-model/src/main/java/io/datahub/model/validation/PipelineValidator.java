package io.datahub.model.validation;

import io.datahub.model.definition.Aggregate;
import io.datahub.model.definition.CommaList;
import io.datahub.model.definition.CsvSource;
import io.datahub.model.definition.CsvTarget;
import io.datahub.model.definition.DataQualityRule;
import io.datahub.model.definition.DatabaseSource;
import io.datahub.model.definition.DatabaseTarget;
import io.datahub.model.definition.Deduplicate;
import io.datahub.model.definition.Derive;
import io.datahub.model.definition.HiveTarget;
import io.datahub.model.definition.Join;
import io.datahub.model.definition.JsonSource;
import io.datahub.model.definition.KeyPair;
import io.datahub.model.definition.Located;
import io.datahub.model.definition.Lookup;
import io.datahub.model.definition.Mask;
import io.datahub.model.definition.Merge;
import io.datahub.model.definition.Metric;
import io.datahub.model.definition.OrderItem;
import io.datahub.model.definition.ParameterReferences;
import io.datahub.model.definition.PatternRule;
import io.datahub.model.definition.PipelineDefinition;
import io.datahub.model.definition.RangeRule;
import io.datahub.model.definition.ReferenceRule;
import io.datahub.model.definition.Select;
import io.datahub.model.definition.SelectItem;
import io.datahub.model.definition.Sort;
import io.datahub.model.definition.SourceDefinition;
import io.datahub.model.definition.SqlParameters;
import io.datahub.model.definition.TargetDefinition;
import io.datahub.model.definition.Transformation;
import io.datahub.model.definition.Validate;
import io.datahub.model.config.Layer;
import io.datahub.model.plan.DatasetGraph;
import io.datahub.model.plan.DatasetRef;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Semantic validation of one pipeline, after the XSD: datasets and their data dependencies,
 * cycles, schemas and the columns that flow through transformations, parameters, and the rules of
 * each element that need more than one attribute. Collects every error rather than stopping at the first.
 */
public final class PipelineValidator {

    /** Validates {@code pipeline} read from {@code file}. */
    public List<ValidationError> validate(PipelineDefinition pipeline, String file, PipelineContext context) {
        return new Run(pipeline, new ErrorCollector(file), context).check();
    }

    /** One validation: the state of a single pass over one pipeline. */
    private static final class Run {
        private final PipelineDefinition pipeline;
        private final ErrorCollector errors;
        private final PipelineContext context;
        private final Layer layer;
        private final Map<String, SourceDefinition> sources = new LinkedHashMap<>();
        private final Map<String, KnownColumns> sourceColumns = new HashMap<>();
        private final List<KnownColumns> outputColumns = new ArrayList<>();
        private final List<KnownColumns> quarantineColumns = new ArrayList<>();
        private Set<String> parameters = Set.of();
        private final DatasetGraph graph;
        private boolean cyclic;

        Run(PipelineDefinition pipeline, ErrorCollector errors, PipelineContext context) {
            this.pipeline = pipeline;
            this.errors = errors;
            this.context = context;
            this.layer = Layer.fromFolder(pipeline.layer()).orElse(null);
            this.graph = new DatasetGraph(pipeline);
        }

        List<ValidationError> check() {
            MetadataChecks.version(pipeline.version(), pipeline, errors);
            MetadataChecks.metadata(pipeline.metadata(), errors);
            if (context.folderLayer() != null && context.folderLayer() != layer) {
                errors.at(pipeline, "layer '" + pipeline.layer() + "' does not match the folder it is in ('"
                        + context.folderLayer().folder() + "'): move the file or change the attribute");
            }
            parameters = MetadataChecks.parameters(pipeline.parameters(), errors);
            checkSources();
            resolveTransformationInputs();
            if (!cyclic) {
                flowColumns();
            }
            checkTargets();
            checkParameterReferences();
            return errors.errors();
        }

        // ----- sources

        private void checkSources() {
            for (SourceDefinition source : pipeline.sources()) {
                if (sources.putIfAbsent(source.id(), source) != null) {
                    errors.at(source, "source id '" + source.id() + "' is used twice in this pipeline");
                    continue;
                }
                sourceColumns.put(source.id(), schemaOf(source.schemaRef(), source, source.hasBothSchemaRefForms()));
                if (source instanceof CsvSource csv) {
                    delimiter(csv.delimiter(), csv);
                }
                if (source instanceof JsonSource json && json.rejectPath() != null && !"reject".equals(json.badRecords())) {
                    errors.at(json, "rejectPath is only used with badRecords=\"reject\"");
                }
                if (source instanceof CsvSource csv && csv.rejectPath() != null && !"reject".equals(csv.badRecords())) {
                    errors.at(csv, "rejectPath is only used with badRecords=\"reject\"");
                }
                if (source instanceof DatabaseSource db) {
                    checkDatabaseSource(db);
                }
            }
        }

        private void checkDatabaseSource(DatabaseSource db) {
            boolean any = db.partitionColumn() != null || db.lowerBound() != null || db.upperBound() != null || db.numPartitions() != null;
            boolean all = db.partitionColumn() != null && db.lowerBound() != null && db.upperBound() != null && db.numPartitions() != null;
            if (any && !all) {
                errors.at(db, "database source '" + db.id() + "': a parallel read needs partitionColumn, lowerBound, upperBound "
                        + "and numPartitions together");
            } else if (all && db.lowerBound() >= db.upperBound()) {
                errors.at(db, "database source '" + db.id() + "': lowerBound (" + db.lowerBound()
                        + ") must be less than upperBound (" + db.upperBound() + ")");
            }
            if (all) {
                requireColumns(sourceColumns.get(db.id()), List.of(db.partitionColumn()), db, "partitionColumn", db.id());
            }
            if (db.sql() != null) {
                for (String name : new LinkedHashSet<>(SqlParameters.parse(db.sql().text()).names())) {
                    if (!parameters.contains(name)) {
                        errors.at(db.sql(), db, "SQL of database source '" + db.id() + "' uses parameter ':" + name
                                + "', which is not declared (declare it under <parameters>; built in: "
                                + String.join(", ", MetadataChecks.BUILT_IN_PARAMETERS.stream().sorted().toList()) + ")");
                    }
                }
            }
        }

        private KnownColumns schemaOf(String ref, Located element, boolean both) {
            if (both) {
                errors.at(element, "<" + element.elementName() + "> has schemaRef both as attribute and as child element; keep one");
            }
            if (ref == null || context.schemas() == null) {
                return KnownColumns.UNKNOWN;
            }
            SchemaRefResolver.Result result = context.schemas().resolve(ref, context.app(), context.folderLayer() != null ? context.folderLayer() : layer);
            if (result.error() != null) {
                errors.at(element, result.error());
                return KnownColumns.UNKNOWN;
            }
            return KnownColumns.of(result.schema().columnNames());
        }

        private void delimiter(String delimiter, Located element) {
            if (!(delimiter.length() == 1 || delimiter.equals("\\t"))) {
                errors.at(element, "delimiter '" + delimiter + "' must be a single character or \\t");
            }
        }

        // ----- datasets and dependencies

        private void resolveTransformationInputs() {
            List<Transformation> steps = pipeline.transformations();
            for (int i = 0; i < steps.size(); i++) {
                Transformation step = steps.get(i);
                List<DatasetRef> refs = graph.inputs(i);
                List<String> names = graph.reads(i);
                for (int k = 0; k < refs.size(); k++) {
                    if (refs.get(k) == null) {
                        errors.at(step, "<" + step.elementName() + "> reads dataset '" + names.get(k) + "', which no source or "
                                + "transformation of this pipeline defines" + known());
                    }
                }
            }
            Optional<List<Integer>> cycle = graph.cycle();
            if (cycle.isPresent()) {
                cyclic = true;
                List<Integer> path = cycle.get();
                StringBuilder text = new StringBuilder();
                for (int k = 0; k + 1 < path.size(); k++) {
                    Transformation reader = steps.get(path.get(k));
                    Transformation writer = steps.get(path.get(k + 1));
                    text.append(k == 0 ? "" : ", ").append(label(reader)).append(" reads '").append(writer.outputDataset())
                            .append("' from ").append(label(writer));
                }
                errors.at(steps.get(path.get(0)), "transformations form a cycle: " + text);
            }
        }

        private String known() {
            Set<String> names = new LinkedHashSet<>(sources.keySet());
            for (Transformation t : pipeline.transformations()) {
                if (t.output() != null) {
                    names.add(t.output());
                }
                if (t instanceof Validate v && v.quarantineOutput() != null) {
                    names.add(v.quarantineOutput());
                }
            }
            return names.isEmpty() ? "" : " (datasets: " + String.join(", ", names) + ")";
        }

        private static String label(Transformation t) {
            return "<" + t.elementName() + "> (line " + t.lineNumber() + ")";
        }

        // ----- columns through transformations

        private void flowColumns() {
            List<Transformation> steps = pipeline.transformations();
            for (int i = 0; i < steps.size(); i++) {
                outputColumns.add(null);
                quarantineColumns.add(null);
            }
            // Forward references are legal, so columns flow in execution order (the graph is acyclic here).
            for (int i : graph.executionOrder()) {
                outputColumns.set(i, checkStep(steps.get(i), i));
            }
        }

        private KnownColumns columnsOf(DatasetRef p) {
            if (p == null) {
                return KnownColumns.UNKNOWN;
            }
            if (p.isSource()) {
                return sourceColumns.getOrDefault(p.dataset(), KnownColumns.UNKNOWN);
            }
            Transformation t = pipeline.transformations().get(p.step());
            if (t instanceof Validate v && p.dataset().equals(v.quarantineOutput()) && !p.dataset().equals(t.outputDataset())) {
                return quarantineColumns.get(p.step()) == null ? KnownColumns.UNKNOWN : quarantineColumns.get(p.step());
            }
            KnownColumns c = outputColumns.get(p.step());
            return c == null ? KnownColumns.UNKNOWN : c;
        }

        private KnownColumns checkStep(Transformation step, int i) {
            List<DatasetRef> in = graph.inputs(i);
            KnownColumns input = columnsOf(in.get(0));
            String dataset = step.inputs().get(0);
            if (step instanceof Deduplicate d) {
                requireColumns(input, list(d.keys(), d, "keys"), d, "keys", dataset);
                if ("latest".equals(d.keep()) && d.orderBy() == null) {
                    errors.at(d, "<deduplicate keep=\"latest\"> needs orderBy (the column(s) that say which row is latest, e.g. orderBy=\"updated_at\")");
                }
                if (d.orderBy() != null) {
                    requireColumns(input, orderColumns(d.orderBy(), "desc", d), d, "orderBy", dataset);
                }
                return input;
            }
            if (step instanceof Sort s) {
                requireColumns(input, orderColumns(s.orderBy(), s.direction(), s), s, "orderBy", dataset);
                return input;
            }
            if (step instanceof Join j) {
                KnownColumns right = columnsOf(in.get(1));
                if (j.left().equals(j.right())) {
                    errors.at(j, "<join> joins dataset '" + j.left() + "' with itself; derive a copy with another name first");
                }
                if ("semi".equals(j.type()) || "anti".equals(j.type())) {
                    return input;
                }
                return right.isKnown() ? input.plus(right.names()) : KnownColumns.UNKNOWN;
            }
            if (step instanceof Lookup l) {
                return checkLookup(l, input, in, dataset);
            }
            if (step instanceof Merge m) {
                return checkMerge(m, in);
            }
            if (step instanceof Mask m) {
                checkMask(m);
                requireColumns(input, list(m.columns(), m, "columns"), m, "columns", dataset);
                return input;
            }
            if (step instanceof Aggregate a) {
                return checkAggregate(a, input, dataset);
            }
            if (step instanceof Select s) {
                return checkSelect(s, input, dataset);
            }
            if (step instanceof Derive d) {
                return input.plus(List.of(d.column()));
            }
            if (step instanceof Validate v) {
                checkValidate(v, input, in, dataset);
                quarantineColumns.set(i, input.plus(List.of("_dq_rule")));
                return input;
            }
            return input; // filter keeps its columns
        }

        private KnownColumns checkLookup(Lookup l, KnownColumns input, List<DatasetRef> in, String dataset) {
            KnownColumns reference;
            List<KeyPair> keys;
            if (in.size() > 1) {
                reference = columnsOf(in.get(1));
                if (l.keys() == null) {
                    errors.at(l, "<lookup> on pipeline dataset '" + l.reference() + "' needs keys (e.g. keys=\"country_code\")");
                    return input.plus(list(l.outputFields(), l, "outputFields"));
                }
                keys = keyPairs(l.keys(), l);
            } else {
                LookupCatalog.Entry entry = context.lookups() == null ? null
                        : context.lookups().find(context.app(), context.folderLayer() != null ? context.folderLayer() : layer, l.reference()).orElse(null);
                if (entry == null) {
                    errors.at(l, "<lookup> reference '" + l.reference() + "' is neither a dataset of this pipeline nor a lookup definition"
                            + (context.app() == null ? "" : " under applications/" + context.app() + "/" + layerName()
                            + "/resources/lookups or common/lookups"));
                    return input.plus(list(l.outputFields(), l, "outputFields"));
                }
                reference = entry.schema() == null ? KnownColumns.UNKNOWN : KnownColumns.of(entry.schema().columnNames());
                keys = l.keys() != null ? keyPairs(l.keys(), l)
                        : CommaList.split(entry.definition().keys()).stream().map(k -> new KeyPair(k, k)).toList();
            }
            requireColumns(input, keys.stream().map(KeyPair::sourceColumn).toList(), l, "keys", dataset);
            requireColumns(reference, keys.stream().map(KeyPair::lookupColumn).toList(), l, "keys", l.reference());
            List<String> fields = list(l.outputFields(), l, "outputFields");
            requireColumns(reference, fields, l, "outputFields", l.reference());
            return input.plus(fields);
        }

        private String layerName() {
            return context.folderLayer() != null ? context.folderLayer().folder() : pipeline.layer();
        }

        private KnownColumns checkMerge(Merge m, List<DatasetRef> in) {
            List<String> names = m.inputs();
            if (names.size() < 2) {
                errors.at(m, "<merge> needs at least two datasets in sources, found " + names.size());
            }
            if (new HashSet<>(names).size() != names.size()) {
                errors.at(m, "<merge> lists a dataset twice in sources=\"" + m.sources() + "\"");
            }
            KnownColumns result = columnsOf(in.get(0));
            for (int k = 1; k < in.size(); k++) {
                KnownColumns other = columnsOf(in.get(k));
                if (!result.isKnown() || !other.isKnown()) {
                    result = KnownColumns.UNKNOWN;
                    continue;
                }
                if (!m.allowMissingColumns()) {
                    List<String> lacking = other.missing(result.names());
                    List<String> extra = result.missing(other.names());
                    if (!lacking.isEmpty() || !extra.isEmpty()) {
                        errors.at(m, "<merge>: datasets '" + names.get(0) + "' and '" + names.get(k) + "' have different columns ("
                                + (lacking.isEmpty() ? "" : "'" + names.get(k) + "' lacks " + String.join(", ", lacking))
                                + (!lacking.isEmpty() && !extra.isEmpty() ? "; " : "")
                                + (extra.isEmpty() ? "" : "'" + names.get(0) + "' lacks " + String.join(", ", extra))
                                + "); set allowMissingColumns=\"true\" to fill them with nulls");
                    }
                }
                result = result.plus(other.names());
            }
            return result;
        }

        private void checkMask(Mask m) {
            String strategy = m.strategy();
            if (("tokenize".equals(strategy) || "encrypt".equals(strategy)) && m.secretRef() == null) {
                errors.at(m, "<mask strategy=\"" + strategy + "\"> needs secretRef (the name of the key secret)");
            }
            if (!"redact".equals(strategy) && (m.keepLast() != null || m.replacement() != null)) {
                errors.at(m, "<mask>: keepLast and replacement apply only to strategy=\"redact\"");
            }
            if ("redact".equals(strategy) && m.secretRef() != null) {
                errors.at(m, "<mask strategy=\"redact\"> uses no secret; remove secretRef");
            }
        }

        private KnownColumns checkAggregate(Aggregate a, KnownColumns input, String dataset) {
            List<String> groupBy = a.groupBy() == null ? List.of() : list(a.groupBy(), a, "groupBy");
            requireColumns(input, groupBy, a, "groupBy", dataset);
            List<Metric> metrics;
            try {
                metrics = Metric.parseAll(a.metrics());
            } catch (IllegalArgumentException e) {
                errors.at(a, "<aggregate> " + e.getMessage());
                return KnownColumns.UNKNOWN;
            }
            requireColumns(input, metrics.stream().map(Metric::column).filter(c -> c != null).toList(), a, "metrics", dataset);
            List<String> output = new ArrayList<>(groupBy);
            if (a.window() != null) {
                if (a.timeColumn() == null) {
                    errors.at(a, "<aggregate window=\"" + a.window() + "\"> needs timeColumn (the timestamp or date column to window on)");
                } else {
                    requireColumns(input, List.of(a.timeColumn()), a, "timeColumn", dataset);
                }
                output.add("window_start");
            } else if (a.timeColumn() != null) {
                errors.at(a, "<aggregate>: timeColumn is only used with window");
            }
            for (Metric metric : metrics) {
                if (output.stream().anyMatch(o -> o.equalsIgnoreCase(metric.alias()))) {
                    errors.at(a, "<aggregate>: output column '" + metric.alias() + "' appears twice; give the metric another alias (fn:column:alias)");
                }
                output.add(metric.alias());
            }
            return KnownColumns.of(output);
        }

        private KnownColumns checkSelect(Select s, KnownColumns input, String dataset) {
            List<String> output = new ArrayList<>();
            boolean known = input.isKnown();
            for (SelectItem item : SelectItem.parseAll(s.columns())) {
                if (item.expression().isBlank()) {
                    errors.at(s, "<select> columns has an empty item: \"" + s.columns() + "\"");
                    continue;
                }
                if (item.isStar()) {
                    if (input.isKnown()) {
                        output.addAll(input.names());
                    }
                    continue;
                }
                String name = item.outputName();
                if (name == null) {
                    known = false; // an expression without alias: Spark names it, we do not guess
                    continue;
                }
                if (item.alias() == null) {
                    requireColumns(input, List.of(name), s, "columns", dataset);
                }
                output.add(name);
            }
            return known ? KnownColumns.of(output) : KnownColumns.UNKNOWN;
        }

        private void checkValidate(Validate v, KnownColumns input, List<DatasetRef> in, String dataset) {
            boolean quarantines = false;
            int referenceIndex = 1;
            for (DataQualityRule rule : v.rules()) {
                quarantines |= rule.quarantines();
                List<String> columns = rule.columnsChecked();
                if (columns.stream().anyMatch(String::isEmpty)) {
                    errors.at(rule, v, "<" + rule.elementName() + "> columns has an empty item");
                    continue;
                }
                requireColumns(input, columns, rule, "column", dataset);
                if (rule instanceof RangeRule range && range.min() == null && range.max() == null) {
                    errors.at(rule, v, "<range> on '" + range.column() + "' needs min, max or both");
                }
                if (rule instanceof PatternRule pattern) {
                    try {
                        Pattern.compile(pattern.regex());
                    } catch (PatternSyntaxException e) {
                        errors.at(rule, v, "<pattern> on '" + pattern.column() + "': regex is not a valid Java regular expression: "
                                + e.getDescription() + " near index " + e.getIndex());
                    }
                }
                if (rule instanceof ReferenceRule ref) {
                    KnownColumns other = columnsOf(in.get(referenceIndex++));
                    requireColumns(other, List.of(ref.referencedColumn()), rule, "datasetColumn", ref.dataset());
                }
            }
            if (quarantines && v.quarantineOutput() == null) {
                errors.at(v, "<validate> has a rule with action=\"quarantine\" but no quarantineOutput (the dataset the rejected rows go to)");
            }
            if (!quarantines && v.quarantineOutput() != null) {
                errors.at(v, "<validate> names quarantineOutput '" + v.quarantineOutput() + "' but no rule has action=\"quarantine\"");
            }
            if (v.quarantineOutput() != null && v.quarantineOutput().equals(v.outputDataset())) {
                errors.at(v, "<validate>: quarantineOutput must differ from the validated dataset '" + v.outputDataset() + "'");
            }
        }

        // ----- targets

        private void checkTargets() {
            Set<String> ids = new HashSet<>();
            for (TargetDefinition target : pipeline.targets()) {
                if (target.id() != null && !ids.add(target.id())) {
                    errors.at(target, "target id '" + target.id() + "' is used twice in this pipeline");
                }
                String dataset = target.source() != null ? target.source() : graph.defaultTargetDataset().orElse(null);
                if (dataset == null) {
                    errors.at(target, "<" + target.elementName() + "> target needs a source attribute: the pipeline has "
                            + sources.size() + " sources and no transformations");
                    continue;
                }
                DatasetRef producer = graph.targetInput(target).orElse(null);
                if (producer == null) {
                    errors.at(target, "<" + target.elementName() + "> target reads dataset '" + dataset
                            + "', which no source or transformation of this pipeline defines" + known());
                    continue;
                }
                KnownColumns data = cyclic ? KnownColumns.UNKNOWN : columnsOf(producer);
                KnownColumns schema = schemaOf(target.schemaRef(), target, target.hasBothSchemaRefForms());
                KnownColumns columns = schema.isKnown() ? schema : data;
                String where = schema.isKnown() ? "schemaRef '" + target.schemaRef() + "'" : dataset;
                if (target instanceof HiveTarget hive) {
                    mergeKeys(hive.mode(), hive.keys(), hive);
                    if (hive.partitionBy() != null) {
                        requireColumns(columns, list(hive.partitionBy(), hive, "partitionBy"), hive, "partitionBy", where);
                    }
                    if (hive.keys() != null) {
                        requireColumns(columns, list(hive.keys(), hive, "keys"), hive, "keys", where);
                    }
                } else if (target instanceof DatabaseTarget db) {
                    mergeKeys(db.mode(), db.keys(), db);
                    if (db.keys() != null) {
                        requireColumns(columns, list(db.keys(), db, "keys"), db, "keys", where);
                    }
                } else if (target instanceof CsvTarget csv) {
                    delimiter(csv.delimiter(), csv);
                }
            }
        }

        private void mergeKeys(String mode, String keys, TargetDefinition target) {
            if ("merge".equals(mode) && keys == null) {
                errors.at(target, "<" + target.elementName() + " mode=\"merge\"> needs keys (the columns that identify a row to update)");
            } else if (!"merge".equals(mode) && keys != null) {
                errors.at(target, "<" + target.elementName() + ">: keys are only used with mode=\"merge\"");
            }
        }

        // ----- parameters in attribute values

        private void checkParameterReferences() {
            List<Located> elements = new ArrayList<>();
            elements.addAll(pipeline.sources());
            elements.addAll(pipeline.transformations());
            for (Transformation t : pipeline.transformations()) {
                if (t instanceof Validate v) {
                    elements.addAll(v.rules());
                }
            }
            elements.addAll(pipeline.targets());
            for (Located element : elements) {
                for (String value : stringAttributes(element)) {
                    for (String name : ParameterReferences.names(value)) {
                        if (!parameters.contains(name)) {
                            errors.at(element, "<" + element.elementName() + "> uses ${" + name + "}, which is not a declared parameter");
                        }
                    }
                }
            }
        }

        /** Every String-valued field of an element (its attributes), found reflectively so new attributes are covered too. */
        private static List<String> stringAttributes(Located element) {
            List<String> values = new ArrayList<>();
            for (Class<?> c = element.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field field : c.getDeclaredFields()) {
                    if (field.getType() == String.class && !java.lang.reflect.Modifier.isStatic(field.getModifiers())) {
                        try {
                            field.setAccessible(true);
                            Object value = field.get(element);
                            if (value != null) {
                                values.add((String) value);
                            }
                        } catch (IllegalAccessException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }
            }
            return values;
        }

        // ----- helpers

        private List<String> list(String value, Located element, String attribute) {
            List<String> items = CommaList.split(value);
            if (items.stream().anyMatch(String::isEmpty)) {
                errors.at(element, "<" + element.elementName() + "> " + attribute + " has an empty item: \"" + value + "\"");
                return items.stream().filter(s -> !s.isEmpty()).toList();
            }
            return items;
        }

        private List<String> orderColumns(String orderBy, String direction, Located element) {
            try {
                return OrderItem.parseAll(orderBy, direction).stream().map(OrderItem::column).toList();
            } catch (IllegalArgumentException e) {
                errors.at(element, "<" + element.elementName() + "> " + e.getMessage());
                return List.of();
            }
        }

        private List<KeyPair> keyPairs(String keys, Located element) {
            try {
                return KeyPair.parseAll(keys);
            } catch (IllegalArgumentException e) {
                errors.at(element, "<" + element.elementName() + "> " + e.getMessage());
                return List.of();
            }
        }

        private void requireColumns(KnownColumns columns, List<String> names, Located element, String attribute, String dataset) {
            if (columns == null) {
                return;
            }
            for (String missing : columns.missing(names)) {
                errors.at(element, "<" + element.elementName() + "> " + attribute + ": column '" + missing + "' is not in "
                        + (dataset.startsWith("schemaRef") ? dataset : "dataset '" + dataset + "'")
                        + " (columns: " + columns + ")");
            }
        }
    }
}
