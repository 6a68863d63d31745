package io.datahub.spark.sources;

import io.datahub.model.definition.SourceDefinition;
import io.datahub.model.run.ErrorCategory;
import io.datahub.model.schema.TableSchema;
import io.datahub.spark.api.DatahubException;
import io.datahub.spark.api.RunContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** What the source readers share: message labels, input checks, declared schemas and conforming data to them. */
final class SourceSupport {

    private SourceSupport() {
    }

    /** {@code <csv> source 'orders'}: how every message of a source starts. */
    static String label(SourceDefinition source) {
        return "<" + source.elementName() + "> source '" + source.id() + "'";
    }

    /** The schemaRef's columns, or empty without a schemaRef; a schemaRef the request did not inline is a configuration error. */
    static Optional<TableSchema> declaredSchema(SourceDefinition source, RunContext context) {
        String ref = source.schemaRef();
        if (ref == null) {
            return Optional.empty();
        }
        return Optional.of(context.schema(ref).orElseThrow(() -> new DatahubException(ErrorCategory.CONFIGURATION,
                label(source) + ": schemaRef '" + ref + "' is not in the run request")));
    }

    /** The columns a schema declares NOT NULL (none without a schema). */
    static List<String> notNullColumns(Optional<TableSchema> schema) {
        return schema.map(s -> s.columns().stream().filter(c -> !c.nullable()).map(c -> c.name()).toList()).orElse(List.of());
    }

    /** The schema as Spark types; nullability is kept (readers check NOT NULL themselves, Spark's file sources ignore it). */
    static StructType sparkSchema(TableSchema schema) {
        return StructType.fromDDL(schema.ddl());
    }

    /**
     * Fails with INPUT_NOT_FOUND unless the resolved path (a file, folder or glob) matches something.
     * Checked up front because Spark's own error for this is an analysis error that names no source.
     */
    static void requireInput(SourceDefinition source, String path, RunContext context) {
        Path hadoopPath = new Path(path);
        FileStatus[] matches;
        try {
            FileSystem fs = hadoopPath.getFileSystem(context.spark().sparkContext().hadoopConfiguration());
            matches = fs.globStatus(hadoopPath);
        } catch (IOException | IllegalArgumentException e) {
            throw new DatahubException(ErrorCategory.INPUT_NOT_FOUND,
                    label(source) + ": cannot list path " + path + ": " + e.getMessage(), e);
        }
        if (matches == null || matches.length == 0) {
            throw new DatahubException(ErrorCategory.INPUT_NOT_FOUND, label(source) + ": path " + path + " matches no file");
        }
    }

    /**
     * The declared columns, in declared order, cast to the declared types; columns the schema does not
     * declare are dropped, so the dataset has the columns the validator assumed. Names match ignoring
     * case, as Spark does. Lazy: a value the cast cannot convert becomes null (Spark's non-ANSI cast).
     */
    static Dataset<Row> conform(Dataset<Row> data, TableSchema schema, SourceDefinition source) {
        Map<String, String> actual = new HashMap<>();
        for (String name : data.columns()) {
            actual.putIfAbsent(name.toLowerCase(Locale.ROOT), name);
        }
        StructType declared = sparkSchema(schema);
        List<String> missing = new ArrayList<>();
        List<Column> columns = new ArrayList<>();
        for (StructField field : declared.fields()) {
            String name = actual.get(field.name().toLowerCase(Locale.ROOT));
            if (name == null) {
                missing.add(field.name());
            } else {
                columns.add(functions.col(quoted(name)).cast(field.dataType()).as(field.name()));
            }
        }
        if (!missing.isEmpty()) {
            String names = missing.stream().map(n -> "'" + n + "'").collect(Collectors.joining(", "));
            throw new DatahubException(ErrorCategory.UNKNOWN_COLUMN, label(source) + ": schema " + schema.origin() + ": "
                    + (missing.size() == 1 ? "column " + names + " does not exist" : "columns " + names + " do not exist")
                    + " (columns: " + String.join(", ", data.columns()) + ")");
        }
        return data.select(columns.toArray(Column[]::new));
    }

    /** A column reference that survives dots and spaces in the name. */
    static String quoted(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /** The first non-blank line of a Spark message, without the plan or SQL excerpt Spark appends. */
    static String firstLine(Throwable e) {
        return String.valueOf(e.getMessage()).strip().lines().findFirst().orElse("").strip();
    }
}
