package io.datahub.spark.engine;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF0;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.util.AccumulatorV2;

/**
 * Counts the rows flowing through a point of a query exactly once, however often Spark computes that
 * point. Spark re-runs a plan's lower part for side jobs (a global sort samples its input first), so a
 * plain counter or Spark's own observed metrics count those rows twice. Rows are counted per stage
 * and the largest stage count wins: every stage that passes the point sees all its rows. Sources must
 * not be driver-local relations ({@code createDataFrame(List, ...)}): Spark's optimizer evaluates
 * filters over those on the driver, outside any stage, once per query.
 * Hand-written because Spark has no counter with these semantics.
 */
final class RowCounter extends AccumulatorV2<Long, Long> {

    private static final long serialVersionUID = 1L;

    private final Map<Integer, Long> perStage = new HashMap<>();

    /** A counter registered with the session's SparkContext under {@code name}. */
    static RowCounter register(SparkSession spark, String name) {
        RowCounter counter = new RowCounter();
        spark.sparkContext().register(counter, name);
        return counter;
    }

    /** A condition that is always true and counts each row it is evaluated on. */
    Column passThrough() {
        RowCounter self = this;
        UserDefinedFunction count = functions.udf((UDF0<Boolean>) () -> {
            self.add(1L);
            return Boolean.TRUE;
        }, DataTypes.BooleanType).asNondeterministic();
        return count.apply();
    }

    @Override
    public boolean isZero() {
        synchronized (perStage) {
            return perStage.isEmpty();
        }
    }

    @Override
    public RowCounter copy() {
        RowCounter copy = new RowCounter();
        synchronized (perStage) {
            copy.perStage.putAll(perStage);
        }
        return copy;
    }

    @Override
    public void reset() {
        synchronized (perStage) {
            perStage.clear();
        }
    }

    @Override
    public void add(Long rows) {
        TaskContext task = TaskContext.get();
        int stage = task == null ? -1 : task.stageId();
        synchronized (perStage) {
            perStage.merge(stage, rows, Long::sum);
        }
    }

    @Override
    public void merge(AccumulatorV2<Long, Long> other) {
        RowCounter o = (RowCounter) other;
        Map<Integer, Long> theirs;
        synchronized (o.perStage) {
            theirs = new HashMap<>(o.perStage);
        }
        synchronized (perStage) {
            theirs.forEach((stage, rows) -> perStage.merge(stage, rows, Long::sum));
        }
    }

    /** Rows counted: the largest per-stage count (0 when nothing ran). */
    @Override
    public Long value() {
        synchronized (perStage) {
            return perStage.values().stream().mapToLong(Long::longValue).max().orElse(0L);
        }
    }

    /** Whether any stage passed the point (an unused source is never computed). */
    boolean ran() {
        return !isZero();
    }
}
