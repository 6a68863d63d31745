package io.datahub.spark.engine;

import io.datahub.model.run.ErrorCategory;
import io.datahub.spark.api.DatahubException;
import io.datahub.spark.api.RaisedErrors;
import io.datahub.spark.api.RunContext;
import java.io.FileNotFoundException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.AnalysisException;

/**
 * Maps whatever a run threw to an {@link ErrorCategory} and a message naming the element. Strategies
 * throw {@link DatahubException} for what they recognise; this covers Spark's and JDBC's own errors.
 */
public final class ErrorClassifier {

    private ErrorClassifier() {
    }

    /** The category and message for a failure in {@code element} (a label such as {@code <join> (line 12)}). */
    public static DatahubException classify(Throwable failure, String element) {
        return classify(failure, element, List.of());
    }

    /**
     * @param inputs files read lazily (see {@link RunContext#registerInput}): a parse error Spark raises
     *               while some later query reads them is reported as the source's
     */
    public static DatahubException classify(Throwable failure, String element, List<RunContext.InputFiles> inputs) {
        if (failure instanceof DatahubException d) {
            return d;
        }
        Optional<DatahubException> raised = RaisedErrors.find(failure);
        if (raised.isPresent()) {
            return raised.get();
        }
        Optional<DatahubException> malformed = malformedRecord(failure, inputs);
        if (malformed.isPresent()) {
            return malformed.get();
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DatahubException d) {
                return d;
            }
            if (t instanceof AnalysisException a) {
                String cls = a.getErrorClass() == null ? "" : a.getErrorClass();
                String message = firstLine(a.getMessage());
                if (cls.startsWith("UNRESOLVED_COLUMN") || cls.startsWith("UNRESOLVED_FIELD") || cls.contains("MISSING_ATTRIBUTES")) {
                    return new DatahubException(ErrorCategory.UNKNOWN_COLUMN, element + ": " + message, failure);
                }
                if (cls.startsWith("PATH_NOT_FOUND") || cls.startsWith("TABLE_OR_VIEW_NOT_FOUND")) {
                    return new DatahubException(ErrorCategory.INPUT_NOT_FOUND, element + ": " + message, failure);
                }
                if (cls.startsWith("DATATYPE_MISMATCH") || cls.startsWith("CAST_INVALID_INPUT") || cls.startsWith("INCOMPATIBLE")) {
                    return new DatahubException(ErrorCategory.SCHEMA_MISMATCH, element + ": " + message, failure);
                }
                return new DatahubException(ErrorCategory.CONFIGURATION, element + ": " + message, failure);
            }
            if (t instanceof FileNotFoundException) {
                return new DatahubException(ErrorCategory.INPUT_NOT_FOUND, element + ": " + firstLine(t.getMessage()), failure);
            }
            if (t instanceof ConnectException || t instanceof SQLNonTransientConnectionException || t instanceof SQLTransientConnectionException) {
                return new DatahubException(ErrorCategory.CONNECTION_FAILED, element + ": " + firstLine(t.getMessage()), failure);
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState() == null ? "" : sql.getSQLState();
                ErrorCategory category = state.startsWith("08") || state.startsWith("28") ? ErrorCategory.CONNECTION_FAILED : ErrorCategory.SQL_ERROR;
                return new DatahubException(category, element + ": " + firstLine(sql.getMessage()), failure);
            }
            String name = t.getClass().getSimpleName().toLowerCase(Locale.ROOT);
            if (name.contains("numberformat") || name.contains("datetimeparse") || name.contains("sparkdatetime")
                    || name.contains("sparknumberformat") || name.contains("badrecord")) {
                return new DatahubException(ErrorCategory.SCHEMA_MISMATCH, element + ": " + firstLine(t.getMessage()), failure);
            }
        }
        return new DatahubException(ErrorCategory.INTERNAL, element + ": " + failure.getClass().getSimpleName() + ": "
                + firstLine(failure.getMessage()), failure);
    }

    /**
     * Spark's FAILFAST parse error, which arrives without the raw line or the file: the registered inputs
     * are asked, in turn, for their first bad record (a second read, on the failure path only), and the
     * one that has it is named with its file and the line as written.
     */
    private static Optional<DatahubException> malformedRecord(Throwable failure, List<RunContext.InputFiles> inputs) {
        boolean malformed = false;
        for (Throwable t = failure; t != null && !malformed; t = t.getCause()) {
            malformed = t.getMessage() != null && (t.getMessage().contains("MALFORMED_RECORD_IN_PARSING")
                    || t.getMessage().contains("Malformed records are detected"));
        }
        if (!malformed) {
            return Optional.empty();
        }
        for (RunContext.InputFiles input : inputs) {
            Optional<String> bad = input.firstBadRecord().get();
            if (bad.isPresent()) {
                String what = input.schema() == null ? ": malformed record" : ": record does not fit schema " + input.schema();
                return Optional.of(new DatahubException(ErrorCategory.SCHEMA_MISMATCH, input.element() + what + bad.get(), failure));
            }
        }
        String candidates = inputs.isEmpty() ? "a source" : String.join(", ", inputs.stream().map(RunContext.InputFiles::element).toList());
        return Optional.of(new DatahubException(ErrorCategory.SCHEMA_MISMATCH, candidates + ": malformed record: "
                + firstLine(failure.getMessage()), failure));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
