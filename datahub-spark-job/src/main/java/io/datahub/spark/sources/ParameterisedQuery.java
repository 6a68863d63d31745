package io.datahub.spark.sources;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Runs a {@code <sql>} query with bound parameters over one JDBC connection and reads the result into
 * rows with a Spark schema taken from the result's metadata.
 */
final class ParameterisedQuery {

    /**
     * @param schema the result's columns as Spark types
     * @param rows   the result's rows, in the order the database returned them
     */
    record Result(StructType schema, List<Row> rows) {
    }

    private ParameterisedQuery() {
    }

    /**
     * @param isolation a {@code Connection.TRANSACTION_*} level, or null for the database's default
     * @param fetchSize rows per round trip, or null for the driver's default
     */
    static Result run(Connection connection, String jdbcSql, List<Object> values, Integer isolation, Integer fetchSize)
            throws SQLException {
        if (isolation != null) {
            connection.setTransactionIsolation(isolation);
        }
        // One read-only transaction, rolled back at the end; PostgreSQL also only honours fetchSize inside one.
        connection.setAutoCommit(false);
        try (PreparedStatement statement = connection.prepareStatement(jdbcSql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            if (fetchSize != null) {
                statement.setFetchSize(fetchSize);
            }
            for (int i = 0; i < values.size(); i++) {
                statement.setObject(i + 1, bindable(values.get(i)));
            }
            try (ResultSet result = statement.executeQuery()) {
                StructType schema = schema(result.getMetaData());
                List<Row> rows = new ArrayList<>();
                while (result.next()) {
                    rows.add(row(result, schema));
                }
                return new Result(schema, rows);
            }
        } finally {
            rollbackQuietly(connection);
        }
    }

    /** Ends the read's transaction; a failure here must not hide the query's own outcome. */
    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is closed right after; the database discards the transaction then
        }
    }

    /** java.time values bind with setObject on PostgreSQL, MariaDB and H2, except Instant, which pgJDBC refuses. */
    private static Object bindable(Object value) {
        return value instanceof Instant instant ? Timestamp.from(instant) : value;
    }

    /**
     * JDBC types to Spark types, as Spark's JDBC source maps them where it matters: integers to int
     * (unsigned int to bigint), bigint to bigint (unsigned to decimal(20,0)), decimal(p,s) as declared (a
     * numeric without precision, or beyond 38 digits, as decimal(38,18)), real to float, float and double to
     * double, character types to string, boolean and bit(1) to boolean, date, timestamp (with or without
     * time zone), binary types to binary. Anything else (uuid, json, time, ...) is read as its text.
     * Every column is nullable: result metadata is unreliable for expressions.
     */
    static StructType schema(ResultSetMetaData metadata) throws SQLException {
        StructField[] fields = new StructField[metadata.getColumnCount()];
        for (int i = 1; i <= fields.length; i++) {
            fields[i - 1] = DataTypes.createStructField(metadata.getColumnLabel(i), sparkType(metadata, i), true);
        }
        return DataTypes.createStructType(fields);
    }

    private static DataType sparkType(ResultSetMetaData metadata, int i) throws SQLException {
        return switch (metadata.getColumnType(i)) {
            case Types.TINYINT, Types.SMALLINT -> DataTypes.IntegerType;
            case Types.INTEGER -> metadata.isSigned(i) ? DataTypes.IntegerType : DataTypes.LongType;
            case Types.BIGINT -> metadata.isSigned(i) ? DataTypes.LongType : DataTypes.createDecimalType(20, 0);
            case Types.DECIMAL, Types.NUMERIC -> decimal(metadata.getPrecision(i), metadata.getScale(i));
            case Types.REAL -> DataTypes.FloatType;
            case Types.FLOAT, Types.DOUBLE -> DataTypes.DoubleType;
            case Types.BOOLEAN -> DataTypes.BooleanType;
            case Types.BIT -> metadata.getPrecision(i) > 1 ? DataTypes.BinaryType : DataTypes.BooleanType;
            case Types.DATE -> DataTypes.DateType;
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> DataTypes.TimestampType;
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> DataTypes.BinaryType;
            default -> DataTypes.StringType;
        };
    }

    private static DataType decimal(int precision, int scale) {
        if (precision <= 0 || precision > DecimalType.MAX_PRECISION()) {
            return DataTypes.createDecimalType(DecimalType.MAX_PRECISION(), 18);
        }
        return DataTypes.createDecimalType(precision, Math.min(Math.max(scale, 0), precision));
    }

    private static Row row(ResultSet result, StructType schema) throws SQLException {
        Object[] values = new Object[schema.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = value(result, i + 1, schema.fields()[i].dataType());
        }
        return RowFactory.create(values);
    }

    /** One value as the Java type Spark expects for the column's type (null for SQL NULL). */
    private static Object value(ResultSet result, int column, DataType type) throws SQLException {
        Object value;
        if (type == DataTypes.IntegerType) {
            value = result.getInt(column);
        } else if (type == DataTypes.LongType) {
            value = result.getLong(column);
        } else if (type instanceof DecimalType) {
            value = result.getBigDecimal(column);
        } else if (type == DataTypes.FloatType) {
            value = result.getFloat(column);
        } else if (type == DataTypes.DoubleType) {
            value = result.getDouble(column);
        } else if (type == DataTypes.BooleanType) {
            value = result.getBoolean(column);
        } else if (type == DataTypes.DateType) {
            // Read without a time zone (unlike getDate), then as java.sql.Date: the rows become an RDD, whose
            // RowEncoder takes only java.sql.Date (spark.sql.datetime.java8API.enabled=false, the default).
            LocalDate date = result.getObject(column, LocalDate.class);
            value = date == null ? null : java.sql.Date.valueOf(date);
        } else if (type == DataTypes.TimestampType) {
            value = result.getTimestamp(column); // as Spark's JDBC source reads timestamps
        } else if (type == DataTypes.BinaryType) {
            value = result.getBytes(column);
        } else {
            value = result.getString(column);
        }
        return result.wasNull() ? null : value;
    }
}
