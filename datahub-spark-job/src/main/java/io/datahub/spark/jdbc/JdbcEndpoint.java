package io.datahub.spark.jdbc;

import io.datahub.model.run.ErrorCategory;
import io.datahub.spark.api.DatahubException;
import io.datahub.spark.api.RunContext;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.execution.datasources.jdbc.DriverWrapper;

/**
 * Where a {@code <database>} source or target connects: its URL, its driver, the credentials of its
 * {@code user:password} secret, and the URL and messages with the password masked. Sources and targets classify
 * failures their own way; how they reach the database is this one class.
 */
public final class JdbcEndpoint {

    /** {@code password=...} / {@code pwd=...} in a URL's query or property list. */
    private static final Pattern PASSWORD_PROPERTY = Pattern.compile("(?i)\\b(password|pwd)=[^&;]*");
    /** {@code //user:password@host} in a URL. */
    private static final Pattern USER_INFO = Pattern.compile("//([^/@:?;]*):[^/@]*@");

    private final String label;
    private final String url;
    private final String driverClass;
    private final String user;
    private final String password;

    /**
     * @param label       the element, for messages ({@code <database> source 'orders'})
     * @param driverClass the element's {@code driver} attribute, or null to use the registered driver that accepts the URL
     * @param user        null without credentials
     */
    public JdbcEndpoint(String label, String url, String driverClass, String user, String password) {
        this.label = label;
        this.url = url;
        this.driverClass = driverClass;
        this.user = user;
        this.password = password;
    }

    /** An endpoint whose credentials are the secret {@code userSecretRef} ({@code user:password}), none when it is null. */
    public static JdbcEndpoint of(String label, String url, String driverClass, String userSecretRef, RunContext context) {
        if (userSecretRef == null) {
            return new JdbcEndpoint(label, url, driverClass, null, null);
        }
        String secret;
        try {
            secret = context.secret(userSecretRef);
        } catch (DatahubException e) {
            throw new DatahubException(e.category(), label + ": " + e.getMessage());
        }
        int colon = secret.indexOf(':');
        if (colon < 0) {
            throw new DatahubException(ErrorCategory.CONFIGURATION, label + ": secret '" + userSecretRef
                    + "' must have the form user:password");
        }
        return new JdbcEndpoint(label, url, driverClass, secret.substring(0, colon), secret.substring(colon + 1));
    }

    public String label() {
        return label;
    }

    public String url() {
        return url;
    }

    /**
     * The {@code driver} class when given (loaded directly: DriverManager only shows drivers of the caller's class
     * loader), else the registered driver that accepts the URL, unwrapped when Spark registered it.
     */
    public Driver driver() {
        if (driverClass != null) {
            try {
                ClassLoader loader = Thread.currentThread().getContextClassLoader();
                return (Driver) Class.forName(driverClass, true, loader).getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
                throw new DatahubException(ErrorCategory.CONFIGURATION, label + ": driver " + driverClass
                        + " cannot be loaded as a JDBC driver (" + e + ")");
            }
        }
        try {
            Driver found = DriverManager.getDriver(url);
            return found instanceof DriverWrapper wrapper ? wrapper.wrapped() : found;
        } catch (SQLException e) {
            throw new DatahubException(ErrorCategory.CONFIGURATION, label + ": no JDBC driver on the classpath accepts "
                    + safeUrl() + " (name its class with the driver attribute)");
        }
    }

    /** Connection properties: the credentials, when there are any. */
    public Properties properties() {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
            properties.setProperty("password", password);
        }
        return properties;
    }

    public Connection connect() throws SQLException {
        Driver driver = driver();
        Connection connection = driver.connect(url, properties());
        if (connection == null) {
            throw new DatahubException(ErrorCategory.CONFIGURATION, label + ": driver " + driver.getClass().getName()
                    + " does not accept " + safeUrl());
        }
        return connection;
    }

    /**
     * Options for Spark's JDBC reader and writer: the URL and driver as {@link SparkJdbcUrl} gives them (MariaDB as
     * MySQL), and the credentials. Without a driver attribute the class of the registered driver that accepts the URL is
     * named: a driver that came with {@code spark.jars} is not on the system class loader, so DriverManager hides it from
     * Spark's classes ("No suitable driver") while it shows it to this job's classes. When none accepts the URL the
     * driver is left out ({@link #connect} reports it).
     */
    public Map<String, String> sparkOptions() {
        Map<String, String> options = new LinkedHashMap<>();
        String sparkDriver = SparkJdbcUrl.driver(url, driverClass);
        if (sparkDriver == null) {
            try {
                sparkDriver = driver().getClass().getName();
            } catch (DatahubException e) {
                sparkDriver = null;
            }
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

    /** The URL without a password in its query, property list or user info. */
    public String safeUrl() {
        return safeUrl(url);
    }

    /** A URL without a password in its query, property list or user info. */
    public static String safeUrl(String url) {
        String withoutProperty = PASSWORD_PROPERTY.matcher(url).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "=***"));
        return USER_INFO.matcher(withoutProperty).replaceAll(m -> Matcher.quoteReplacement("//" + m.group(1) + ":***@"));
    }

    /** A driver or database message with URLs made safe and the password masked. */
    public String redact(String text) {
        if (text == null) {
            return "";
        }
        String safe = safeUrl(text);
        return password == null || password.isEmpty() ? safe : safe.replace(password, "***");
    }
}
