package io.datahub.model.history;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The three databases the run history runs on, as the test machine provides them. */
enum TestDatabase {
    POSTGRESQL {
        @Override
        String url(Path h2Dir) {
            return "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
        }

        @Override
        String dropSchema(String schema) {
            return "DROP SCHEMA IF EXISTS " + schema + " CASCADE";
        }
    },
    MARIADB {
        @Override
        String url(Path h2Dir) {
            return "jdbc:mariadb://127.0.0.1:3306/test?user=root";
        }

        @Override
        String dropSchema(String schema) {
            return "DROP DATABASE IF EXISTS " + schema;
        }

        @Override
        Set<List<String>> indexes(Connection c, String schema, String table) throws SQLException {
            return indexes(c.getMetaData(), schema, null, table);
        }
    },
    H2 {
        @Override
        String url(Path h2Dir) {
            return "jdbc:h2:file:" + h2Dir.resolve("history").toAbsolutePath();
        }

        @Override
        String dropSchema(String schema) {
            return "DROP SCHEMA IF EXISTS " + schema + " CASCADE";
        }

        @Override
        Set<List<String>> indexes(Connection c, String schema, String table) throws SQLException {
            return indexes(c.getMetaData(), null, schema.toUpperCase(Locale.ROOT), table.toUpperCase(Locale.ROOT));
        }
    };

    abstract String url(Path h2Dir);

    abstract String dropSchema(String schema);

    ConnectionSource connections(Path h2Dir) {
        String url = url(h2Dir);
        return () -> DriverManager.getConnection(url);
    }

    /** The column lists of the table's indexes, lower case. */
    Set<List<String>> indexes(Connection c, String schema, String table) throws SQLException {
        return indexes(c.getMetaData(), null, schema, table);
    }

    static Set<List<String>> indexes(DatabaseMetaData meta, String catalog, String schema, String table) throws SQLException {
        Map<String, List<String>> byName = new LinkedHashMap<>();
        try (ResultSet rs = meta.getIndexInfo(catalog, schema, table, false, false)) {
            while (rs.next()) {
                if (rs.getString("INDEX_NAME") != null && rs.getString("COLUMN_NAME") != null) {
                    List<String> columns = byName.computeIfAbsent(rs.getString("INDEX_NAME"), k -> new ArrayList<>());
                    int position = rs.getInt("ORDINAL_POSITION");
                    while (columns.size() < position) {
                        columns.add(null);
                    }
                    columns.set(position - 1, rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                }
            }
        }
        return new HashSet<>(byName.values());
    }

    static void execute(ConnectionSource connections, String... statements) throws SQLException {
        try (Connection c = connections.get(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    static long count(ConnectionSource connections, String sql) throws SQLException {
        try (Connection c = connections.get(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
