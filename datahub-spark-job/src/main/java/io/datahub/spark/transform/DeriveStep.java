package io.datahub.spark.transform;

import io.datahub.model.definition.Derive;
import io.datahub.spark.api.RunContext;
import io.datahub.spark.api.StepOutput;
import io.datahub.spark.api.TransformationStep;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code <derive column expression>}: Spark's {@code withColumn}, so the column is appended, or replaces
 * in place a column of the same name (matched case-insensitively; the output takes the spelling of {@code column}).
 */
public final class DeriveStep implements TransformationStep<Derive> {

    @Override
    public Class<Derive> handles() {
        return Derive.class;
    }

    @Override
    public StepOutput apply(Derive step, List<Dataset<Row>> inputs, RunContext context) {
        Dataset<Row> input = inputs.get(0);
        String where = "<derive> expression of '" + step.column() + "'";
        Column value = StepExpressions.parse(StepExpressions.substitute(context, step.expression(), where), where);
        return StepOutput.of(StepExpressions.analyze(where, input, () -> input.withColumn(step.column(), value)));
    }
}
