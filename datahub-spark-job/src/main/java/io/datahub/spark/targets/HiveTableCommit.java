package io.datahub.spark.targets;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.datahub.model.run.ErrorCategory;
import io.datahub.spark.api.DatahubException;
import io.datahub.spark.api.TargetCommit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;

/**
 * Moves a Hive staging table into the target table.
 * <ul>
 * <li>A missing target table is created from the staging data (format, partitionBy), in every mode.</li>
 * <li>append: {@code INSERT INTO t SELECT <t's columns> FROM staging}. Idempotent per run id without an
 *     extra column: the commit records table property {@code datahub.appended.<runId>=true}, and a
 *     commit for a recorded run id is skipped. The insert and the property are two statements: a crash
 *     between them lets a re-run append again.</li>
 * <li>overwrite: with partitionBy, dynamic partition overwrite (only partitions present in the data are
 *     replaced); without, the whole table.</li>
 * <li>merge: table rows whose keys appear in the data are replaced by the data's rows, others stay:
 *     {@code existing LEFT ANTI JOIN new ON keys UNION ALL new}. Spark cannot overwrite a table it is
 *     reading, so the result goes to a second staging table first, then {@code INSERT OVERWRITE} from it.
 *     On a partitioned table only the affected partitions are rewritten (those of the data and those
 *     holding rows with the data's keys); an affected partition left without rows is dropped.</li>
 * </ul>
 * Both staging tables are dropped after commit and on abort.
 */
final class HiveTableCommit implements TargetCommit {

    private static final String OVERWRITE_MODE = "spark.sql.sources.partitionOverwriteMode";

    /** The target and staging tables (lower case, as the metastore keeps them) and the run id. */
    record Names(String database, String table, String stagingTable, String mergedTable, String runId) {
        String qualified() {
            return quote(database) + "." + quote(table);
        }

        String staging() {
            return quote(database) + "." + quote(stagingTable);
        }

        String merged() {
            return quote(database) + "." + quote(mergedTable);
        }

        String appendedProperty() {
            return "datahub.appended." + TargetSupport.fileSafe(runId);
        }
    }

    private final SparkSession spark;
    private final String where;
    private final String mode;
    private final String format;
    private final List<String> partitionBy;
    private final List<String> keys;
    private final Names names;
    private final Logger log;

    HiveTableCommit(SparkSession spark, String where, String mode, String format, List<String> partitionBy, List<String> keys,
                    Names names, Logger log) {
        this.spark = spark;
        this.where = where;
        this.mode = mode;
        this.format = format;
        this.partitionBy = partitionBy;
        this.keys = keys;
        this.names = names;
        this.log = log;
    }

    static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    @Override
    public void commit() {
        try {
            if (!spark.catalog().tableExists(names.database(), names.table())) {
                create();
            } else {
                switch (mode) {
                    case "append" -> append();
                    case "overwrite" -> overwrite();
                    case "merge" -> merge();
                    default -> throw new IllegalStateException("mode " + mode);
                }
            }
        } catch (DatahubException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DatahubException(ErrorCategory.TARGET_WRITE_FAILED, where + ": " + mode + " into " + names.qualified()
                    + " failed: " + TargetSupport.firstLine(e), e);
        } finally {
            abort();
        }
    }

    @Override
    public void abort() {
        for (String table : List.of(names.staging(), names.merged())) {
            try {
                spark.sql("DROP TABLE IF EXISTS " + table);
            } catch (RuntimeException e) {
                log.warn("{}: could not drop staging table {}: {}", where, table, e.toString());
            }
        }
    }

    private void create() {
        spark.table(names.staging()).write()
                .format(format)
                .partitionBy(partitionBy.toArray(new String[0]))
                .mode(SaveMode.ErrorIfExists)
                .saveAsTable(names.qualified());
        if ("append".equals(mode)) {
            recordAppend();
        }
    }

    private void append() {
        if (appended()) {
            log.info("{}: run {} was already appended to {}; skipped", where, names.runId(), names.qualified());
            return;
        }
        spark.sql("INSERT INTO " + names.qualified() + " SELECT " + selectList(tableColumns()) + " FROM " + names.staging());
        recordAppend();
    }

    private boolean appended() {
        String key = names.appendedProperty();
        return spark.sql("SHOW TBLPROPERTIES " + names.qualified()).collectAsList().stream()
                .anyMatch(row -> key.equals(row.getString(0)));
    }

    private void recordAppend() {
        spark.sql("ALTER TABLE " + names.qualified() + " SET TBLPROPERTIES ('" + names.appendedProperty() + "' = 'true')");
    }

