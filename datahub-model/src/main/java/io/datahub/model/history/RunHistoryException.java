package io.datahub.model.history;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * A run-history operation failed. {@link #unavailable()} separates "the database cannot be reached"
 * (callers retry later; the message starts with {@code run history database unavailable:}) from
 * errors retrying will not fix (missing tables, rejected statements).
 */
public final class RunHistoryException extends RuntimeException {

    private final boolean unavailable;

    public RunHistoryException(String message) {
        super(message);
        this.unavailable = false;
    }

    private RunHistoryException(String message, Throwable cause, boolean unavailable) {
        super(message, cause);
        this.unavailable = unavailable;
    }

    /** Wraps a failure of {@code what} (e.g. "write of pipeline run r1 attempt 1"), classifying it. */
    static RunHistoryException of(String what, Throwable cause) {
        boolean down = isConnectionProblem(cause);
        String message = down
                ? "run history database unavailable: " + describe(cause)
                : "run history " + what + " failed: " + describe(cause);
        return new RunHistoryException(message, cause, down);
    }

    /** True when the database could not be reached or the connection broke; retrying later may succeed. */
    public boolean unavailable() {
        return unavailable;
    }

    static boolean isConnectionProblem(Throwable error) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        return walk(error, seen);
    }

    private static boolean walk(Throwable t, Set<Throwable> seen) {
        if (t == null || !seen.add(t)) {
            return false;
        }
        if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                || t instanceof ConnectException) {
            return true;
        }
        if (t instanceof SQLException sql) {
            // SQLState class 08 is "connection exception" in SQL:2003 and in every driver we support.
            if (sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
            if (walk(sql.getNextException(), seen)) {
                return true;
            }
        }
        return walk(t.getCause(), seen);
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message.strip();
    }
}
