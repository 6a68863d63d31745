package io.datahub.nifi.services;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** The real databases of the test machine (DESIGN section 3): PostgreSQL and MariaDB as local services. */
public enum TestDatabase {
    POSTGRESQL("jdbc:postgresql://127.0.0.1:5432/test?user=postgres", "DROP SCHEMA IF EXISTS %s CASCADE"),
    MARIADB("jdbc:mariadb://127.0.0.1:3306/test?user=root", "DROP DATABASE IF EXISTS %s");

    /** Nothing listens there: connections are refused at once. */
    public static final String DOWN_URL = "jdbc:postgresql://127.0.0.1:1/test?user=postgres&connectTimeout=2";

    public final String url;
    private final String dropSchema;

    TestDatabase(String url, String dropSchema) {
        this.url = url;
        this.dropSchema = dropSchema;
    }

    /** A schema name of its own for one test. */
    public static String newSchema() {
        return "nifi_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    public void drop(String schema) throws SQLException {
        execute(String.format(dropSchema, schema));
    }

    public void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    public long count(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
