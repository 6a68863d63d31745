package io.datahub.spark.transform;

import io.datahub.model.definition.Aggregate;
import io.datahub.model.definition.CommaList;
import io.datahub.model.definition.Metric;
import io.datahub.model.run.ErrorCategory;
import io.datahub.spark.api.DatahubException;
import io.datahub.spark.api.RunContext;
import io.datahub.spark.api.StepOutput;
import io.datahub.spark.api.TransformationStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * {@code <aggregate>}: groups by {@code groupBy} (none: one row for the whole input) and computes
 * {@code metrics} {@code fn:column[:alias]}: {@code count:alias} is {@code count(*)}, {@code count:col:alias}
 * counts non-null values; countDistinct, sum, avg, min and max are Spark's (nulls ignored).
 * {@code first} / {@code last} are the value (null included) of the first / last row of the group in
 * input order as read, numbered like {@link DeduplicateStep} does, so they do not depend on how the
 * shuffle interleaves rows (Spark's own first()/last() would).
 * <p>{@code window} daily|weekly|monthly adds {@code window_start}, the date of
 * {@code date_trunc('day'|'week'|'month', timeColumn)} in the session time zone, as a grouping
 * column; weeks start on Monday (Spark's date_trunc('week'), ISO 8601).
 * <p>Output columns, in order: groupBy columns, {@code window_start} (with a window), the metrics.
 */
public final class AggregateStep implements TransformationStep<Aggregate> {

    static final String WINDOW_START = "window_start";

    private static final Map<String, String> WINDOW_UNITS = Map.of("daily", "day", "weekly", "week", "monthly", "month");

    @Override
    public Class<Aggregate> handles() {
        return Aggregate.class;
    }

    @Override
    public StepOutput apply(Aggregate step, List<Dataset<Row>> inputs, RunContext context) {
        Dataset<Row> input = inputs.get(0);
        String[] columns = input.columns();
        List<Column> groups = new ArrayList<>();
        List<String> outputNames = new ArrayList<>();
        for (String g : CommaList.split(step.groupBy())) {
            String column = StepColumns.resolve(columns, g, "<aggregate> groupBy");
            groups.add(StepColumns.col(column));
            outputNames.add(column);
        }
        if (step.window() != null) {
            String unit = WINDOW_UNITS.get(step.window());
            if (unit == null) {
                throw new DatahubException(ErrorCategory.CONFIGURATION, "<aggregate> window: '" + step.window() + "' is not daily, weekly or monthly");
            }
            if (step.timeColumn() == null) {
                throw new DatahubException(ErrorCategory.CONFIGURATION, "<aggregate> window=\"" + step.window() + "\" needs timeColumn");
            }
            Column time = StepColumns.col(StepColumns.resolve(columns, step.timeColumn(), "<aggregate> timeColumn"));
            groups.add(functions.date_trunc(unit, time).cast("date").as(WINDOW_START));
            outputNames.add(WINDOW_START);
        }
        List<Metric> metrics = StepColumns.parse("<aggregate>", () -> Metric.parseAll(step.metrics()));
        if (metrics.isEmpty()) {
            throw new DatahubException(ErrorCategory.CONFIGURATION, "<aggregate> metrics: at least one metric is required");
        }
        boolean ordered = metrics.stream().anyMatch(m -> m.function().equals("first") || m.function().equals("last"));
        String seq = StepColumns.fresh("_dh_seq", columns);
        List<Column> aggregates = new ArrayList<>();
        for (Metric m : metrics) {
            Column value = m.column() == null ? null : StepColumns.col(StepColumns.resolve(columns, m.column(), "<aggregate> metrics"));
            aggregates.add(aggregate(m.function(), value, functions.col(seq)).as(m.alias()));
            outputNames.add(m.alias());
        }
        checkUnique(outputNames);
        // Numbered before the aggregation's shuffle: input order as read (see DeduplicateStep).
        Dataset<Row> source = ordered ? input.withColumn(seq, functions.monotonically_increasing_id()) : input;
        Dataset<Row> result = source.groupBy(groups.toArray(Column[]::new))
                .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new));
        return StepOutput.of(result);
    }

    private static Column aggregate(String function, Column value, Column seq) {
        return switch (function) {
            case "count" -> value == null ? functions.count(functions.lit(1)) : functions.count(value);
            case "countDistinct" -> functions.countDistinct(value);
            case "sum" -> functions.sum(value);
            case "avg" -> functions.avg(value);
            case "min" -> functions.min(value);
            case "max" -> functions.max(value);
            case "first" -> functions.min_by(value, seq);
            case "last" -> functions.max_by(value, seq);
            default -> throw new DatahubException(ErrorCategory.CONFIGURATION, "<aggregate> metrics: unknown function '" + function + "'");
        };
    }

    private static void checkUnique(List<String> names) {
        for (int i = 0; i < names.size(); i++) {
            for (int j = i + 1; j < names.size(); j++) {
                if (names.get(i).equalsIgnoreCase(names.get(j))) {
                    throw new DatahubException(ErrorCategory.CONFIGURATION, "<aggregate> output column '" + names.get(j)
                            + "' appears twice (groupBy columns, window_start and metric aliases must differ)");
                }
            }
        }
    }
}
