package io.datahub.spark.transform;

import io.datahub.model.run.ErrorCategory;
import io.datahub.spark.api.DatahubException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Column names written in an element, matched against a dataset's columns case-insensitively (the
 * language's rule, and Spark's default), and the errors the steps of this package share.
 */
final class StepColumns {

    private StepColumns() {
    }

    /**
     * The dataset's own spelling of {@code name}.
     *
     * @param where   the element and attribute, e.g. {@code <deduplicate> keys}
     * @param dataset how the message names the dataset searched ({@code in reference 'x'}), or empty
     * @throws DatahubException UNKNOWN_COLUMN listing the columns that do exist
     */
    static String resolve(String[] columns, String name, String where, String dataset) {
        for (String column : columns) {
            if (column.equalsIgnoreCase(name)) {
                return column;
            }
        }
        throw new DatahubException(ErrorCategory.UNKNOWN_COLUMN, where + ": column '" + name + "' does not exist"
                + (dataset.isEmpty() ? "" : " " + dataset) + " (columns: " + String.join(", ", columns) + ")");
    }

    static String resolve(String[] columns, String name, String where) {
        return resolve(columns, name, where, "");
    }

    /** {@link #resolve(String[], String, String)} over a dataset's columns. */
    static String resolve(Dataset<Row> data, String name, String where) {
        return resolve(data.columns(), name, where, "");
    }

    /** {@code column 'x' does not exist (columns: a, b)}. */
    static String missing(String name, Dataset<Row> data) {
        return "column '" + name + "' does not exist (columns: " + String.join(", ", data.columns()) + ")";
    }

    /** A column by its exact name, backticked so that a name is never parsed as {@code table.column}. */
    static Column col(String column) {
        return functions.col("`" + column.replace("`", "``") + "`");
    }

    static boolean contains(String[] columns, String name) {
        return Arrays.stream(columns).anyMatch(c -> c.equalsIgnoreCase(name));
    }

    /** A helper column name that no input column uses (so dropping it never drops user data). */
    static String fresh(String base, String[] columns) {
        String name = base;
        while (contains(columns, name)) {
            name = "_" + name;
        }
        return name;
    }

    /**
     * Runs a parser of the model (OrderItem, Metric, KeyPair), whose messages name the bad item; its
     * IllegalArgumentException becomes a CONFIGURATION error prefixed with the element.
     */
    static <T> List<T> parse(String element, Supplier<List<T>> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new DatahubException(ErrorCategory.CONFIGURATION, element + " " + e.getMessage());
        }
    }
}
