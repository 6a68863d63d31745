package io.datahub.model.validation;

import java.util.Comparator;

/**
 * One problem found in a definition, located in its file. Every stage (parsing, XSD, semantic)
 * reports through this one type, so every caller prints {@code path:line:column: message} alike.
 *
 * @param file   the file as the caller named it (path or label)
 * @param line   1-based line, 0 when the problem concerns the whole file
 * @param column 1-based column, 0 when unknown
 * @param message what is wrong, in the data engineer's terms
 */
public record ValidationError(String file, int line, int column, String message) implements Comparable<ValidationError> {

    private static final Comparator<ValidationError> ORDER = Comparator.comparing(ValidationError::file)
            .thenComparingInt(ValidationError::line)
            .thenComparingInt(ValidationError::column)
            .thenComparing(ValidationError::message);

    /** {@code path:line:column: message}, the format of compilers, so editors and CI link to the spot. */
    public String format() {
        return file + ":" + line + ":" + column + ": " + message;
    }

    @Override
    public int compareTo(ValidationError other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return format();
    }
}
