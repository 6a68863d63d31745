package io.datahub.spark.transform;

import io.datahub.model.definition.AllowedValuesRule;
import io.datahub.model.definition.CommaList;
import io.datahub.model.definition.DataQualityRule;
import io.datahub.model.definition.NotNullRule;
import io.datahub.model.definition.ParameterType;
import io.datahub.model.definition.PatternRule;
import io.datahub.model.definition.RangeRule;
import io.datahub.model.definition.ReferenceRule;
import io.datahub.model.definition.UniqueRule;
import io.datahub.model.definition.Validate;
import io.datahub.model.run.ErrorCategory;
import io.datahub.spark.api.DatahubException;
import io.datahub.spark.api.RunContext;
import io.datahub.spark.api.StepOutput;
import io.datahub.spark.api.TransformationStep;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code <validate>}: checks data-quality rules, with SQL CHECK semantics for nulls (only {@code notNull}
 * rejects a null).
 * <ul>
 * <li>{@code notNull columns}: no listed column is null.</li>
 * <li>{@code unique columns}: no two rows share the combination; every row of a duplicated key breaks the rule
 *     (rows with a null in the key never conflict, as with a SQL UNIQUE constraint).</li>
 * <li>{@code range column min max}: inclusive bounds, compared as numbers when the column is numeric, as dates or
 *     timestamps when it is one (bounds as {@code yyyy-MM-dd}, also {@code today}/{@code yesterday}/{@code today-Nd},
 *     or ISO timestamps; local times in the session time zone), else as strings. {@code ${name}} is substituted.</li>
 * <li>{@code pattern column regex}: the Java regex matches the whole value ({@code ^(?:regex)\z}; not {@code $},
 *     which would also accept a trailing line break).</li>
 * <li>{@code allowedValues column values}: the value, as a string, is one of the comma list (compared exactly).</li>
 * <li>{@code reference column dataset datasetColumn}: the value occurs in that dataset's column (input 1+k for the
 *     k-th reference rule).</li>
 * </ul>
 * A rule's name is its {@code name}, else {@code <element>:<columns>} with several columns joined by {@code +}
 * ({@code unique:order_id+line_no}), so names never contain the comma that separates them in {@code _dq_rule}.
 *
 * <p>One pass: each rule becomes a boolean column "breaks rule i" (a window for {@code unique}, a left join with the
 * distinct referenced values for {@code reference}, which finds what a left anti join would), the flagged rows are
 * persisted, and one aggregation counts every rule. Actions, in this order: every {@code warn} rule that found rows
 * adds a run warning (rows kept); then the first {@code fail} rule, in document order, that found rows fails the run
 * with DATA_QUALITY and up to three example rows (lowest first, so the message is stable); then rows breaking any
 * {@code quarantine} rule leave the output for the quarantine dataset, with {@code _dq_rule} listing every
 * quarantine rule the row broke, in document order.
 *
 * <p>Persistence: the flagged rows are read by the count, the output and the quarantine dataset; without a cache each
 * would recompute the input and the window and joins, and a nondeterministic input (an encrypt mask) could even
 * count other rows than it writes. So they stay persisted (memory and disk) for the later steps and targets of the
 * run, through {@link RunContext#persist}, which the engine releases when the run ends.
 */
public final class ValidateStep implements TransformationStep<Validate> {

    /** Column of the quarantine dataset naming the rules a row broke. */
    public static final String RULE_COLUMN = "_dq_rule";

    private static final int EXAMPLES = 3;
    private static final String FLAG = "__dq_breaks_";
    private static final String REFERENCED = "__dq_referenced_";

    @Override
    public Class<Validate> handles() {
        return Validate.class;
    }

    @Override
    public StepOutput apply(Validate step, List<Dataset<Row>> inputs, RunContext context) {
        Dataset<Row> input = inputs.get(0);
        List<DataQualityRule> rules = step.rules();
        List<String> names = rules.stream().map(ValidateStep::ruleName).toList();
        Dataset<Row> flagged = input;
        int reference = 1;
        List<String> flags = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            DataQualityRule rule = rules.get(i);
            String where = "<validate> rule " + names.get(i);
            checkAction(rule, step, where);
            String flag = FLAG + i;
            if (rule instanceof ReferenceRule ref) {
                if (inputs.size() <= reference) {
                    throw new DatahubException(ErrorCategory.INTERNAL, where + ": dataset '" + ref.dataset() + "' was not passed to the step");
                }
                flagged = flagReference(flagged, input, inputs.get(reference++), ref, flag, REFERENCED + i, where);
            } else {
                flagged = flagged.withColumn(flag, breaks(rule, input, context, where));
            }
            flags.add(flag);
        }
        String[] flagColumns = flags.toArray(String[]::new);
        Column quarantined = functions.lit(false);
        List<Column> ruleNames = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).quarantines()) {
                quarantined = quarantined.or(functions.col(flags.get(i)));
                ruleNames.add(functions.when(functions.col(flags.get(i)), functions.lit(names.get(i))));
            }
        }

        flagged = context.persist(flagged, StorageLevel.MEMORY_AND_DISK());
        List<Column> counts = new ArrayList<>();
        for (String flag : flags) {
            counts.add(functions.count(functions.when(functions.col(flag), 1)));
        }
        counts.add(functions.count(functions.when(quarantined, 1)));
        Row totals = flagged.agg(counts.get(0), counts.subList(1, counts.size()).toArray(Column[]::new)).first();

        for (int i = 0; i < rules.size(); i++) {
            long broken = totals.getLong(i);
            if (broken > 0 && "warn".equals(rules.get(i).action())) {
                context.warn("<validate> rule " + names.get(i) + ": " + rows(broken) + " broke it (kept, action warn)");
            }
        }
        for (int i = 0; i < rules.size(); i++) {
            long broken = totals.getLong(i);
            if (broken > 0 && "fail".equals(rules.get(i).action())) {
                String examples = examples(flagged.filter(functions.col(flags.get(i))).drop(flagColumns));
                flagged.unpersist();
                throw new DatahubException(ErrorCategory.DATA_QUALITY,
                        "<validate> rule " + names.get(i) + " failed for " + rows(broken) + ", e.g. " + examples);
            }
        }

        Dataset<Row> output = flagged.filter(functions.not(quarantined)).drop(flagColumns);
        if (step.quarantineOutput() == null) {
            return StepOutput.of(output);
        }
        context.countQuarantined(step.quarantineOutput(), totals.getLong(rules.size()));
        Column ruleColumn = ruleNames.isEmpty() ? functions.lit("") : functions.concat_ws(",", ruleNames.toArray(Column[]::new));
        Dataset<Row> quarantine = flagged.filter(quarantined).withColumn(RULE_COLUMN, ruleColumn).drop(flagColumns);
        return new StepOutput(output, quarantine);
    }

    /** The rule's {@code name}, else {@code <element>:<columns>} (columns joined by {@code +}). */
    static String ruleName(DataQualityRule rule) {
        if (rule.name() != null) {
            return rule.name();
        }
        return rule.elementName() + ":" + String.join("+", rule.columnsChecked());
    }

    private static void checkAction(DataQualityRule rule, Validate step, String where) {
        switch (rule.action()) {
            case "fail", "warn" -> {
            }
            case "quarantine" -> {
                if (step.quarantineOutput() == null) {
                    throw new DatahubException(ErrorCategory.CONFIGURATION, where + ": action quarantine needs quarantineOutput on <validate>");
                }
            }
            default -> throw new DatahubException(ErrorCategory.CONFIGURATION, where + ": unknown action '" + rule.action()
                    + "' (expected fail, warn or quarantine)");
        }
    }

    /** True where the row breaks the rule, never null. */
    private static Column breaks(DataQualityRule rule, Dataset<Row> input, RunContext context, String where) {
        if (rule instanceof NotNullRule notNull) {
            Column any = functions.lit(false);
            for (String name : notNull.columnsChecked()) {
                any = any.or(column(input, name, where).isNull());
            }
            return any;
        }
        if (rule instanceof UniqueRule unique) {
            List<Column> key = new ArrayList<>();
            Column complete = functions.lit(true);
            for (String name : unique.columnsChecked()) {
                Column c = column(input, name, where);
                key.add(c);
                complete = complete.and(c.isNotNull());
            }
            Column rowsWithKey = functions.count(functions.lit(1)).over(Window.partitionBy(key.toArray(Column[]::new)));
            return complete.and(rowsWithKey.gt(1));
        }
        if (rule instanceof RangeRule range) {
            return range(range, input, context, where);
        }
        if (rule instanceof PatternRule pattern) {
            try {
                Pattern.compile(pattern.regex());
            } catch (PatternSyntaxException e) {
                throw new DatahubException(ErrorCategory.CONFIGURATION, where + ": regex does not compile: " + e.getDescription());
            }
            Column value = column(input, pattern.column(), where);
            return value.isNotNull().and(functions.not(value.cast(DataTypes.StringType).rlike("^(?:" + pattern.regex() + ")\\z")));
        }
        if (rule instanceof AllowedValuesRule allowed) {
            Column value = column(input, allowed.column(), where);
            Object[] values = CommaList.split(allowed.values()).toArray();
            return value.isNotNull().and(functions.not(value.cast(DataTypes.StringType).isin(values)));
        }
        throw new DatahubException(ErrorCategory.CONFIGURATION, where + ": unsupported rule <" + rule.elementName() + ">");
    }

    private static Column range(RangeRule rule, Dataset<Row> input, RunContext context, String where) {
        if (rule.min() == null && rule.max() == null) {
            throw new DatahubException(ErrorCategory.CONFIGURATION, where + ": needs min, max or both");
        }
        String name = StepColumns.resolve(input, rule.column(), where);
        DataType type = input.schema().apply(name).dataType();
        Column value = type instanceof NumericType || type instanceof DateType || type instanceof TimestampType
                || type instanceof TimestampNTZType ? StepColumns.col(name) : StepColumns.col(name).cast(DataTypes.StringType);
        Column inside = functions.lit(true);
        if (rule.min() != null) {
            inside = inside.and(value.geq(bound(StepExpressions.substitute(context, rule.min(), where), "min", type, context, where)));
        }
        if (rule.max() != null) {
            inside = inside.and(value.leq(bound(StepExpressions.substitute(context, rule.max(), where), "max", type, context, where)));
        }
        return value.isNotNull().and(functions.not(inside));
    }

    /** A bound as a literal of the column's kind, so the comparison is numeric, temporal or textual. */
    private static Column bound(String text, String which, DataType type, RunContext context, String where) {
        try {
            if (type instanceof NumericType) {
                BigDecimal number = new BigDecimal(text.strip());
                // Spark's decimals have no negative scale (1E+3)
                return functions.lit(number.scale() < 0 ? number.setScale(0) : number);
            }
            if (type instanceof DateType) {
                return functions.lit(ParameterType.DATE.parse(text, context.runDate()));
            }
            if (type instanceof TimestampType || type instanceof TimestampNTZType) {
                return functions.lit(timestamp(text, type instanceof TimestampType, context));
            }
        } catch (NumberFormatException e) {
            throw new DatahubException(ErrorCategory.CONFIGURATION, where + ": " + which + " '" + text + "' is not a number");
        } catch (IllegalArgumentException e) {
            throw new DatahubException(ErrorCategory.CONFIGURATION, where + ": " + which + " " + e.getMessage());
        }
        return functions.lit(text);
    }

    /** An ISO timestamp or a date (its midnight); local times are in the session time zone for a TIMESTAMP column. */
    private static Object timestamp(String text, boolean instant, RunContext context) {
        Object value;
        try {
            value = ParameterType.TIMESTAMP.parse(text, context.runDate());
        } catch (IllegalArgumentException notTimestamp) {
            try {
                value = ((LocalDate) ParameterType.DATE.parse(text, context.runDate())).atStartOfDay();
            } catch (IllegalArgumentException notDate) {
                throw notTimestamp;
            }
        }
        ZoneId zone = ZoneId.of(context.spark().conf().get("spark.sql.session.timeZone"));
        if (value instanceof LocalDateTime local) {
            return instant ? local.atZone(zone).toInstant() : local;
        }
        return instant ? value : LocalDateTime.ofInstant((java.time.Instant) value, zone);
    }

    private static Dataset<Row> flagReference(Dataset<Row> flagged, Dataset<Row> input, Dataset<Row> referenced, ReferenceRule rule,
                                              String flag, String joined, String where) {
        Column value = column(input, rule.column(), where);
        String target = StepColumns.resolve(referenced, rule.referencedColumn(), where + " (dataset '" + rule.dataset() + "')");
        // distinct: each row of the input matches at most one row, so the join neither adds nor drops rows
        Dataset<Row> values = referenced.select(StepColumns.col(target).as(joined)).distinct();
        return StepExpressions.analyze(where, input, () -> flagged
                .join(values, value.equalTo(functions.col(joined)), "left_outer")
                .withColumn(flag, value.isNotNull().and(functions.col(joined).isNull()))
                .drop(joined));
    }

    private static Column column(Dataset<Row> input, String name, String where) {
        return StepColumns.col(StepColumns.resolve(input, name, where));
    }

    private static String rows(long n) {
        return n == 1 ? "1 row" : n + " rows";
    }

    /**
     * Up to three breaking rows as {@code col=value} pairs, rows separated by {@code ;}. Sorted (top-k, not a full sort)
     * so the message does not depend on partitioning; columns are renamed by position first, as the input may hold
     * two columns of one name.
     */
    private static String examples(Dataset<Row> broken) {
        StructField[] fields = broken.schema().fields();
        String[] positional = new String[fields.length];
        List<Column> order = new ArrayList<>();
        for (int i = 0; i < fields.length; i++) {
            positional[i] = "c" + i;
            if (orderable(fields[i].dataType())) {
                order.add(functions.col(positional[i]).asc_nulls_first());
            }
        }
        List<Row> rows = broken.toDF(positional).orderBy(order.toArray(Column[]::new)).limit(EXAMPLES).collectAsList();
        return rows.stream().map(row -> {
            List<String> pairs = new ArrayList<>();
            for (int i = 0; i < fields.length; i++) {
                pairs.add(fields[i].name() + "=" + row.get(i));
            }
            return String.join(", ", pairs);
        }).collect(Collectors.joining("; "));
    }

    private static boolean orderable(DataType type) {
        if (type instanceof MapType) {
            return false;
        }
        if (type instanceof ArrayType array) {
            return orderable(array.elementType());
        }
        if (type instanceof StructType struct) {
            for (StructField field : struct.fields()) {
                if (!orderable(field.dataType())) {
                    return false;
                }
            }
        }
        return true;
    }
}
