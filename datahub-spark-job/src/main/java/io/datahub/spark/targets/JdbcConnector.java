package io.datahub.spark.targets;

import io.datahub.model.run.ErrorCategory;
import io.datahub.spark.api.DatahubException;
import io.datahub.spark.jdbc.JdbcEndpoint;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * Connections of a {@code <database>} target, for the driver-side transaction and for Spark's JDBC writer,
 * and its error messages: connection and login failures are CONNECTION_FAILED, database errors SQL_ERROR
 * with the database's message. The password never appears: URLs are shown without it and any
 * occurrence of it in a driver message is masked.
 */
final class JdbcConnector {

    private final JdbcEndpoint endpoint;
    private final String where;

    JdbcConnector(JdbcEndpoint endpoint) {
        this.endpoint = endpoint;
        this.where = endpoint.label();
    }

    String where() {
        return where;
    }

    Connection connect() {
        try {
            return endpoint.connect();
        } catch (SQLException e) {
            throw new DatahubException(ErrorCategory.CONNECTION_FAILED, where + ": cannot connect to " + endpoint.safeUrl() + ": "
                    + endpoint.redact(e.getMessage()));
        }
    }

    /** Options for Spark's JDBC writer (see {@link JdbcEndpoint#sparkOptions}). */
    Map<String, String> sparkOptions() {
        return endpoint.sparkOptions();
    }

    /**
     * The category and message for a failure while talking to the database: CONNECTION_FAILED for
     * connection and login problems (SQL states 08xxx and 28xxx, refused sockets), SQL_ERROR with the
     * database's message for SQL errors, TARGET_WRITE_FAILED otherwise.
     */
    DatahubException failure(String action, Throwable failure) {
        DatahubException own = TargetSupport.datahubCause(failure);
        if (own != null) {
            return own;
        }
        SQLException sql = null;
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
                    || t instanceof SocketTimeoutException) {
                return new DatahubException(ErrorCategory.CONNECTION_FAILED, where + ": cannot connect to " + endpoint.safeUrl() + ": "
                        + endpoint.redact(t.getMessage()));
            }
            if (t instanceof SQLException e && sql == null) {
                sql = e;
            }
        }
        if (sql == null) {
            return new DatahubException(ErrorCategory.TARGET_WRITE_FAILED, where + ": " + action + " failed: "
                    + endpoint.redact(TargetSupport.firstLine(failure)));
        }
        // A batch failure's own message is generic; the database's reason is in the next exception.
        SQLException reason = sql.getNextException() != null ? sql.getNextException() : sql;
        String state = reason.getSQLState() == null ? "" : reason.getSQLState();
        if (state.startsWith("08") || state.startsWith("28")) {
            return new DatahubException(ErrorCategory.CONNECTION_FAILED, where + ": cannot connect to " + endpoint.safeUrl() + ": "
                    + endpoint.redact(reason.getMessage()));
        }
        return new DatahubException(ErrorCategory.SQL_ERROR, where + ": " + action + " failed: " + endpoint.redact(reason.getMessage()));
    }
}
