package io.datahub.model.schema;

import java.util.OptionalInt;

/**
 * A schema artifact that cannot be read or used. The message names the file, and the 1-based line
 * and column when known: {@code schemas/customer.json:3:14: malformed JSON: ...} or
 * {@code schemas/customer.avsc: field 'email' has unsupported Avro type 'map'}.
 */
public final class SchemaArtifactException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final int column;
    private final String detail;

    private SchemaArtifactException(String message, String file, int line, int column, String detail,
                                    Throwable cause) {
        super(message, cause);
        this.file = file;
        this.line = line;
        this.column = column;
        this.detail = detail;
    }

    /** {@code file: detail}, or {@code file:line:column: detail} when line is positive. */
    static SchemaArtifactException at(String file, int line, int column, String detail, Throwable cause) {
        int l = line > 0 ? line : 0;
        int c = l > 0 && column > 0 ? column : 0;
        String where = l > 0 ? file + ":" + l + (c > 0 ? ":" + c : "") : file;
        return new SchemaArtifactException(where + ": " + detail, file, l, c, detail, cause);
    }

    static SchemaArtifactException of(String file, String detail) {
        return at(file, 0, 0, detail, null);
    }

    static SchemaArtifactException of(String file, String detail, Throwable cause) {
        return at(file, 0, 0, detail, cause);
    }

    static SchemaArtifactException notFound(String file, Throwable cause) {
        return new SchemaArtifactException("schema file not found: " + file, file, 0, 0,
                "schema file not found", cause);
    }

    /** The schema file path as given. */
    public String file() {
        return file;
    }

    /** 1-based line of the problem, when known. */
    public OptionalInt line() {
        return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
    }

    /** 1-based column of the problem, when known. */
    public OptionalInt column() {
        return column > 0 ? OptionalInt.of(column) : OptionalInt.empty();
    }

    /** The message without the file and location prefix. */
    public String detail() {
        return detail;
    }
}
