package io.datahub.spark.sources;

import io.datahub.model.definition.CsvSource;
import io.datahub.model.run.ErrorCategory;
import io.datahub.model.schema.TableSchema;
import io.datahub.spark.api.DatahubException;
import io.datahub.spark.api.RaisedErrors;
import io.datahub.spark.api.RunContext;
import io.datahub.spark.api.SourceReader;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code <csv>}: delimited files (a file, folder or glob). With a schemaRef, columns are matched by
 * position (the header line, when {@code header="true"}, is skipped, not compared) and each value must
 * convert to its declared type; without one, the columns are the header's names (or {@code _c0..}),
 * all strings unless {@code inferSchema="true"}. Either way a row with the wrong number of fields, a value
 * that does not convert, or a null in a NOT NULL column is a bad record, handled as {@code badRecords} says
 * (see {@link BadRecords}): this reads the files eagerly once, to know the outcome before the run goes on.
 */
public final class CsvSourceReader implements SourceReader<CsvSource> {

    @Override
    public Class<CsvSource> handles() {
        return CsvSource.class;
    }

    @Override
    public Dataset<Row> read(CsvSource source, RunContext context) {
        String path = context.resolvePath(source.path());
        SourceSupport.requireInput(source, path, context);
        Map<String, String> options = options(source);
        Optional<TableSchema> declared = SourceSupport.declaredSchema(source, context);
        StructType schema = declared.isPresent() ? SourceSupport.sparkSchema(declared.get()) : schemaOfData(source, path, options, context);
        if ("fail".equals(source.badRecords())) {
            return failFast(source, path, options, schema, SourceSupport.notNullColumns(declared), context);
        }
        Dataset<Row> parsed = context.spark().read()
                .options(options)
                .option("mode", "PERMISSIVE")
                .option("columnNameOfCorruptRecord", BadRecords.CORRUPT)
                .schema(schema.add(BadRecords.CORRUPT, DataTypes.StringType, true))
                .csv(path)
                .withColumn(BadRecords.SOURCE_FILE, functions.input_file_name());
        // A NOT NULL breach parses fine, so Spark keeps no raw line for it: write the row back in the source's dialect.
        Map<String, String> writeOptions = new LinkedHashMap<>(options);
        writeOptions.keySet().retainAll(List.of("sep", "quote", "escape", "nullValue", "dateFormat", "timestampFormat"));
        Column text = functions.to_csv(functions.struct(Arrays.stream(schema.fieldNames())
                .map(n -> functions.col(SourceSupport.quoted(n))).toArray(Column[]::new)), writeOptions);
        BadRecords badRecords = new BadRecords(source, source.badRecords(),
                BadRecords.rejectPath(source, source.rejectPath(), context), source.schemaRef());
        return badRecords.apply(parsed, SourceSupport.notNullColumns(declared), text, context);
    }

    /**
     * badRecords="fail" reads like a careful hand-written Spark job: FAILFAST with the declared schema,
     * so Spark parses only the columns the pipeline uses and stops at the first row whose values in those
     * columns do not convert (a row that does not fit in a column nobody reads is not an error: the run
     * does not depend on it). NOT NULL columns are checked as the rows stream by. The engine names this
     * source in Spark's parse error from the registered input.
     */
    private static Dataset<Row> failFast(CsvSource source, String path, Map<String, String> options, StructType schema,
                                         List<String> notNull, RunContext context) {
        String label = SourceSupport.label(source);
        context.registerInput(label, source.schemaRef(), path, () -> firstBadRecord(path, options, schema, context));
        Dataset<Row> data = context.spark().read().options(options).option("mode", "FAILFAST").schema(schema).csv(path);
        for (String name : notNull) {
            data = data.filter(RaisedErrors.passUnless(functions.col(SourceSupport.quoted(name)).isNull(), ErrorCategory.SCHEMA_MISMATCH,
                    functions.concat(functions.lit(label + ": column '" + name + "' is null but schema " + source.schemaRef()
                            + " declares it NOT NULL (file "), functions.input_file_name(), functions.lit(")"))));
        }
        return data;
    }

    /** The first record that does not fit, read again with Spark's corrupt-record column (failure path only). */
    private static Optional<String> firstBadRecord(String path, Map<String, String> options, StructType schema, RunContext context) {
        List<Row> bad = context.spark().read().options(options)
                .option("mode", "PERMISSIVE").option("columnNameOfCorruptRecord", BadRecords.CORRUPT)
                .schema(schema.add(BadRecords.CORRUPT, DataTypes.StringType, true)).csv(path)
                .withColumn(BadRecords.SOURCE_FILE, functions.input_file_name())
                .filter(functions.col(BadRecords.CORRUPT).isNotNull())
                .limit(1).collectAsList(); // every column kept: Spark fills the corrupt column only when it parses whole lines
        return bad.stream().findFirst().map(row -> " (file " + row.getAs(BadRecords.SOURCE_FILE) + "): "
                + BadRecords.shortened(row.<String>getAs(BadRecords.CORRUPT)));
    }

    /** Without a schemaRef, Spark reads the header line (and, with inferSchema, all data) for the columns. */
    private static StructType schemaOfData(CsvSource source, String path, Map<String, String> options, RunContext context) {
        try {
            return context.spark().read().options(options).csv(path).schema();
        } catch (Exception e) {
            if (e instanceof AnalysisException a && "UNABLE_TO_INFER_SCHEMA".equals(a.getErrorClass())) {
                // the path exists (checked before) but holds no data file
                throw new DatahubException(ErrorCategory.INPUT_NOT_FOUND, SourceSupport.label(source) + ": path " + path
                        + " holds no file to read");
            }
            throw e;
        }
    }

    /** The element's attributes as Spark CSV options. */
    static Map<String, String> options(CsvSource source) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("header", Boolean.toString(source.header()));
        options.put("sep", "\\t".equals(source.delimiter()) ? "\t" : source.delimiter());
        options.put("quote", source.quote());
        options.put("escape", source.escape());
        options.put("encoding", source.encoding());
        options.put("nullValue", source.nullValue());
        options.put("dateFormat", source.dateFormat());
        options.put("timestampFormat", source.timestampFormat());
        options.put("inferSchema", Boolean.toString(source.inferSchema()));
        return options;
    }
}
