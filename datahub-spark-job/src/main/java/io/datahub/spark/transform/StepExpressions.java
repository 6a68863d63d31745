package io.datahub.spark.transform;

import io.datahub.model.run.ErrorCategory;
import io.datahub.spark.api.DatahubException;
import io.datahub.spark.api.RunContext;
import java.util.function.Supplier;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.functions;

/**
 * User-written Spark SQL in attributes: {@code ${name}} substitution, parsing, and Spark's parse and analysis
 * errors turned into DatahubExceptions that name the element. Spark analyses Dataset operations eagerly, so
 * these errors surface while a step is applied, not when a target runs.
 */
final class StepExpressions {

    private StepExpressions() {
    }

    /** {@link RunContext#substitute}, with the element in front of an unknown parameter's message. */
    static String substitute(RunContext context, String value, String where) {
        try {
            return context.substitute(value);
        } catch (DatahubException e) {
            throw new DatahubException(e.category(), where + ": " + e.getMessage(), e);
        }
    }

    /** {@code functions.expr(text)}; a syntax error is CONFIGURATION: {@code <where>: cannot parse '<text>': <Spark's message>}. */
    static Column parse(String text, String where) {
        try {
            return functions.expr(text);
        } catch (Exception e) {
            // ParseException is a checked exception to javac (Scala does not declare it)
            if (e instanceof ParseException pe) {
                throw new DatahubException(ErrorCategory.CONFIGURATION, where + ": cannot parse '" + text + "': " + pe.getSimpleMessage(), pe);
            }
            throw e;
        }
    }

    /**
     * Runs {@code operation} (a Dataset call that analyses expressions) and translates an AnalysisException:
     * an unresolved column is UNKNOWN_COLUMN listing {@code input}'s columns, anything else CONFIGURATION with Spark's message.
     */
    static <T> T analyze(String where, Dataset<Row> input, Supplier<T> operation) {
        try {
            return operation.get();
        } catch (Exception e) {
            if (e instanceof AnalysisException ae) {
                throw translate(ae, where, input);
            }
            throw e;
        }
    }

    static DatahubException translate(AnalysisException e, String where, Dataset<Row> input) {
        String errorClass = e.getErrorClass();
        if (errorClass != null && errorClass.startsWith("UNRESOLVED_COLUMN")) {
            String name = e.getMessageParameters().getOrDefault("objectName", "?").replace("`", "");
            return new DatahubException(ErrorCategory.UNKNOWN_COLUMN, where + ": " + StepColumns.missing(name, input), e);
        }
        return new DatahubException(ErrorCategory.CONFIGURATION, where + ": " + e.getSimpleMessage(), e);
    }
}