    private void overwrite() {
        if (partitionBy.isEmpty()) {
            spark.sql("INSERT OVERWRITE TABLE " + names.qualified() + " SELECT " + selectList(tableColumns()) + " FROM " + names.staging());
        } else {
            overwritePartitions(names.staging());
        }
    }

    /** Replaces only the partitions present in {@code source}: dynamic partition overwrite. */
    private void overwritePartitions(String source) {
        String previous = spark.conf().get(OVERWRITE_MODE, "static");
        spark.conf().set(OVERWRITE_MODE, "dynamic");
        try {
            spark.sql("INSERT OVERWRITE TABLE " + names.qualified() + " PARTITION (" + selectList(partitionColumns()) + ") SELECT "
                    + selectList(tableColumns()) + " FROM " + source);
        } finally {
            spark.conf().set(OVERWRITE_MODE, previous);
        }
    }

    private void merge() {
        List<String> tableColumns = tableColumns();
        List<String> partitions = partitionColumns();
        Dataset<Row> existing = spark.table(names.qualified());
        Dataset<Row> incoming = spark.table(names.staging()).select(columns(tableColumns));
        List<Row> affected = List.of();
        if (!partitions.isEmpty()) {
            // Partitions of the new rows, and partitions holding rows whose keys the new rows replace.
            affected = existing.join(incoming, keyMatch(existing, incoming), "left_semi").select(columns(partitions))
                    .union(incoming.select(columns(partitions)))
                    .distinct().collectAsList();
            existing = existing.filter(inPartitions(partitions, affected));
        }
        existing.join(incoming, keyMatch(existing, incoming), "left_anti").select(columns(tableColumns))
                .unionByName(incoming)
                .write().mode(SaveMode.Overwrite).format("parquet").saveAsTable(names.merged());
        if (partitions.isEmpty()) {
            spark.sql("INSERT OVERWRITE TABLE " + names.qualified() + " SELECT " + selectList(tableColumns) + " FROM " + names.merged());
            return;
        }
        overwritePartitions(names.merged());
        // Compared as text: the merged table may have widened a partition column's type (int and bigint -> bigint).
        Set<String> written = new HashSet<>();
        for (Row row : spark.table(names.merged()).select(columns(partitions)).distinct().collectAsList()) {
            written.add(row.toString());
        }
        for (Row partition : affected) {
            if (!written.contains(partition.toString())) {
                dropPartition(partitions, partition);
            }
        }
    }

    private void dropPartition(List<String> partitions, Row values) {
        List<String> spec = new ArrayList<>();
        for (int i = 0; i < partitions.size(); i++) {
            if (values.isNullAt(i)) {
                // Hive spells a null partition value as its default partition name.
                spec.add(quote(partitions.get(i)) + " = '__HIVE_DEFAULT_PARTITION__'");
            } else {
                spec.add(quote(partitions.get(i)) + " = '" + values.get(i).toString().replace("\\", "\\\\").replace("'", "\\'") + "'");
            }
        }
        spark.sql("ALTER TABLE " + names.qualified() + " DROP IF EXISTS PARTITION (" + String.join(", ", spec) + ")");
    }

    private Column keyMatch(Dataset<Row> existing, Dataset<Row> incoming) {
        Column match = lit(true);
        for (String key : keys) {
            match = match.and(existing.col(key).equalTo(incoming.col(key)));
        }
        return match;
    }

    private static Column inPartitions(List<String> partitions, List<Row> values) {
        Column any = lit(false);
        for (Row row : values) {
            Column all = lit(true);
            for (int i = 0; i < partitions.size(); i++) {
                all = all.and(col(partitions.get(i)).eqNullSafe(lit(row.get(i))));
            }
            any = any.or(all);
        }
        return any;
    }

    private List<String> tableColumns() {
        return catalogColumns(spark, names).stream().map(org.apache.spark.sql.catalog.Column::name).toList();
    }

    private List<String> partitionColumns() {
        return catalogColumns(spark, names).stream().filter(org.apache.spark.sql.catalog.Column::isPartition)
                .map(org.apache.spark.sql.catalog.Column::name).toList();
    }

    /** The table's columns in table order (partition columns last), with their partition flag. */
    static List<org.apache.spark.sql.catalog.Column> catalogColumns(SparkSession spark, Names names) {
        try {
            return spark.catalog().listColumns(names.database(), names.table()).collectAsList();
        } catch (AnalysisException e) {
            throw new IllegalStateException("cannot list the columns of " + names.qualified() + ": " + e.getMessage(), e);
        }
    }

    private static String selectList(List<String> columns) {
        return columns.stream().map(HiveTableCommit::quote).collect(Collectors.joining(", "));
    }

    private static Column[] columns(List<String> names) {
        return names.stream().map(n -> col(quote(n))).toArray(Column[]::new);
    }
}
