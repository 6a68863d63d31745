package io.datahub.spark.transform;

import io.datahub.model.definition.CommaList;
import io.datahub.model.definition.KeyPair;
import io.datahub.model.definition.Lookup;
import io.datahub.model.definition.LookupTableDefinition;
import io.datahub.model.plan.DatasetGraph;
import io.datahub.model.run.ErrorCategory;
import io.datahub.spark.api.DatahubException;
import io.datahub.spark.api.RunContext;
import io.datahub.spark.api.StepOutput;
import io.datahub.spark.api.TransformationStep;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * {@code <lookup>}: adds {@code outputFields} of reference data to {@code source} (input 0).
 * <p>Input 1 is always the reference data: the pipeline dataset named by {@code reference}, or, when
 * {@code reference} names a lookup definition, the rows of that definition's source element, which
 * the engine reads with its {@link io.datahub.spark.api.SourceReader}s and passes as input 1.
 * <p>Keys: {@code keys} ({@code col} or {@code sourceCol=lookupCol}); without it, the lookup
 * definition's {@code keys}, same names on both sides. Rows match when every key is equal (a null
 * key matches nothing). {@code joinType="left"} (default) keeps unmatched rows with nulls in the
 * output fields, {@code "inner"} drops them. A lookup definition is broadcast unless it says
 * {@code broadcast="false"}; for a pipeline dataset Spark decides (its broadcast threshold).
 * <p>The reference must be unique on its keys (rows with a null key excepted, as they never match):
 * a duplicate would silently multiply source rows, so it fails the run with DATA_QUALITY naming an
 * example key. This check is one extra Spark job over the reference. An output field named like a
 * source column is a CONFIGURATION error (the step never overwrites source data).
 */
public final class LookupStep implements TransformationStep<Lookup> {

    private static final String SRC = "_dh_source";
    private static final String REF = "_dh_reference";

    @Override
    public Class<Lookup> handles() {
        return Lookup.class;
    }

    @Override
    public StepOutput apply(Lookup step, List<Dataset<Row>> inputs, RunContext context) {
        Dataset<Row> source = inputs.get(0);
        Dataset<Row> reference = inputs.get(1);
        String name = step.reference();
        boolean pipelineDataset = new DatasetGraph(context.pipeline()).isDataset(name);
        LookupTableDefinition definition = pipelineDataset ? null : context.lookup(name);
        String keysText = step.keys() != null ? step.keys() : definition == null ? null : definition.keys();
        List<KeyPair> keys = StepColumns.parse("<lookup>", () -> KeyPair.parseAll(keysText));
        if (keys.isEmpty()) {
            throw new DatahubException(ErrorCategory.CONFIGURATION, "<lookup> keys: required when reference '" + name + "' is a dataset of the pipeline");
        }
        String joinType = switch (step.joinType()) {
            case "left" -> "left_outer";
            case "inner" -> "inner";
            default -> throw new DatahubException(ErrorCategory.CONFIGURATION, "<lookup> joinType: '" + step.joinType() + "' is not left or inner");
        };
        String inSource = "in source '" + step.source() + "'";
        String inReference = "in reference '" + name + "'";
        String[] sourceColumns = source.columns();
        String[] referenceColumns = reference.columns();

        List<String> referenceKeys = new ArrayList<>();
        Column condition = null;
        for (KeyPair key : keys) {
            String s = StepColumns.resolve(sourceColumns, key.sourceColumn(), "<lookup> keys", inSource);
            String r = StepColumns.resolve(referenceColumns, key.lookupColumn(), "<lookup> keys", inReference);
            referenceKeys.add(r);
            Column equal = qualified(SRC, s).equalTo(qualified(REF, r));
            condition = condition == null ? equal : condition.and(equal);
        }
        List<String> fields = new ArrayList<>();
        for (String field : CommaList.split(step.outputFields())) {
            String f = StepColumns.resolve(referenceColumns, field, "<lookup> outputFields", inReference);
            if (StepColumns.contains(sourceColumns, f)) {
                throw new DatahubException(ErrorCategory.CONFIGURATION, "<lookup> outputFields: '" + f + "' is already a column "
                        + inSource + " (columns: " + String.join(", ", sourceColumns) + ")");
            }
            fields.add(f);
        }
        checkUnique(reference, referenceKeys, name);

        // Only keys and output fields travel (to every executor when broadcast).
        List<String> needed = new ArrayList<>(referenceKeys);
        fields.stream().filter(f -> !needed.contains(f)).forEach(needed::add);
        Dataset<Row> narrow = reference.select(needed.stream().map(StepColumns::col).toArray(Column[]::new)).alias(REF);
        if (definition != null && definition.broadcast()) {
            narrow = functions.broadcast(narrow);
        }
        List<Column> out = new ArrayList<>();
        for (String c : sourceColumns) {
            out.add(qualified(SRC, c));
        }
        for (String f : fields) {
            out.add(qualified(REF, f).as(f));
        }
        Dataset<Row> joined = source.alias(SRC).join(narrow, condition, joinType).select(out.toArray(Column[]::new));
        return StepOutput.of(joined);
    }

    private static void checkUnique(Dataset<Row> reference, List<String> keys, String name) {
        Column[] keyColumns = keys.stream().map(StepColumns::col).toArray(Column[]::new);
        Column anyNull = null;
        for (Column k : keyColumns) {
            anyNull = anyNull == null ? k.isNull() : anyNull.or(k.isNull());
        }
        String rows = StepColumns.fresh("_dh_rows", keys.toArray(String[]::new));
        List<Row> duplicates = reference.filter(functions.not(anyNull)).groupBy(keyColumns).agg(functions.count(functions.lit(1)).as(rows))
                .filter(functions.col(rows).gt(1)).limit(1).collectAsList();
        if (!duplicates.isEmpty()) {
            Row row = duplicates.get(0);
            List<String> values = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                values.add(keys.get(i) + "=" + row.get(i));
            }
            throw new DatahubException(ErrorCategory.DATA_QUALITY, "<lookup> reference '" + name + "' is not unique on its keys: "
                    + String.join(", ", values) + " occurs in " + row.getLong(keys.size()) + " rows (a lookup must have one row per key)");
        }
    }

    private static Column qualified(String alias, String column) {
        return functions.col(alias + ".`" + column.replace("`", "``") + "`");
    }
}
