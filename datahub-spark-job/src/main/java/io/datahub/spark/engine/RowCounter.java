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

    /** Rows counted by this copy; a task's copy counts rows of one stage only, so two fields suffice (no map, no lock per row). */
    private int stage = NO_STAGE;
    private long rows;
    /** Per-stage totals merged from tasks' copies (driver side). */
    private final Map<Integer, Long> merged = new HashMap<>();

    private static final int NO_STAGE = Integer.MIN_VALUE;

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
    public synchronized boolean isZero() {
        return rows == 0 && merged.isEmpty();
    }

    @Override
    public synchronized RowCounter copy() {
        RowCounter copy = new RowCounter();
        copy.stage = stage;
        copy.rows = rows;
        copy.merged.putAll(merged);
        return copy;
    }

    @Override
    public synchronized void reset() {
        stage = NO_STAGE;
        rows = 0;
        merged.clear();
    }

    /** Called per row inside a task: a field increment once the task's stage is known. */
    @Override
    public void add(Long count) {
        if (stage == NO_STAGE) {
            TaskContext task = TaskContext.get();
            stage = task == null ? -1 : task.stageId();
        }
        rows += count;
    }

    @Override
    public synchronized void merge(AccumulatorV2<Long, Long> other) {
        RowCounter o = (RowCounter) other;
        synchronized (o) {
            if (o.rows > 0) {
                merged.merge(o.stage, o.rows, Long::sum);
            }
            o.merged.forEach((s, n) -> merged.merge(s, n, Long::sum));
        }
    }

    /** Rows counted: the largest per-stage count (0 when nothing ran). */
    @Override
    public synchronized Long value() {
        Map<Integer, Long> all = new HashMap<>(merged);
        if (rows > 0) {
            all.merge(stage, rows, Long::sum);
        }
        return all.values().stream().mapToLong(Long::longValue).max().orElse(0L);
    }

    /** Whether any stage passed the point (an unused source is never computed). */
    boolean ran() {
        return !isZero();
    }
}
