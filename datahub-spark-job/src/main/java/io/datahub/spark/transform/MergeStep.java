package io.datahub.spark.transform;

import io.datahub.model.definition.CommaList;
import io.datahub.model.definition.Merge;
import io.datahub.model.run.ErrorCategory;
import io.datahub.spark.api.DatahubException;
import io.datahub.spark.api.RunContext;
import io.datahub.spark.api.StepOutput;
import io.datahub.spark.api.TransformationStep;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code <merge>}: union by column name (case-insensitive) of the {@code sources}, in their order.
 * Output columns: the first input's, then columns first seen in later inputs, in order of appearance.
 * Inputs with different column sets fail with SCHEMA_MISMATCH naming each dataset and the columns it
 * lacks, unless {@code allowMissingColumns="true"}, which fills them with nulls. Column types are
 * widened as Spark's {@code unionByName} does; incompatible types fail with SCHEMA_MISMATCH.
 * {@code distinct="true"} removes duplicate rows of the union (SQL {@code UNION}).
 */
public final class MergeStep implements TransformationStep<Merge> {

    @Override
    public Class<Merge> handles() {
        return Merge.class;
    }

    @Override
    public StepOutput apply(Merge step, List<Dataset<Row>> inputs, RunContext context) {
        List<String> names = CommaList.split(step.sources());
        if (!step.allowMissingColumns()) {
            checkSameColumns(names, inputs);
        }
        Dataset<Row> union = inputs.get(0);
        try {
            for (int i = 1; i < inputs.size(); i++) {
                union = union.unionByName(inputs.get(i), step.allowMissingColumns());
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            // Scala throws AnalysisException (checked in Java) undeclared: the only checked exception here.
            String reason = e instanceof AnalysisException a ? a.getSimpleMessage() : e.toString();
            throw new DatahubException(ErrorCategory.SCHEMA_MISMATCH, "<merge> sources " + String.join(", ", names) + ": " + reason, e);
        }
        return StepOutput.of(step.distinct() ? union.distinct() : union);
    }

    private static void checkSameColumns(List<String> names, List<Dataset<Row>> inputs) {
        List<String> all = new ArrayList<>();
        for (Dataset<Row> input : inputs) {
            for (String c : input.columns()) {
                if (!StepColumns.contains(all.toArray(String[]::new), c)) {
                    all.add(c);
                }
            }
        }
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            String[] columns = inputs.get(i).columns();
            List<String> missing = all.stream().filter(c -> !StepColumns.contains(columns, c)).toList();
            if (!missing.isEmpty()) {
                problems.add("'" + names.get(i) + "' lacks " + String.join(", ", missing));
            }
        }
        if (!problems.isEmpty()) {
            throw new DatahubException(ErrorCategory.SCHEMA_MISMATCH, "<merge> sources have different columns: "
                    + String.join("; ", problems) + " (allowMissingColumns=\"true\" fills missing columns with nulls)");
        }
    }
}
