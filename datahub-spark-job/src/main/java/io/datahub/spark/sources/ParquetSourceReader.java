package io.datahub.spark.sources;

import io.datahub.model.definition.ParquetSource;
import io.datahub.model.schema.TableSchema;
import io.datahub.spark.api.RunContext;
import io.datahub.spark.api.SourceReader;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code <parquet>}: Parquet files (a file, folder or glob), lazily. With a schemaRef the dataset is the
 * declared columns cast to their types ({@link SourceSupport#conform}); a declared column the files lack
 * is an UNKNOWN_COLUMN error.
 */
public final class ParquetSourceReader implements SourceReader<ParquetSource> {

    @Override
    public Class<ParquetSource> handles() {
        return ParquetSource.class;
    }

    @Override
    public Dataset<Row> read(ParquetSource source, RunContext context) {
        String path = context.resolvePath(source.path());
        SourceSupport.requireInput(source, path, context);
        Optional<TableSchema> declared = SourceSupport.declaredSchema(source, context);
        Dataset<Row> data = context.spark().read().option("mergeSchema", Boolean.toString(source.mergeSchema())).parquet(path);
        return declared.isPresent() ? SourceSupport.conform(data, declared.get(), source) : data;
    }
}
