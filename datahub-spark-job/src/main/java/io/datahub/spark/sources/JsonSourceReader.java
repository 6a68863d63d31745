package io.datahub.spark.sources;

import io.datahub.model.definition.JsonSource;
import io.datahub.model.run.ErrorCategory;
import io.datahub.model.schema.TableSchema;
import io.datahub.spark.api.DatahubException;
import io.datahub.spark.api.RunContext;
import io.datahub.spark.api.SourceReader;
import java.util.Arrays;
import java.util.Optional;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code <json>}: JSON lines, or whole documents with {@code multiLine}. With a schemaRef, Spark parses
 * with the declared schema: a key a record lacks is null (JSON writers, Spark's included, leave null
 * fields out, so an absent key is not a missing column), keys the schema does not declare are ignored,
 * and a value that does not convert makes the record bad. Without one, Spark infers the schema. Bad
 * records (malformed JSON, values that do not convert, nulls in NOT NULL columns) go where
 * {@code badRecords} says (see {@link BadRecords}); the rows are then read eagerly once. Without a
 * schemaRef and without malformed records the read stays lazy.
 */
public final class JsonSourceReader implements SourceReader<JsonSource> {

    @Override
    public Class<JsonSource> handles() {
        return JsonSource.class;
    }

    @Override
    public Dataset<Row> read(JsonSource source, RunContext context) {
        String path = context.resolvePath(source.path());
        SourceSupport.requireInput(source, path, context);
        Optional<TableSchema> declared = SourceSupport.declaredSchema(source, context);
        DataFrameReader reader = context.spark().read()
                .option("multiLine", Boolean.toString(source.multiLine()))
                .option("mode", "PERMISSIVE")
                .option("columnNameOfCorruptRecord", BadRecords.CORRUPT);
        Dataset<Row> data;
        if (declared.isPresent()) {
            data = reader.schema(SourceSupport.sparkSchema(declared.get()).add(BadRecords.CORRUPT, DataTypes.StringType, true)).json(path);
        } else {
            data = inferred(source, reader, path);
            if (!Arrays.asList(data.columns()).contains(BadRecords.CORRUPT)) {
                return data; // Spark adds the corrupt-record column during inference only when some record was malformed
            }
        }
        StructType dataSchema = data.drop(BadRecords.CORRUPT).schema();
        Column text = functions.to_json(functions.struct(Arrays.stream(dataSchema.fieldNames())
                .map(n -> functions.col(SourceSupport.quoted(n))).toArray(Column[]::new)));
        BadRecords badRecords = new BadRecords(source, source.badRecords(),
                BadRecords.rejectPath(source, source.rejectPath(), context), source.schemaRef());
        return badRecords.apply(data.withColumn(BadRecords.SOURCE_FILE, functions.input_file_name()),
                SourceSupport.notNullColumns(declared), text, context);
    }

    private static Dataset<Row> inferred(JsonSource source, DataFrameReader reader, String path) {
        try {
            return reader.json(path);
        } catch (Exception e) {
            if (e instanceof AnalysisException a && "UNABLE_TO_INFER_SCHEMA".equals(a.getErrorClass())) {
                throw new DatahubException(ErrorCategory.INPUT_NOT_FOUND, SourceSupport.label(source) + ": path " + path
                        + " holds no file to read");
            }
            throw e;
        }
    }
}
