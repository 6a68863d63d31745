package io.datahub.spark.transform;

import io.datahub.model.definition.OrderItem;
import io.datahub.model.definition.Sort;
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

/**
 * {@code <sort>}: orders rows by {@code orderBy} items {@code col [asc|desc]}; items without a direction
 * take {@code direction} (default asc). {@code nulls="first"|"last"} applies to every item; without it,
 * Spark's default: nulls first for ascending items, last for descending ones. The sort is global (a
 * range shuffle); rows equal on every item come in no defined order.
 */
public final class SortStep implements TransformationStep<Sort> {

    @Override
    public Class<Sort> handles() {
        return Sort.class;
    }

    @Override
    public StepOutput apply(Sort step, List<Dataset<Row>> inputs, RunContext context) {
        Dataset<Row> input = inputs.get(0);
        String nulls = step.nulls();
        if (nulls != null && !nulls.equals("first") && !nulls.equals("last")) {
            throw new DatahubException(ErrorCategory.CONFIGURATION, "<sort> nulls: '" + nulls + "' is not first or last");
        }
        List<Column> order = new ArrayList<>();
        for (OrderItem item : StepColumns.parse("<sort>", () -> OrderItem.parseAll(step.orderBy(), step.direction()))) {
            Column c = StepColumns.col(StepColumns.resolve(input.columns(), item.column(), "<sort> orderBy"));
            order.add(sortOrder(c, item.descending(), nulls));
        }
        return StepOutput.of(input.orderBy(order.toArray(Column[]::new)));
    }

    private static Column sortOrder(Column c, boolean descending, String nulls) {
        if (nulls == null) {
            return descending ? c.desc() : c.asc();
        }
        boolean first = nulls.equals("first");
        if (descending) {
            return first ? c.desc_nulls_first() : c.desc_nulls_last();
        }
        return first ? c.asc_nulls_first() : c.asc_nulls_last();
    }
}
