package io.datahub.spark.sources;

import io.datahub.model.definition.DatabaseSource;
import io.datahub.model.run.ErrorCategory;
import io.datahub.spark.api.DatahubException;
import io.datahub.spark.api.RunContext;
import io.datahub.spark.jdbc.JdbcEndpoint;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a {@code <database>} source reaches its database ({@link JdbcEndpoint}: URL, driver, credentials) and the
 * translation of JDBC failures into categories and messages that never carry the password.
 */
final class JdbcAccess {

    /** MariaDB prefixes messages with the connection id, which differs on every attempt. */
    private static final Pattern MARIADB_CONNECTION_ID = Pattern.compile("^\\(conn=\\d+\\)\\s*");
    /** SQLSTATEs of "no such table": standard 42S02 (MariaDB, MySQL, H2) and PostgreSQL's 42P01. */
    private static final Set<String> UNDEFINED_TABLE = Set.of("42S02", "42P01");

    final JdbcEndpoint endpoint;
    private final String label;

    private JdbcAccess(JdbcEndpoint endpoint) {
        this.endpoint = endpoint;
        this.label = endpoint.label();
    }

    static JdbcAccess of(DatabaseSource source, RunContext context) {
        JdbcEndpoint endpoint = JdbcEndpoint.of(SourceSupport.label(source), context.substitute(source.jdbcUrl()), source.driver(),
                source.userSecretRef(), context);
        endpoint.driver();  // a missing or wrong driver fails here, before Spark is asked to read
        return new JdbcAccess(endpoint);
    }

    Connection connect() throws SQLException {
        return endpoint.connect();
    }

    /**
     * A JDBC failure as the run's error: no connection or login (SQLSTATE class 08 or 28) is
     * CONNECTION_FAILED, naming the URL without its password; a missing table read by {@code <table>}
     * is INPUT_NOT_FOUND; anything else the database rejected is SQL_ERROR with its message.
     *
     * @param table the table read, or null for a query
     */
    DatahubException failure(SQLException e, String table) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = endpoint.redact(MARIADB_CONNECTION_ID.matcher(String.valueOf(e.getMessage())).replaceFirst("")
                .replaceAll("\\s*\\n\\s*", " ").strip());
        if (e instanceof SQLInvalidAuthorizationSpecException || e instanceof SQLNonTransientConnectionException
                || e instanceof SQLTransientConnectionException || state.startsWith("08") || state.startsWith("28")) {
            return new DatahubException(ErrorCategory.CONNECTION_FAILED, label + ": cannot connect to " + endpoint.safeUrl() + ": " + message);
        }
        if (table != null && UNDEFINED_TABLE.contains(state)) {
            return new DatahubException(ErrorCategory.INPUT_NOT_FOUND, label + ": table " + table + " does not exist");
        }
        return new DatahubException(ErrorCategory.SQL_ERROR, label + ": " + (table == null ? "query" : "reading table " + table)
                + " failed: " + message);
    }

    /** The first SQLException in a failure's causes, or null. */
    static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }
}
