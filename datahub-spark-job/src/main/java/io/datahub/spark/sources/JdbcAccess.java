package io.datahub.spark.sources;

import io.datahub.model.definition.DatabaseSource;
import io.datahub.model.run.ErrorCategory;
import io.datahub.spark.api.DatahubException;
import io.datahub.spark.api.RunContext;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a {@code <database>} source reaches its database: URL, driver, credentials from the secret, and
 * the translation of JDBC failures into categories and messages that never carry the password.
 */
final class JdbcAccess {

    /** {@code password=...} / {@code pwd=...} in a URL's query or property list. */
    private static final Pattern PASSWORD_PROPERTY = Pattern.compile("(?i)\\b(password|pwd)=[^&;]*");
    /** {@code //user:password@host} in a URL. */
    private static final Pattern USER_INFO = Pattern.compile("//([^/@:?;]*):[^/@]*@");
    /** MariaDB prefixes messages with the connection id, which differs on every attempt. */
    private static final Pattern MARIADB_CONNECTION_ID = Pattern.compile("^\\(conn=\\d+\\)\\s*");
    /** SQLSTATEs of "no such table": standard 42S02 (MariaDB, MySQL, H2) and PostgreSQL's 42P01. */
    private static final Set<String> UNDEFINED_TABLE = Set.of("42S02", "42P01");

    final String label;
    final String url;
    final Driver driver;
    private final String user;
    private final String password;

    private JdbcAccess(String label, String url, Driver driver, String user, String password) {
        this.label = label;
        this.url = url;
        this.driver = driver;
        this.user = user;
        this.password = password;
    }

    static JdbcAccess of(DatabaseSource source, RunContext context) {
        String label = SourceSupport.label(source);
        String url = context.substitute(source.jdbcUrl());
        String user = null;
        String password = null;
        if (source.userSecretRef() != null) {
            String secret;
            try {
                secret = context.secret(source.userSecretRef());
            } catch (DatahubException e) {
                throw new DatahubException(e.category(), label + ": " + e.getMessage());
            }
            int colon = secret.indexOf(':');
            if (colon < 0) {
                throw new DatahubException(ErrorCategory.CONFIGURATION, label + ": secret '" + source.userSecretRef()
                        + "' must have the form user:password");
            }
            user = secret.substring(0, colon);
            password = secret.substring(colon + 1);
        }
        return new JdbcAccess(label, url, driver(label, source.driver(), url), user, password);
    }

    /** The {@code driver} class when given, else the registered driver that accepts the URL. */
    private static Driver driver(String label, String className, String url) {
        if (className != null) {
            try {
                ClassLoader loader = Thread.currentThread().getContextClassLoader();
                return (Driver) Class.forName(className, true, loader).getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
                throw new DatahubException(ErrorCategory.CONFIGURATION, label + ": driver " + className
                        + " cannot be loaded as a JDBC driver (" + e + ")");
            }
        }
        try {
            return DriverManager.getDriver(url);
        } catch (SQLException e) {
            throw new DatahubException(ErrorCategory.CONFIGURATION, label + ": no JDBC driver on the classpath accepts "
                    + safeUrl(url) + " (name its class with the driver attribute)");
        }
    }

    /** Connection properties: the credentials, when the source names a secret. */
    Properties properties() {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
            properties.setProperty("password", password);
        }
        return properties;
    }

    Connection connect() throws SQLException {
        Connection connection = driver.connect(url, properties());
        if (connection == null) {
            throw new DatahubException(ErrorCategory.CONFIGURATION, label + ": driver " + driver.getClass().getName()
                    + " does not accept " + safeUrl(url));
        }
        return connection;
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
        String message = redact(MARIADB_CONNECTION_ID.matcher(String.valueOf(e.getMessage())).replaceFirst("")
                .replaceAll("\\s*\\n\\s*", " ").strip());
        if (e instanceof SQLInvalidAuthorizationSpecException || e instanceof SQLNonTransientConnectionException
                || e instanceof SQLTransientConnectionException || state.startsWith("08") || state.startsWith("28")) {
            return new DatahubException(ErrorCategory.CONNECTION_FAILED, label + ": cannot connect to " + safeUrl(url) + ": " + message);
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

    /** The URL without a password in its query, property list or user info. */
    static String safeUrl(String url) {
        String withoutProperty = PASSWORD_PROPERTY.matcher(url).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "=***"));
        return USER_INFO.matcher(withoutProperty).replaceAll(m -> Matcher.quoteReplacement("//" + m.group(1) + ":***@"));
    }

    /** Belt and braces: a driver message must not echo the password. */
    private String redact(String text) {
        String safe = safeUrl(text);
        return password == null || password.isEmpty() ? safe : safe.replace(password, "***");
    }
}
