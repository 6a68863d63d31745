package io.datahub.model.schema;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The columns a schema artifact declares, in document order. Column names are matched
 * case-insensitively, as Spark does by default ({@code spark.sql.caseSensitive=false}), so two
 * columns differing only in case are rejected.
 *
 * @param origin the schema file path as given, for messages
 */
public record TableSchema(String origin, List<Column> columns) {

    public TableSchema {
        Objects.requireNonNull(origin, "origin");
        columns = List.copyOf(columns);
        Map<String, String> seen = new HashMap<>();
        for (Column c : columns) {
            String earlier = seen.putIfAbsent(key(c.name()), c.name());
            if (earlier != null) {
                throw new IllegalArgumentException(duplicateMessage(earlier, c.name()));
            }
        }
    }

    /** The column with this name, ignoring case. */
    public Optional<Column> column(String name) {
        Objects.requireNonNull(name, "name");
        for (Column c : columns) {
            if (c.name().equalsIgnoreCase(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** Column names in declaration order. */
    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    /**
     * Spark DDL for the whole schema, e.g. {@code `id` bigint NOT NULL, `name` string}, usable with
     * {@code StructType.fromDDL}.
     */
    public String ddl() {
        return columns.stream().map(Column::ddl).collect(Collectors.joining(", "));
    }

    /** The names (in the given order) that match no column, ignoring case. */
    public List<String> missing(Collection<String> names) {
        Set<String> present = new HashSet<>();
        for (Column c : columns) {
            present.add(key(c.name()));
        }
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            if (!present.contains(key(name))) {
                missing.add(name);
            }
        }
        return missing;
    }

    /** A key under which names equal by {@link String#equalsIgnoreCase} collide. */
    static String key(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            sb.append(Character.toLowerCase(Character.toUpperCase(name.charAt(i))));
        }
        return sb.toString();
    }

    static String duplicateMessage(String earlier, String later) {
        return earlier.equals(later)
                ? "duplicate column '" + later + "'"
                : "duplicate column '" + later + "' (same as '" + earlier
                        + "' ignoring case; Spark matches column names case-insensitively)";
    }
}
