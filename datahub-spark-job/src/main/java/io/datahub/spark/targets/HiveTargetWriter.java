package io.datahub.spark.targets;

import io.datahub.model.definition.HiveTarget;
import io.datahub.model.run.ErrorCategory;
import io.datahub.spark.api.DatahubException;
import io.datahub.spark.api.RunContext;
import io.datahub.spark.api.TargetCommit;
import io.datahub.spark.api.TargetWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalog.Column;

/**
 * {@code <hive>} target. prepare creates the database if missing and writes the data into a staging
 * table {@code <db>.__staging_<table>_<runId>}; {@link HiveTableCommit} moves it into the target table
 * (created on first write with partitionBy and format). An existing table must have the data's columns
 * (by name, case-insensitively) and, when partitionBy is given, the same partition columns.
 */
public final class HiveTargetWriter implements TargetWriter<HiveTarget> {

    private static final Set<String> MODES = Set.of("append", "overwrite", "merge");
    private static final Set<String> FORMATS = Set.of("parquet", "orc");

    @Override
    public Class<HiveTarget> handles() {
        return HiveTarget.class;
    }

    @Override
    public TargetCommit prepare(HiveTarget target, Dataset<Row> data, RunContext context) {
        String where = TargetSupport.where(target, "table", target.table());
        if (!MODES.contains(target.mode())) {
            throw new DatahubException(ErrorCategory.CONFIGURATION, where + ": unknown mode '" + target.mode()
                    + "' (expected append, overwrite or merge)");
        }
        if (!FORMATS.contains(target.format())) {
            throw new DatahubException(ErrorCategory.CONFIGURATION, where + ": unknown format '" + target.format()
                    + "' (expected parquet or orc)");
        }
        String[] columns = data.columns();
        List<String> partitionBy = TargetSupport.dataColumns(target.partitionBy(), columns, where, "partitionBy");
        List<String> keys = TargetSupport.dataColumns(target.keys(), columns, where, "keys");
        if ("merge".equals(target.mode()) && keys.isEmpty()) {
            throw new DatahubException(ErrorCategory.CONFIGURATION, where + ": mode merge needs keys");
        }

        SparkSession spark = context.spark();
        String[] parts = target.table().split("\\.");
        String database = (parts.length == 2 ? parts[0] : spark.catalog().currentDatabase()).toLowerCase(Locale.ROOT);
        String table = parts[parts.length - 1].toLowerCase(Locale.ROOT);
        String runTag = TargetSupport.identifierSafe(context.runId());
        HiveTableCommit.Names names = new HiveTableCommit.Names(database, table, "__staging_" + table + "_" + runTag,
                "__staging_" + table + "_" + runTag + "_merged", context.runId());

        spark.sql("CREATE DATABASE IF NOT EXISTS " + HiveTableCommit.quote(database));
        if (spark.catalog().tableExists(database, table)) {
            checkSchema(spark, names, columns, partitionBy, where);
        }
        HiveTableCommit commit = new HiveTableCommit(spark, where, target.mode(), target.format(), partitionBy, keys, names,
                context.log());
        try {
            // Overwrite: a staging table left by an earlier attempt of this run id is replaced.
            data.write().mode(SaveMode.Overwrite).format("parquet").saveAsTable(names.staging());
        } catch (RuntimeException e) {
            commit.abort();
            DatahubException own = TargetSupport.datahubCause(e);
            if (own != null) {
                throw own;
            }
            throw new DatahubException(ErrorCategory.TARGET_WRITE_FAILED, where + ": writing the staging table "
                    + names.staging() + " failed: " + TargetSupport.firstLine(e), e);
        }
        return commit;
    }

    /** The data's columns must be the table's (names only; Spark casts values on insert and fails on impossible casts). */
    private static void checkSchema(SparkSession spark, HiveTableCommit.Names names, String[] dataColumns, List<String> partitionBy,
                                    String where) {
        List<Column> tableColumns = HiveTableCommit.catalogColumns(spark, names);
        Set<String> table = new TreeSet<>();
        List<String> tablePartitions = new ArrayList<>();
        for (Column c : tableColumns) {
            table.add(c.name().toLowerCase(Locale.ROOT));
            if (c.isPartition()) {
                tablePartitions.add(c.name().toLowerCase(Locale.ROOT));
            }
        }
        Set<String> data = new TreeSet<>();
        for (String c : dataColumns) {
            data.add(c.toLowerCase(Locale.ROOT));
        }
        if (!table.equals(data)) {
            Set<String> missing = new TreeSet<>(table);
            missing.removeAll(data);
            Set<String> extra = new TreeSet<>(data);
            extra.removeAll(table);
            StringBuilder message = new StringBuilder(where + ": the data does not match table " + names.qualified() + ":");
            if (!missing.isEmpty()) {
                message.append(" missing columns ").append(String.join(", ", missing));
            }
            if (!extra.isEmpty()) {
                message.append(missing.isEmpty() ? "" : ";").append(" columns not in the table ").append(String.join(", ", extra));
            }
            throw new DatahubException(ErrorCategory.SCHEMA_MISMATCH, message.toString());
        }
        List<String> wanted = partitionBy.stream().map(p -> p.toLowerCase(Locale.ROOT)).toList();
        if (!wanted.isEmpty() && !wanted.equals(tablePartitions)) {
            throw new DatahubException(ErrorCategory.SCHEMA_MISMATCH, where + ": table " + names.qualified() + " is partitioned by ("
                    + String.join(", ", tablePartitions) + "), not by partitionBy (" + String.join(", ", wanted) + ")");
        }
    }
}
