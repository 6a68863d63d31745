package io.datahub.spark.sources;

import io.datahub.model.definition.SourceDefinition;
import io.datahub.model.run.ErrorCategory;
import io.datahub.spark.api.DatahubException;
import io.datahub.spark.api.RaisedErrors;
import io.datahub.spark.api.RunContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * Applies {@code badRecords} (fail | drop | reject) to rows a file source parsed in Spark's PERMISSIVE
 * mode. A row is bad when Spark put it in the corrupt-record column (wrong number of fields, a value
 * that does not convert, malformed JSON) or when a column the schema declares NOT NULL is null
 * (Spark's file sources read every column as nullable, so that check is ours).
 *
 * <p>The parsed rows are persisted once: counting or writing the bad rows and then returning the good
 * ones must not parse the files twice, and Spark refuses queries that reference only the corrupt-record
 * column of a raw file scan. The cache lives until the run ends ({@link RunContext#persist}): the engine's
 * datasets derive from it.
 */
final class BadRecords {

    /** Spark's conventional name; rejected rows carry the raw text under it. */
    static final String CORRUPT = "_corrupt_record";
    /** The file a row came from, taken during the scan ({@code input_file_name()} is empty after a cache). */
    static final String SOURCE_FILE = "_source_file";

    private static final String RECORD = "_record_text";
    private static final int MAX_RECORD_IN_MESSAGE = 500;

    private final SourceDefinition source;
    private final String mode;
    private final String rejectPath;
    private final String schemaOrigin;

    /**
     * @param rejectPath   resolved reject folder (used with mode reject)
     * @param schemaOrigin the schemaRef, for messages; null when the schema was read from the data
     */
    BadRecords(SourceDefinition source, String mode, String rejectPath, String schemaOrigin) {
        this.source = source;
        this.mode = mode;
        this.rejectPath = rejectPath;
        this.schemaOrigin = schemaOrigin;
    }

    /** Where rejects go: {@code rejectPath}, else {@code rejects/<pipelineId>/<sourceId>} under the layer root. */
    static String rejectPath(SourceDefinition source, String rejectPath, RunContext context) {
        return context.resolvePath(rejectPath != null ? rejectPath : "rejects/" + context.pipeline().id() + "/" + source.id());
    }

    /**
     * @param parsed      the scan's rows: the data columns, {@link #CORRUPT} and {@link #SOURCE_FILE}
     * @param notNull     data columns declared NOT NULL
     * @param reserialize the row as text in the source's format, for bad rows Spark parsed (NOT NULL breaches)
     * @return the good rows, without {@link #CORRUPT} and {@link #SOURCE_FILE}
     */
    Dataset<Row> apply(Dataset<Row> parsed, List<String> notNull, Column reserialize, RunContext context) {
        if ("fail".equals(mode)) {
            return failOnFirstBadRow(parsed, notNull, reserialize);
        }
        Dataset<Row> cached = context.persist(parsed, StorageLevel.MEMORY_AND_DISK());
        Column bad = functions.col(CORRUPT).isNotNull();
        for (String name : notNull) {
            bad = bad.or(functions.col(SourceSupport.quoted(name)).isNull());
        }
        Dataset<Row> badRows = cached.filter(bad);
        switch (mode) {
            case "drop" -> context.countRejected(source.id(), badRows.count());
            case "reject" -> {
                Dataset<Row> rejects = badRows.select(
                        functions.coalesce(functions.col(CORRUPT), reserialize).as(CORRUPT), functions.col(SOURCE_FILE));
                // Overwrite: a rerun for the same reject folder replaces the rejects of the earlier attempt.
                // escape '"' doubles quotes inside values (RFC 4180), so any CSV reader can read raw lines back.
                rejects.write().mode(SaveMode.Overwrite).option("header", "true").option("escape", "\"").csv(rejectPath);
                context.countRejected(source.id(), badRows.count());
            }
            default -> throw new DatahubException(ErrorCategory.CONFIGURATION,
                    SourceSupport.label(source) + ": badRecords '" + mode + "' is not one of fail, drop, reject");
        }
        return cached.filter(functions.not(bad)).drop(CORRUPT, SOURCE_FILE);
    }

    /**
     * badRecords="fail" in the same pass as the run's own query (no cache, no count job): the first row
     * that does not fit raises the error while the data streams by.
     */
    private Dataset<Row> failOnFirstBadRow(Dataset<Row> parsed, List<String> notNull, Column reserialize) {
        Column file = functions.concat(functions.lit(" (file "), functions.col(SOURCE_FILE), functions.lit("): "));
        String what = schemaOrigin == null ? ": malformed record" : ": record does not fit schema " + schemaOrigin;
        Column check = RaisedErrors.passUnless(functions.col(CORRUPT).isNotNull(), ErrorCategory.SCHEMA_MISMATCH,
                functions.concat(functions.lit(SourceSupport.label(source) + what), file, shortened(functions.col(CORRUPT))));
        for (String name : notNull) {
            check = check.and(RaisedErrors.passUnless(functions.col(SourceSupport.quoted(name)).isNull(), ErrorCategory.SCHEMA_MISMATCH,
                    functions.concat(functions.lit(SourceSupport.label(source) + ": column '" + name + "' is null but schema "
                            + schemaOrigin + " declares it NOT NULL"), file, shortened(reserialize))));
        }
        return parsed.filter(check).drop(CORRUPT, SOURCE_FILE);
    }

    static String shortened(String record) {
        String text = record.stripTrailing();
        return text.length() <= MAX_RECORD_IN_MESSAGE ? text : text.substring(0, MAX_RECORD_IN_MESSAGE) + "...";
    }

    private static Column shortened(Column record) {
        Column text = functions.rtrim(record);
        return functions.when(functions.length(text).leq(MAX_RECORD_IN_MESSAGE), text)
                .otherwise(functions.concat(functions.substring(text, 1, MAX_RECORD_IN_MESSAGE), functions.lit("...")));
    }

}
