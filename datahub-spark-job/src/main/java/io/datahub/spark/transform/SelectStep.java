package io.datahub.spark.transform;

import io.datahub.model.definition.Select;
import io.datahub.model.definition.SelectItem;
import io.datahub.spark.api.RunContext;
import io.datahub.spark.api.StepOutput;
import io.datahub.spark.api.TransformationStep;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code <select columns>}: one output column per item, {@code expression [AS alias]}, in order. Items are
 * split first and substituted after, so a parameter value containing a comma stays inside its item.
 */
public final class SelectStep implements TransformationStep<Select> {

    private static final String WHERE = "<select> columns";

    @Override
    public Class<Select> handles() {
        return Select.class;
    }

    @Override
    public StepOutput apply(Select step, List<Dataset<Row>> inputs, RunContext context) {
        Dataset<Row> input = inputs.get(0);
        List<Column> columns = new ArrayList<>();
        for (SelectItem item : SelectItem.parseAll(step.columns())) {
            Column column = StepExpressions.parse(StepExpressions.substitute(context, item.expression(), WHERE), WHERE);
            columns.add(item.alias() == null ? column : column.as(item.alias()));
        }
        return StepOutput.of(StepExpressions.analyze(WHERE, input, () -> input.select(columns.toArray(Column[]::new))));
    }
}
