package io.datahub.spark.api;

import io.datahub.model.run.ErrorCategory;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

/**
 * Errors raised from inside a Spark query, for checks that must not cost a pass of their own: the
 * check is a condition evaluated on the rows as they stream by, and the first row that breaks it fails
 * the query with a category and a message built from that row. The engine turns the Spark exception
 * back into a {@link DatahubException}.
 */
public final class RaisedErrors {

    private static final String START = "DATAHUB_ERROR[";
    private static final String END = "]END_DATAHUB_ERROR";
    private static final Pattern RAISED = Pattern.compile(Pattern.quote(START) + "([A-Z_]+)\\](.*?)" + Pattern.quote(END), Pattern.DOTALL);

    private RaisedErrors() {
    }

    /** A filter condition that is true, or raises {@code message} (a string column) when {@code broken} holds. */
    public static Column passUnless(Column broken, ErrorCategory category, Column message) {
        Column text = functions.concat(functions.lit(START + category.name() + "]"), message, functions.lit(END));
        return functions.when(broken, functions.raise_error(text).cast("boolean")).otherwise(functions.lit(true));
    }

    /** The error a query raised with {@link #passUnless}, found anywhere in {@code failure}'s causes. */
    public static Optional<DatahubException> find(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                Matcher m = RAISED.matcher(t.getMessage());
                if (m.find()) {
                    return Optional.of(new DatahubException(ErrorCategory.valueOf(m.group(1)), m.group(2), failure));
                }
            }
        }
        return Optional.empty();
    }
}
