package io.datahub.spark.transform;

import io.datahub.model.run.ErrorCategory;
import io.datahub.spark.api.DatahubException;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/** Column names named by a definition, matched against a dataset the way Spark does (case-insensitively). */
final class StepColumns {

    private StepColumns() {
    }

    /**
     * The dataset's spelling of {@code name}.
     *
     * @param where the element and attribute, e.g. {@code <mask> columns}, put in front of the error
     * @throws DatahubException UNKNOWN_COLUMN listing the dataset's columns
     */
    static String resolve(Dataset<Row> data, String name, String where) {
        for (String column : data.columns()) {
            if (column.equalsIgnoreCase(name)) {
                return column;
            }
        }
        throw new DatahubException(ErrorCategory.UNKNOWN_COLUMN, where + ": " + missing(name, data));
    }

    /** {@code column 'x' does not exist (columns: a, b)}. */
    static String missing(String name, Dataset<Row> data) {
        return "column '" + name + "' does not exist (columns: " + String.join(", ", Arrays.asList(data.columns())) + ")";
    }

    /** A reference to a column by its exact name; quoted, so names with dots or spaces are not parsed. */
    static Column col(String name) {
        return functions.col("`" + name.replace("`", "``") + "`");
    }
}
