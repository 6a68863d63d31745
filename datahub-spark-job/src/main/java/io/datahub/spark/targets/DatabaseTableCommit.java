package io.datahub.spark.targets;

import io.datahub.model.run.ErrorCategory;
import io.datahub.spark.api.DatahubException;
import io.datahub.spark.api.TargetCommit;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * Applies a JDBC staging table to the target in one transaction on the driver, then drops the staging table.
 * <ul>
 * <li>append: {@code INSERT INTO t (cols) SELECT cols FROM stg}. Idempotent per run id: the run id is
 *     recorded in {@code datahub_target_commits(target_table, run_id, committed_at)} (same schema, created
 *     on demand) in the same transaction, and a commit of a recorded (table, run id) is skipped.</li>
 * <li>overwrite: {@code DELETE FROM t}, then insert: the table's DDL, grants and indexes stay.</li>
 * <li>truncateInsert: {@code TRUNCATE TABLE t} on PostgreSQL; DELETE on MariaDB/MySQL, H2 and others,
 *     where TRUNCATE commits implicitly and would break the transaction.</li>
 * <li>merge: the dialect's upsert on the keys (see {@link SqlDialect#upsert}).</li>
 * </ul>
 * A missing target table is created from the staging table's structure ({@code CREATE TABLE t AS SELECT *
 * FROM stg WHERE 1 = 0}), for merge with a unique index on the keys; it is dropped again if the
 * transaction fails (MariaDB and H2 commit DDL implicitly).
 */
final class DatabaseTableCommit implements TargetCommit {

    static final String COMMITS_TABLE = "datahub_target_commits";

    private final JdbcConnector connector;
    private final SqlDialect dialect;
    private final String mode;
    private final String written;
    private final List<String> keys;
    private final List<String> dataColumns;
    private final JdbcTable staging;
    private final String runId;
    private final Integer isolation;
    private final Logger log;

    DatabaseTableCommit(JdbcConnector connector, SqlDialect dialect, String mode, String written, List<String> keys,
                        List<String> dataColumns, JdbcTable staging, String runId, Integer isolation, Logger log) {
        this.connector = connector;
        this.dialect = dialect;
        this.mode = mode;
        this.written = written;
        this.keys = keys;
        this.dataColumns = dataColumns;
        this.staging = staging;
        this.runId = runId;
        this.isolation = isolation;
        this.log = log;
    }

    @Override
    public void commit() {
        try (Connection connection = connector.connect()) {
            try {
                apply(connection);
            } catch (SQLException | RuntimeException e) {
                throw connector.failure(mode + " into " + written, e);
            } finally {
                dropStaging(connection);
            }
        } catch (SQLException e) {
            throw connector.failure(mode + " into " + written, e);
        }
    }

    @Override
    public void abort() {
        try (Connection connection = connector.connect()) {
            dropStaging(connection);
        } catch (SQLException | RuntimeException e) {
            log.warn("{}: could not drop staging table {}: {}", connector.where(), staging.qualified(), e.getMessage());
        }
    }

    private void apply(Connection connection) throws SQLException {
        JdbcTable table = JdbcTable.resolve(connection, dialect, written);
        JdbcTable commits = "append".equals(mode) ? commitsTable(connection, table) : null;
        boolean created = false;
        if (!table.exists()) {
            create(connection, table);
            created = true;
            table = JdbcTable.resolve(connection, dialect, written);
        }
        List<String> targetColumns = new ArrayList<>();
        for (String column : dataColumns) {
            String stored = table.column(column);
            if (stored == null) {
                throw new DatahubException(ErrorCategory.SCHEMA_MISMATCH, connector.where() + ": table " + table.name()
                        + " has no column " + column + " (columns: " + String.join(", ", table.columns()) + ")");
            }
            targetColumns.add(stored);
        }
        String insert = "INSERT INTO " + table.qualified() + " (" + dialect.quoteAll(targetColumns) + ") SELECT "
                + dialect.quoteAll(dataColumns) + " FROM " + staging.qualified();
        if (isolation != null) {
            connection.setTransactionIsolation(isolation);
        }
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            switch (mode) {
                case "append" -> {
                    if (recorded(connection, commits)) {
                        log.info("{}: run {} was already appended to {}; skipped", connector.where(), runId, written);
                        connection.rollback();
                        return;
                    }
                    statement.executeUpdate(insert);
                    record(connection, commits);
                }
                case "overwrite" -> {
                    statement.executeUpdate(dialect.emptyTable(table.qualified(), false));
                    statement.executeUpdate(insert);
                }
                case "truncateInsert" -> {
                    statement.executeUpdate(dialect.emptyTable(table.qualified(), true));
                    statement.executeUpdate(insert);
                }
                case "merge" -> statement.executeUpdate(dialect.upsert(table.qualified(), targetColumns, dataColumns,
                        keys.stream().map(table::column).toList(), staging.qualified()));
                default -> throw new IllegalStateException("mode " + mode);
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            rollback(connection);
            if (created) {
                dropQuietly(connection, table);
            }
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** CREATE TABLE from the staging table's columns and types, without rows; merge adds a unique index on the keys. */
    private void create(Connection connection, JdbcTable table) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("CREATE TABLE " + table.qualified() + " AS SELECT * FROM " + staging.qualified() + " WHERE 1 = 0");
            if ("merge".equals(mode)) {
                String index = table.name().length() > 55 ? table.name().substring(0, 55) : table.name();
                statement.executeUpdate("CREATE UNIQUE INDEX " + dialect.quote(index + "_dh_keys") + " ON " + table.qualified()
                        + " (" + dialect.quoteAll(keys) + ")");
            }
        }
    }

    /** The commit log of appends, created on demand next to the target (outside the transaction: DDL commits on MariaDB). */
    private JdbcTable commitsTable(Connection connection, JdbcTable table) throws SQLException {
        JdbcTable commits = table.sibling(connection, COMMITS_TABLE);
        if (!commits.exists()) {
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("CREATE TABLE " + (dialect == SqlDialect.OTHER ? "" : "IF NOT EXISTS ") + commits.qualified()
                        + " (target_table VARCHAR(255) NOT NULL, run_id VARCHAR(255) NOT NULL, committed_at TIMESTAMP NOT NULL,"
                        + " PRIMARY KEY (target_table, run_id))");
            }
        }
        return commits;
    }

    private boolean recorded(Connection connection, JdbcTable commits) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM " + commits.qualified()
                + " WHERE target_table = ? AND run_id = ?")) {
            select.setString(1, written);
            select.setString(2, runId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next();
            }
        }
    }

    private void record(Connection connection, JdbcTable commits) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + commits.qualified()
                + " (target_table, run_id, committed_at) VALUES (?, ?, CURRENT_TIMESTAMP)")) {
            insert.setString(1, written);
            insert.setString(2, runId);
            insert.executeUpdate();
        }
    }

    private void dropStaging(Connection connection) {
        dropQuietly(connection, staging);
    }

    private void dropQuietly(Connection connection, JdbcTable table) {
        try (Statement statement = connection.createStatement()) {
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            statement.executeUpdate("DROP TABLE " + (dialect == SqlDialect.OTHER ? "" : "IF EXISTS ") + table.qualified());
        } catch (SQLException | RuntimeException e) {
            log.warn("{}: could not drop table {}: {}", connector.where(), table.qualified(), e.getMessage());
        }
    }

    private static void rollback(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // The original failure is what matters; a failed rollback ends with the connection.
        }
    }
}
