package io.datahub.spark.targets;

import io.datahub.model.definition.DatabaseTarget;
import io.datahub.model.run.ErrorCategory;
import io.datahub.spark.api.DatahubException;
import io.datahub.spark.api.RunContext;
import io.datahub.spark.api.TargetCommit;
import io.datahub.spark.api.TargetWriter;
import io.datahub.spark.jdbc.JdbcEndpoint;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * {@code <database>} target. prepare checks the table (the data's columns must exist in it; merge needs
 * a primary key or unique index on the keys) and has Spark's JDBC writer create and fill a staging table
 * {@code <table>__stg_<hash of the run id>} in the same schema; {@link DatabaseTableCommit} applies it in
 * one transaction.
 */
public final class DatabaseTargetWriter implements TargetWriter<DatabaseTarget> {

    private static final Set<String> MODES = Set.of("append", "overwrite", "merge", "truncateInsert");
    /** PostgreSQL's identifier limit (MariaDB's is 64): the staging suffix must fit. */
    private static final int MAX_IDENTIFIER = 63;

    @Override
    public Class<DatabaseTarget> handles() {
        return DatabaseTarget.class;
    }

    @Override
    public TargetCommit prepare(DatabaseTarget target, Dataset<Row> data, RunContext context) {
        String written = target.table().name();
        String where = TargetSupport.where(target, "table", written);
        if (!MODES.contains(target.mode())) {
            throw new DatahubException(ErrorCategory.CONFIGURATION, where + ": unknown mode '" + target.mode()
                    + "' (expected append, overwrite, merge or truncateInsert)");
        }
        String url = context.substitute(target.jdbcUrl());
        SqlDialect dialect = SqlDialect.of(url);
        boolean merge = "merge".equals(target.mode());
        List<String> keys = TargetSupport.dataColumns(target.keys(), data.columns(), where, "keys");
        if (merge && keys.isEmpty()) {
            throw new DatahubException(ErrorCategory.CONFIGURATION, where + ": mode merge needs keys");
        }
        if (merge && dialect == SqlDialect.OTHER) {
            throw new DatahubException(ErrorCategory.CONFIGURATION, where + ": mode merge is not supported for " + SqlDialect.name(url));
        }
        Integer isolation = isolation(target.isolationLevel(), where);
        JdbcConnector connector = connector(target, url, where, context);

        JdbcTable table;
        JdbcTable staging;
        try (Connection connection = connector.connect()) {
            table = JdbcTable.resolve(connection, dialect, written);
            if (table.exists()) {
                checkColumns(table, data.columns(), where);
                List<String> tableKeys = keys.stream().map(table::column).toList();
                if (merge && !table.hasUniqueKey(connection, tableKeys)) {
                    throw new DatahubException(ErrorCategory.CONFIGURATION, where + ": table " + written
                            + " needs a primary key or unique index on the keys (" + String.join(", ", tableKeys) + ") for mode merge");
                }
            }
            staging = table.sibling(connection, stagingName(table.name(), context.runId()));
        } catch (SQLException e) {
            throw connector.failure("reading the structure of " + written, e);
        }

        DatabaseTableCommit commit = new DatabaseTableCommit(connector, dialect, target.mode(), written, keys, List.of(data.columns()),
                staging, context.runId(), isolation, context.log());
        DataFrameWriter<Row> writer = data.write().format("jdbc").mode(SaveMode.Overwrite).options(connector.sparkOptions())
                .option("dbtable", staging.qualified());
        if (target.writeBatchSize() != null) {
            writer = writer.option("batchsize", target.writeBatchSize().toString());
        }
        if (target.isolationLevel() != null) {
            writer = writer.option("isolationLevel", target.isolationLevel());
        }
        if (merge && !table.exists()) {
            // The commit creates the table from the staging table with a unique index on the keys; Spark's
            // default string types (TEXT, LONGTEXT, CLOB) cannot be indexed everywhere, so string keys are VARCHAR(255).
            String keyTypes = stringKeys(data, keys);
            if (!keyTypes.isEmpty()) {
                writer = writer.option("createTableColumnTypes", keyTypes);
            }
        }
        try {
            writer.save();
        } catch (RuntimeException e) {
            commit.abort();
            throw connector.failure("writing the staging table " + staging.qualified(), e);
        }
        return commit;
    }

    private static JdbcConnector connector(DatabaseTarget target, String url, String where, RunContext context) {
        return new JdbcConnector(JdbcEndpoint.of(where, url, target.driver(), target.userSecretRef(), context));
    }

    /** Every column of the data must be a column of the table; table columns the data lacks get their defaults. */
    private static void checkColumns(JdbcTable table, String[] dataColumns, String where) {
        List<String> missing = new ArrayList<>();
        for (String column : dataColumns) {
            if (table.column(column) == null) {
                missing.add(column);
            }
        }
        if (!missing.isEmpty()) {
            throw new DatahubException(ErrorCategory.SCHEMA_MISMATCH, where + ": table " + table.name() + " has no column "
                    + String.join(", ", missing) + " (columns: " + String.join(", ", table.columns()) + ")");
        }
    }

    /** {@code <table>__stg_<first 8 hex digits of SHA-256(run id)>}, the table part shortened to fit identifier limits. */
    static String stagingName(String table, String runId) {
        String suffix = "__stg_" + hash(runId);
        String base = table.length() + suffix.length() > MAX_IDENTIFIER ? table.substring(0, MAX_IDENTIFIER - suffix.length()) : table;
        return base + suffix;
    }

    private static String hash(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String stringKeys(Dataset<Row> data, List<String> keys) {
        List<String> types = new ArrayList<>();
        for (StructField field : data.schema().fields()) {
            if (keys.contains(field.name()) && field.dataType().equals(DataTypes.StringType)) {
                types.add("`" + field.name().replace("`", "``") + "` VARCHAR(255)");
            }
        }
        return types.stream().collect(Collectors.joining(", "));
    }

    private static Integer isolation(String level, String where) {
        if (level == null) {
            return null;
        }
        return switch (level) {
            case "READ_UNCOMMITTED" -> Connection.TRANSACTION_READ_UNCOMMITTED;
            case "READ_COMMITTED" -> Connection.TRANSACTION_READ_COMMITTED;
            case "REPEATABLE_READ" -> Connection.TRANSACTION_REPEATABLE_READ;
            case "SERIALIZABLE" -> Connection.TRANSACTION_SERIALIZABLE;
            default -> throw new DatahubException(ErrorCategory.CONFIGURATION, where + ": unknown isolationLevel '" + level + "'");
        };
    }
}
