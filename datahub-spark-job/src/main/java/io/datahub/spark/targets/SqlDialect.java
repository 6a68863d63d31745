package io.datahub.spark.targets;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** What differs between the databases a {@code <database>} target writes, chosen from the JDBC URL prefix. */
enum SqlDialect {
    POSTGRESQL('"'),
    /** MariaDB and MySQL. */
    MARIADB('`'),
    H2('"'),
    /** Any other database: standard SQL, no merge. */
    OTHER('"');

    private final char quote;

    SqlDialect(char quote) {
        this.quote = quote;
    }

    static SqlDialect of(String jdbcUrl) {
        String url = jdbcUrl.toLowerCase(Locale.ROOT);
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
            return MARIADB;
        }
        if (url.startsWith("jdbc:h2:")) {
            return H2;
        }
        return OTHER;
    }

    /** The database's name for messages: the URL's sub-protocol ({@code jdbc:sqlserver://...} gives "sqlserver"). */
    static String name(String jdbcUrl) {
        String[] parts = jdbcUrl.split(":", 3);
        return parts.length > 1 && parts[0].equalsIgnoreCase("jdbc") ? parts[1] : jdbcUrl.split(":", 2)[0];
    }

    String quote(String identifier) {
        String q = String.valueOf(quote);
        return q + identifier.replace(q, q + q) + q;
    }

    String quoteAll(List<String> identifiers) {
        return identifiers.stream().map(this::quote).collect(Collectors.joining(", "));
    }

    /**
     * Empties a table inside the commit's transaction. TRUNCATE only on PostgreSQL, where it is
     * transactional; MariaDB/MySQL and H2 commit implicitly on TRUNCATE (and other databases may), so
     * DELETE keeps the replace atomic there.
     */
    String emptyTable(String table, boolean truncate) {
        return (truncate && this == POSTGRESQL ? "TRUNCATE TABLE " : "DELETE FROM ") + table;
    }

    /** Upsert of the staging table's rows into the target on the keys; null for databases without one. */
    String upsert(String table, List<String> targetColumns, List<String> stagingColumns, List<String> targetKeys, String staging) {
        String insertList = quoteAll(targetColumns);
        String selectList = quoteAll(stagingColumns);
        List<String> updated = targetColumns.stream().filter(c -> targetKeys.stream().noneMatch(c::equalsIgnoreCase)).toList();
        return switch (this) {
            case POSTGRESQL -> "INSERT INTO " + table + " (" + insertList + ") SELECT " + selectList + " FROM " + staging
                    + " ON CONFLICT (" + quoteAll(targetKeys) + ") "
                    + (updated.isEmpty() ? "DO NOTHING"
                    : "DO UPDATE SET " + updated.stream().map(c -> quote(c) + " = EXCLUDED." + quote(c)).collect(Collectors.joining(", ")));
            case MARIADB -> "INSERT INTO " + table + " (" + insertList + ") SELECT " + selectList + " FROM " + staging
                    + " ON DUPLICATE KEY UPDATE "
                    + (updated.isEmpty() ? quote(targetKeys.get(0)) + " = " + quote(targetKeys.get(0))
                    : updated.stream().map(c -> quote(c) + " = VALUES(" + quote(c) + ")").collect(Collectors.joining(", ")));
            case H2 -> "MERGE INTO " + table + " (" + insertList + ") KEY (" + quoteAll(targetKeys) + ") SELECT " + selectList
                    + " FROM " + staging;
            case OTHER -> null;
        };
    }
}
