package io.datahub.model.schema;

import java.util.Objects;

/**
 * One column of a {@link TableSchema}.
 *
 * @param precision decimal precision for {@link ColumnType#DECIMAL}, else null
 * @param scale     decimal scale for {@link ColumnType#DECIMAL}, else null
 */
public record Column(String name, ColumnType type, boolean nullable, Integer precision, Integer scale) {

    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("column name must not be empty");
        }
        type.sparkSqlType(precision, scale); // validates precision/scale for the type
    }

    /** A non-decimal column. */
    public Column(String name, ColumnType type, boolean nullable) {
        this(name, type, nullable, null, null);
    }

    /** A decimal column. */
    public static Column decimal(String name, boolean nullable, int precision, int scale) {
        return new Column(name, ColumnType.DECIMAL, nullable, precision, scale);
    }

    /**
     * This column as a Spark DDL column definition, e.g. {@code `customer_id` bigint NOT NULL}.
     * Backticks inside the name are doubled, as Spark quotes identifiers.
     */
    public String ddl() {
        return "`" + name.replace("`", "``") + "` " + type.sparkSqlType(precision, scale)
                + (nullable ? "" : " NOT NULL");
    }
}
