package io.datahub.spark.targets;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A table named {@code [[catalog.]schema.]table} as the database stores it. Names are quoted in SQL, so
 * each part is first looked up in the database's metadata as written, then upper-case, then lower-case:
 * {@code orders} finds H2's {@code ORDERS} and {@code Orders} finds PostgreSQL's {@code orders}.
 * On MariaDB/MySQL the one-qualifier form names a database, which JDBC calls a catalog.
 *
 * @param catalog  the catalog part used for metadata (MariaDB: the database), or null
 * @param schema   the schema part used for metadata, or null
 * @param prefix   the qualifier as it goes into SQL, quoted, with its trailing dot ("" when unqualified)
 * @param name     the table name, as stored when the table exists, else as written
 * @param exists   whether the table exists
 * @param columns  the table's columns in order (empty when it does not exist)
 */
record JdbcTable(SqlDialect dialect, String catalog, String schema, String prefix, String name, boolean exists, List<String> columns) {

    static JdbcTable resolve(Connection connection, SqlDialect dialect, String written) throws SQLException {
        String[] parts = written.split("\\.");
        DatabaseMetaData meta = connection.getMetaData();
        String catalog = null;
        String schema = null;
        List<String> qualifiers = new ArrayList<>();
        if (parts.length == 3) {
            catalog = storedName(meta.getCatalogs(), "TABLE_CAT", parts[0]);
            schema = storedName(meta.getSchemas(), "TABLE_SCHEM", parts[1]);
            qualifiers = List.of(catalog, schema);
        } else if (parts.length == 2 && dialect == SqlDialect.MARIADB) {
            catalog = storedName(meta.getCatalogs(), "TABLE_CAT", parts[0]);
            qualifiers = List.of(catalog);
        } else if (parts.length == 2) {
            schema = storedName(meta.getSchemas(), "TABLE_SCHEM", parts[0]);
            qualifiers = List.of(schema);
        }
        String prefix = qualifiers.isEmpty() ? "" : dialect.quoteAll(qualifiers).replace(", ", ".") + ".";
        // Unqualified names live where the connection points.
        String lookupCatalog = catalog != null ? catalog : (dialect == SqlDialect.MARIADB ? connection.getCatalog() : null);
        String lookupSchema = schema != null ? schema : (dialect == SqlDialect.MARIADB ? null : connection.getSchema());
        String table = parts[parts.length - 1];
        for (String candidate : new LinkedHashSet<>(List.of(table, table.toUpperCase(Locale.ROOT), table.toLowerCase(Locale.ROOT)))) {
            List<String> columns = columns(meta, lookupCatalog, lookupSchema, candidate);
            if (!columns.isEmpty()) {
                return new JdbcTable(dialect, lookupCatalog, lookupSchema, prefix, candidate, true, columns);
            }
        }
        return new JdbcTable(dialect, lookupCatalog, lookupSchema, prefix, table, false, List.of());
    }

    /** Another table in the same schema (a staging table, the commit log), looked up the same way. */
    JdbcTable sibling(Connection connection, String siblingName) throws SQLException {
        for (String candidate : new LinkedHashSet<>(List.of(siblingName, siblingName.toUpperCase(Locale.ROOT)))) {
            List<String> columns = columns(connection.getMetaData(), catalog, schema, candidate);
            if (!columns.isEmpty()) {
                return new JdbcTable(dialect, catalog, schema, prefix, candidate, true, columns);
            }
        }
        return new JdbcTable(dialect, catalog, schema, prefix, siblingName, false, List.of());
    }

    /** The quoted, qualified name for SQL. */
    String qualified() {
        return prefix + dialect.quote(name);
    }

    /** The table's column spelled like {@code column} (case-insensitively), or null. */
    String column(String column) {
        return columns.stream().filter(c -> c.equalsIgnoreCase(column)).findFirst().orElse(null);
    }

    /** Whether a primary key or a unique index covers exactly {@code keys} (in any order). */
    boolean hasUniqueKey(Connection connection, List<String> keys) throws SQLException {
        Set<String> wanted = new HashSet<>();
        keys.forEach(k -> wanted.add(k.toLowerCase(Locale.ROOT)));
        DatabaseMetaData meta = connection.getMetaData();
        Set<String> primary = new HashSet<>();
        try (ResultSet rs = meta.getPrimaryKeys(catalog, schema, name)) {
            while (rs.next()) {
                primary.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
            }
        }
        if (primary.equals(wanted)) {
            return true;
        }
        Map<String, Set<String>> unique = new HashMap<>();
        try (ResultSet rs = meta.getIndexInfo(catalog, schema, name, true, true)) {
            while (rs.next()) {
                String column = rs.getString("COLUMN_NAME");
                if (column != null && !rs.getBoolean("NON_UNIQUE")) {
                    unique.computeIfAbsent(rs.getString("INDEX_NAME"), k -> new HashSet<>()).add(column.toLowerCase(Locale.ROOT));
                }
            }
        }
        return unique.containsValue(wanted);
    }

    private static List<String> columns(DatabaseMetaData meta, String catalog, String schema, String table) throws SQLException {
        TreeMap<Integer, String> columns = new TreeMap<>();
        try (ResultSet rs = meta.getColumns(catalog, escape(meta, schema), escape(meta, table), null)) {
            while (rs.next()) {
                // The pattern's escaped '_' still matches exactly one name; check it anyway.
                if (table.equals(rs.getString("TABLE_NAME"))) {
                    columns.put(rs.getInt("ORDINAL_POSITION"), rs.getString("COLUMN_NAME"));
                }
            }
        }
        return List.copyOf(columns.values());
    }

    /** The stored spelling of a catalog or schema: as written if it exists so, else the one equal ignoring case. */
    private static String storedName(ResultSet names, String column, String written) throws SQLException {
        String match = null;
        try (names) {
            while (names.next()) {
                String name = names.getString(column);
                if (written.equals(name)) {
                    return name;
                }
                if (written.equalsIgnoreCase(name) && match == null) {
                    match = name;
                }
            }
        }
        return match != null ? match : written;
    }

    private static String escape(DatabaseMetaData meta, String pattern) throws SQLException {
        if (pattern == null) {
            return null;
        }
        String escape = meta.getSearchStringEscape();
        return pattern.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
    }
}
