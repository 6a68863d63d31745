package io.datahub.spark.transform;

import io.datahub.model.definition.CommaList;
import io.datahub.model.definition.Deduplicate;
import io.datahub.model.definition.OrderItem;
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
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;

/**
 * {@code <deduplicate>}: one row per {@code keys}.
 * <ul>
 * <li>{@code keep="first"} / {@code "last"}: the first / last row of the key in <em>input order as read</em>:
 * rows are numbered with {@code monotonically_increasing_id()} before any shuffle this step adds, so the
 * order is file order within a partition and partitions in order (for a file source: the files' rows as
 * Spark splits them). If the input itself came out of a shuffle (a join, an aggregate), that order is
 * whatever the shuffle produced.</li>
 * <li>{@code keep="latest"}: the first row by {@code orderBy} (items {@code col [asc|desc]}, default
 * {@code desc}); nulls sort last on every item, so a row with a known value wins over one without;
 * ties are broken by input order (the first row read wins).</li>
 * </ul>
 * Null key values form one group, as in SQL {@code GROUP BY}. The output has exactly the input's columns.
 */
public final class DeduplicateStep implements TransformationStep<Deduplicate> {

    @Override
    public Class<Deduplicate> handles() {
        return Deduplicate.class;
    }

    @Override
    public StepOutput apply(Deduplicate step, List<Dataset<Row>> inputs, RunContext context) {
        Dataset<Row> input = inputs.get(0);
        String[] columns = input.columns();
        List<Column> keys = new ArrayList<>();
        for (String key : CommaList.split(step.keys())) {
            keys.add(StepColumns.col(StepColumns.resolve(columns, key, "<deduplicate> keys")));
        }
        if (keys.isEmpty()) {
            throw new DatahubException(ErrorCategory.CONFIGURATION, "<deduplicate> keys: at least one key column is required");
        }
        String seq = StepColumns.fresh("_dh_seq", columns);
        String rank = StepColumns.fresh("_dh_rank", columns);
        // Numbered here, before the window's shuffle: afterwards Spark keeps no row order.
        Dataset<Row> numbered = input.withColumn(seq, functions.monotonically_increasing_id());
        List<Column> order = new ArrayList<>();
        switch (step.keep()) {
            case "first" -> order.add(functions.col(seq).asc());
            case "last" -> order.add(functions.col(seq).desc());
            case "latest" -> {
                if (step.orderBy() == null || step.orderBy().isBlank()) {
                    throw new DatahubException(ErrorCategory.CONFIGURATION, "<deduplicate> keep=\"latest\" needs orderBy");
                }
                for (OrderItem item : StepColumns.parse("<deduplicate>", () -> OrderItem.parseAll(step.orderBy(), "desc"))) {
                    Column c = StepColumns.col(StepColumns.resolve(columns, item.column(), "<deduplicate> orderBy"));
                    order.add(item.descending() ? c.desc_nulls_last() : c.asc_nulls_last());
                }
                order.add(functions.col(seq).asc());
            }
            default -> throw new DatahubException(ErrorCategory.CONFIGURATION,
                    "<deduplicate> keep: '" + step.keep() + "' is not first, last or latest");
        }
        WindowSpec window = Window.partitionBy(keys.toArray(Column[]::new)).orderBy(order.toArray(Column[]::new));
        Dataset<Row> kept = numbered.withColumn(rank, functions.row_number().over(window))
                .filter(functions.col(rank).equalTo(1))
                .drop(rank, seq);
        return StepOutput.of(kept);
    }
}
