package io.datahub.spark.transform;

import io.datahub.model.definition.Join;
import io.datahub.model.run.ErrorCategory;
import io.datahub.spark.api.DatahubException;
import io.datahub.spark.api.RunContext;
import io.datahub.spark.api.StepOutput;
import io.datahub.spark.api.TransformationStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * {@code <join>}: joins {@code left} (input 0) and {@code right} (input 1) on {@code condition}, a Spark
 * SQL boolean expression whose columns are qualified by the dataset ids ({@code orders.customer_id =
 * customers.id}): each input is aliased with its dataset id.
 * <p>Types: inner, left, right, full, semi, anti (Spark's inner, left_outer, right_outer, full_outer,
 * left_semi, left_anti). Output columns: the left side's, then the right side's (semi and anti: the left
 * side's only). A right column whose name (case-insensitively) is also a left column's is renamed
 * {@code <right dataset id>_<column>}; the left one keeps its name. If that new name is taken too, the
 * join fails (SCHEMA_MISMATCH) rather than guess: rename a column before the join.
 */
public final class JoinStep implements TransformationStep<Join> {

    private static final Map<String, String> TYPES = Map.of("inner", "inner", "left", "left_outer", "right", "right_outer",
            "full", "full_outer", "semi", "left_semi", "anti", "left_anti");

    @Override
    public Class<Join> handles() {
        return Join.class;
    }

    @Override
    public StepOutput apply(Join step, List<Dataset<Row>> inputs, RunContext context) {
        String leftId = step.left();
        String rightId = step.right();
        String type = TYPES.get(step.type());
        if (type == null) {
            throw new DatahubException(ErrorCategory.CONFIGURATION,
                    "<join> type: '" + step.type() + "' is not inner, left, right, full, semi or anti");
        }
        if (leftId.equalsIgnoreCase(rightId)) {
            // Both sides would carry the same qualifier, so the condition could not tell them apart.
            throw new DatahubException(ErrorCategory.CONFIGURATION, "<join> left and right are both '" + leftId
                    + "': a condition qualified by dataset id cannot tell the sides apart (give one side another name with output)");
        }
        Dataset<Row> left = inputs.get(0);
        Dataset<Row> right = inputs.get(1);
        Dataset<Row> joined;
        try {
            // Dataset.join analyses eagerly, so an unknown column fails here and not in a later action.
            joined = left.alias(leftId).join(right.alias(rightId), functions.expr(step.condition()), type);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            // Scala throws AnalysisException (checked in Java) undeclared: the only checked exception here.
            throw conditionError(step, left, right, e);
        }
        if (type.equals("left_semi") || type.equals("left_anti")) {
            return StepOutput.of(joined);
        }
        return StepOutput.of(joined.select(outputColumns(leftId, left.columns(), rightId, right.columns()).toArray(Column[]::new)));
    }

    /** {@code left.*}, then the right columns, a right column named like a left one renamed {@code <rightId>_<column>}. */
    private static List<Column> outputColumns(String leftId, String[] leftColumns, String rightId, String[] rightColumns) {
        List<Column> out = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String c : leftColumns) {
            out.add(qualified(leftId, c));
            names.add(c);
        }
        for (String c : rightColumns) {
            String name = c;
            if (containsIgnoreCase(List.of(leftColumns), c)) {
                name = rightId + "_" + c;
                if (containsIgnoreCase(names, name) || containsIgnoreCase(List.of(rightColumns), name)) {
                    throw new DatahubException(ErrorCategory.SCHEMA_MISMATCH, "<join> column '" + c + "' is on both sides and its new name '"
                            + name + "' is taken too (columns of " + leftId + ": " + String.join(", ", leftColumns) + "; of " + rightId
                            + ": " + String.join(", ", rightColumns) + "); rename a column before the join");
                }
            }
            out.add(qualified(rightId, c).as(name));
            names.add(name);
        }
        return out;
    }

    private static Column qualified(String dataset, String column) {
        return functions.col(dataset + ".`" + column.replace("`", "``") + "`");
    }

    private static boolean containsIgnoreCase(List<String> names, String name) {
        return names.stream().anyMatch(n -> n.equalsIgnoreCase(name));
    }

    private static DatahubException conditionError(Join step, Dataset<Row> left, Dataset<Row> right, Exception thrown) {
        if (!(thrown instanceof AnalysisException e)) {
            return new DatahubException(ErrorCategory.INTERNAL, "<join> " + thrown, thrown);
        }
        String errorClass = e.getErrorClass() == null ? "" : e.getErrorClass();
        if (errorClass.startsWith("UNRESOLVED_COLUMN")) {
            String column = e.getMessageParameters().getOrDefault("objectName", "?").replace("`", "");
            List<String> known = new ArrayList<>();
            for (String c : left.columns()) {
                known.add(step.left() + "." + c);
            }
            for (String c : right.columns()) {
                known.add(step.right() + "." + c);
            }
            return new DatahubException(ErrorCategory.UNKNOWN_COLUMN, "<join> condition: column '" + column + "' does not exist (columns: "
                    + String.join(", ", known) + ")", e);
        }
        return new DatahubException(ErrorCategory.CONFIGURATION, "<join> condition '" + step.condition() + "': " + e.getSimpleMessage(), e);
    }
}
