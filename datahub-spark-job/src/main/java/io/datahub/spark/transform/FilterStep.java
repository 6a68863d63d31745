package io.datahub.spark.transform;

import io.datahub.model.definition.Filter;
import io.datahub.spark.api.RunContext;
import io.datahub.spark.api.StepOutput;
import io.datahub.spark.api.TransformationStep;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code <filter condition>}: keeps the rows for which the Spark SQL condition (after {@code ${name}}
 * substitution) is true; rows where it is false or null are dropped, as in SQL WHERE.
 */
public final class FilterStep implements TransformationStep<Filter> {

    private static final String WHERE = "<filter> condition";

    @Override
    public Class<Filter> handles() {
        return Filter.class;
    }

    @Override
    public StepOutput apply(Filter step, List<Dataset<Row>> inputs, RunContext context) {
        Dataset<Row> input = inputs.get(0);
        Column condition = StepExpressions.parse(StepExpressions.substitute(context, step.condition(), WHERE), WHERE);
        return StepOutput.of(StepExpressions.analyze(WHERE, input, () -> input.filter(condition)));
    }
}
