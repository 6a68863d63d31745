package io.datahub.spark.jdbc;

import java.util.Locale;

/**
 * The URL and driver Spark's {@code jdbc} data source gets, for reads (database sources) and writes (database targets)
 * alike. Spark 3.5 has no dialect for {@code jdbc:mariadb:} URLs: its fallback quotes names with double quotes, which
 * MariaDB (without ANSI_QUOTES) reads as strings, and maps types MariaDB lacks. So a MariaDB URL reaches Spark under the
 * {@code jdbc:mysql:} scheme, which the MariaDB driver accepts with {@code permitMysqlScheme}, and Spark uses its MySQL
 * dialect (backticks, MySQL types) in both directions. Connections this project opens itself keep the URL as written.
 */
public final class SparkJdbcUrl {

    /** The MariaDB driver, named explicitly with a rewritten URL so that a MySQL driver on the classpath never takes it. */
    public static final String MARIADB_DRIVER = "org.mariadb.jdbc.Driver";
    private static final String MARIADB = "jdbc:mariadb:";

    private SparkJdbcUrl() {
    }

    /** A {@code jdbc:mariadb:} URL as {@code jdbc:mysql:...permitMysqlScheme}; any other URL unchanged. */
    public static String of(String url) {
        if (!isMariaDb(url)) {
            return url;
        }
        return "jdbc:mysql:" + url.substring(MARIADB.length()) + (url.contains("?") ? "&" : "?") + "permitMysqlScheme";
    }

    /** The driver class to name with {@link #of}'s URL: the given one, MariaDB's for a MariaDB URL, or null (Spark finds one). */
    public static String driver(String url, String driver) {
        return driver != null ? driver : isMariaDb(url) ? MARIADB_DRIVER : null;
    }

    private static boolean isMariaDb(String url) {
        return url.toLowerCase(Locale.ROOT).startsWith(MARIADB);
    }
}
