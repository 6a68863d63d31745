package io.datahub.spark.jdbc;

import java.util.Locale;
import org.apache.spark.sql.jdbc.JdbcDialect;
import org.apache.spark.sql.jdbc.JdbcDialects;

/**
 * Spark 3.5's MySQL dialect only handles {@code jdbc:mysql:} URLs, so with {@code jdbc:mariadb:} Spark
 * falls back to its default dialect, which quotes identifiers with double quotes: MariaDB (without
 * ANSI_QUOTES) reads {@code SELECT "id"} as the string 'id'. This dialect quotes with backticks; the
 * default type mapping suits MariaDB's standard types. Registered on the driver, where Spark builds the
 * statements (column list, partition predicates) of a JDBC read or write.
 */
public final class MariaDbDialect extends JdbcDialect {

    private static final long serialVersionUID = 1L;
    private static final MariaDbDialect INSTANCE = new MariaDbDialect();

    private MariaDbDialect() {
    }

    /** Registers the dialect with Spark; repeated calls are harmless (Spark replaces an equal registration). */
    public static void register() {
        JdbcDialects.registerDialect(INSTANCE);
    }

    @Override
    public boolean canHandle(String url) {
        return url.toLowerCase(Locale.ROOT).startsWith("jdbc:mariadb:");
    }

    @Override
    public String quoteIdentifier(String column) {
        return "`" + column.replace("`", "``") + "`";
    }
}
