package io.datahub.spark.sources;

import io.datahub.model.definition.DatabaseSource;
import io.datahub.model.definition.SqlParameters;
import io.datahub.model.run.ErrorCategory;
import io.datahub.model.schema.TableSchema;
import io.datahub.spark.api.DatahubException;
import io.datahub.spark.api.RunContext;
import io.datahub.spark.api.SourceReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code <database>}: a table or a parameterised query over JDBC. The URL has {@code ${...}} substituted;
 * credentials come from the secret named by {@code userSecretRef}, whose value is {@code user:password}
 * (split at the first colon), and are passed as connection properties, never in the URL or a message.
 *
 * <p>{@code <table name>} is read by Spark's {@code jdbc} data source, distributed over the executors:
 * one partition, or with {@code partitionColumn/lowerBound/upperBound/numPartitions} Spark's partitioned
 * read (each partition its own connection and transaction). {@code fetchSize} becomes Spark's
 * {@code fetchsize}. Spark's JDBC reader has no isolation option (its {@code isolationLevel} applies to
 * writes only), so {@code isolationLevel} cannot be honoured on this path; the run gets a warning saying so.
 *
 * <p>{@code <sql>} has named parameters ({@code :runDate}) that must be bound as typed values, and
 * Spark's {@code jdbc} source cannot bind parameters (its query would have to be pasted text). So the
 * query runs here, on the driver, as a {@link java.sql.PreparedStatement} with each parameter set by
 * {@code setObject} as its declared type, in one transaction at {@code isolationLevel}, with
 * {@code fetchSize}; the result becomes a local DataFrame. This path is meant for parameterised
 * queries, which are typically incremental and small; a large extract belongs in a {@code <table>}
 * read (or a view), which stays fully distributed. Partition attributes do not apply to it (warning).
 *
 * <p>With a schemaRef, the result is conformed to the declared columns ({@link SourceSupport#conform}).
 */
public final class DatabaseSourceReader implements SourceReader<DatabaseSource> {

    @Override
    public Class<DatabaseSource> handles() {
        return DatabaseSource.class;
    }

    @Override
    public Dataset<Row> read(DatabaseSource source, RunContext context) {
        String label = SourceSupport.label(source);
        Optional<TableSchema> declared = SourceSupport.declaredSchema(source, context);
        Dataset<Row> data;
        if (source.sql() != null) {
            SqlParameters query = SqlParameters.parse(source.sql().text());
            List<Object> values = values(label, query, context);
            if (source.partitionColumn() != null) {
                context.warn(label + ": partitionColumn, lowerBound, upperBound and numPartitions apply to <table> reads;"
                        + " the <sql> query is read over one connection");
            }
            data = query(source, JdbcAccess.of(source, context), query, values, context);
        } else {
            if (source.isolationLevel() != null) {
                context.warn(label + ": isolationLevel " + source.isolationLevel() + " applies to <sql> reads only;"
                        + " Spark's JDBC table reader uses the database's default isolation");
            }
            data = table(source, JdbcAccess.of(source, context), context);
        }
        return declared.isPresent() ? SourceSupport.conform(data, declared.get(), source) : data;
    }

    /** The parameters' typed values, in the order of the {@code ?} they replace; a value that does not parse is CONFIGURATION. */
    private static List<Object> values(String label, SqlParameters query, RunContext context) {
        List<Object> values = new ArrayList<>();
        for (String name : query.names()) {
            try {
                values.add(context.parameter(name));
            } catch (DatahubException e) {
                throw new DatahubException(e.category(), label + ": " + e.getMessage());
            }
        }
        return values;
    }

    private static Dataset<Row> table(DatabaseSource source, JdbcAccess access, RunContext context) {
        String table = source.table().name();
        DataFrameReader reader = context.spark().read().format("jdbc")
                .options(access.endpoint.sparkOptions())
                .option("dbtable", table);
        if (source.fetchSize() != null) {
            reader.option("fetchsize", source.fetchSize());
        }
        if (source.partitionColumn() != null) {
            reader.option("partitionColumn", source.partitionColumn())
                    .option("lowerBound", source.lowerBound())
                    .option("upperBound", source.upperBound())
                    .option("numPartitions", source.numPartitions());
        }
        try {
            return reader.load(); // connects on the driver to read the table's columns: bad URL, login or table fail here
        } catch (Exception e) {
            SQLException sql = JdbcAccess.sqlCause(e);
            if (sql == null) {
                throw e;
            }
            throw access.failure(sql, table);
        }
    }

    private static Dataset<Row> query(DatabaseSource source, JdbcAccess access, SqlParameters query, List<Object> values,
                                      RunContext context) {
        ParameterisedQuery.Result result;
        try (Connection connection = access.connect()) {
            result = ParameterisedQuery.run(connection, query.jdbcSql(), values, isolation(source), source.fetchSize());
        } catch (SQLException e) {
            throw access.failure(e, null);
        }
        // An RDD, not a local relation: Spark's optimizer evaluates filters over local relations on the
        // driver once per query, which would make the engine's row counts count each query again.
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(context.spark().sparkContext());
        return context.spark().createDataFrame(jsc.parallelize(result.rows(), 1), result.schema());
    }

    private static Integer isolation(DatabaseSource source) {
        if (source.isolationLevel() == null) {
            return null;
        }
        return switch (source.isolationLevel()) {
            case "READ_UNCOMMITTED" -> Connection.TRANSACTION_READ_UNCOMMITTED;
            case "READ_COMMITTED" -> Connection.TRANSACTION_READ_COMMITTED;
            case "REPEATABLE_READ" -> Connection.TRANSACTION_REPEATABLE_READ;
            case "SERIALIZABLE" -> Connection.TRANSACTION_SERIALIZABLE;
            default -> throw new DatahubException(ErrorCategory.CONFIGURATION, SourceSupport.label(source) + ": isolationLevel '"
                    + source.isolationLevel() + "' is not one of READ_UNCOMMITTED, READ_COMMITTED, REPEATABLE_READ, SERIALIZABLE");
        };
    }
}
