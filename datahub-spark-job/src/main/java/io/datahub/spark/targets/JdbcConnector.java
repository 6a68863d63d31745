package io.datahub.spark.targets;

import io.datahub.model.run.ErrorCategory;
import io.datahub.spark.api.DatahubException;
import io.datahub.spark.jdbc.SparkJdbcUrl;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.sql.execution.datasources.jdbc.DriverWrapper;

/**
 * Connections of a {@code <database>} target, for the driver-side transaction and for Spark's JDBC writer,
 * and its error messages: connection and login failures are CONNECTION_FAILED, database errors SQL_ERROR
 * with the database's message. The password never appears: URLs are shown without it and any
 * occurrence of it in a driver message is masked.
 */
final class JdbcConnector {

    private final String where;
    private final String url;
    private final String driver;
    private final String user;
    private final String password;

    JdbcConnector(String where, String url, String driver, String user, String password) {
        this.where = where;
        this.url = url;
        this.driver = driver;
        this.user = user;
        this.password = password;
    }

    String where() {
        return where;
    }

    String url() {
        return url;
    }

    Connection connect() {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
            properties.setProperty("password", password);
        }
        try {
            if (driver != null) {
                // Directly through the class: DriverManager only sees drivers of the system class loader.
                Driver instance = (Driver) Class.forName(driver, true, Thread.currentThread().getContextClassLoader())
                        .getDeclaredConstructor().newInstance();
                Connection connection = instance.connect(url, properties);
                if (connection == null) {
                    throw new DatahubException(ErrorCategory.CONFIGURATION, where + ": driver " + driver + " does not accept " + safeUrl());
                }
                return connection;
            }
            try {
                DriverManager.getDriver(url);
            } catch (SQLException e) {
                throw new DatahubException(ErrorCategory.CONFIGURATION, where + ": no JDBC driver accepts " + safeUrl()
                        + " (is it on the classpath? set driver)");
            }
            return DriverManager.getConnection(url, properties);
        } catch (SQLException e) {
            throw new DatahubException(ErrorCategory.CONNECTION_FAILED, where + ": cannot connect to " + safeUrl() + ": "
                    + clean(e.getMessage()));
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new DatahubException(ErrorCategory.CONFIGURATION, where + ": cannot load JDBC driver " + driver + ": " + e);
        }
    }

    /**
     * Options for Spark's JDBC writer: the URL and driver as {@link SparkJdbcUrl} gives them to Spark (MariaDB as MySQL).
     * Without a driver attribute the class of the registered driver that accepts the URL is named: a driver that came with
     * {@code spark.jars} is not on the system class loader, so DriverManager hides it from Spark's classes ("No suitable
     * driver") while it shows it to this job's classes, loaded by the same class loader as the driver.
     */
    Map<String, String> sparkOptions() {
        Map<String, String> options = new LinkedHashMap<>();
        String sparkDriver = SparkJdbcUrl.driver(url, driver);
        if (sparkDriver == null) {
            sparkDriver = registeredDriver();
        }
        options.put("url", SparkJdbcUrl.of(url));
        if (sparkDriver != null) {
            options.put("driver", sparkDriver);
        }
        if (user != null) {
            options.put("user", user);
            options.put("password", password);
        }
        return options;
    }

    /** The class of the driver DriverManager gives this job for the URL (unwrapped when Spark registered it), or null. */
    private String registeredDriver() {
        try {
            Driver found = DriverManager.getDriver(url);
            return (found instanceof DriverWrapper wrapper ? wrapper.wrapped() : found).getClass().getName();
        } catch (SQLException e) {
            return null;  // connect() reports it
        }
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
                return new DatahubException(ErrorCategory.CONNECTION_FAILED, where + ": cannot connect to " + safeUrl() + ": "
                        + clean(t.getMessage()));
            }
            if (t instanceof SQLException e && sql == null) {
                sql = e;
            }
        }
        if (sql == null) {
            return new DatahubException(ErrorCategory.TARGET_WRITE_FAILED, where + ": " + action + " failed: "
                    + clean(TargetSupport.firstLine(failure)));
        }
        // A batch failure's own message is generic; the database's reason is in the next exception.
        SQLException reason = sql.getNextException() != null ? sql.getNextException() : sql;
        String state = reason.getSQLState() == null ? "" : reason.getSQLState();
        if (state.startsWith("08") || state.startsWith("28")) {
            return new DatahubException(ErrorCategory.CONNECTION_FAILED, where + ": cannot connect to " + safeUrl() + ": "
                    + clean(reason.getMessage()));
        }
        return new DatahubException(ErrorCategory.SQL_ERROR, where + ": " + action + " failed: " + clean(reason.getMessage()));
    }

    /** The URL without credentials ({@code password=...} parameters and {@code user:password@}). */
    String safeUrl() {
        return clean(url.replaceAll("(?i)(password|pwd)=[^&;]*", "$1=***").replaceAll("//([^/:@]+):[^@/]*@", "//$1:***@"));
    }

    private String clean(String message) {
        if (message == null) {
            return "";
        }
        return password == null || password.isEmpty() ? message : message.replace(password, "***");
    }
}
