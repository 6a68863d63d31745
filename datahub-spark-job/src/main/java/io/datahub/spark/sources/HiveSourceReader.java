package io.datahub.spark.sources;

import io.datahub.model.definition.HiveSource;
import io.datahub.model.run.ErrorCategory;
import io.datahub.model.schema.TableSchema;
import io.datahub.spark.api.DatahubException;
import io.datahub.spark.api.RunContext;
import io.datahub.spark.api.SourceReader;
import java.util.Optional;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code <hive>}: a table of the session's catalog, lazily, with {@code where} (parameters substituted)
 * applied as a filter before anything else, so a partition predicate prunes partitions. With a schemaRef
 * the dataset is then the declared columns cast to their types ({@link SourceSupport#conform}); the
 * {@code where} may use columns the schema does not declare (typically the partition column).
 */
public final class HiveSourceReader implements SourceReader<HiveSource> {

    @Override
    public Class<HiveSource> handles() {
        return HiveSource.class;
    }

    @Override
    public Dataset<Row> read(HiveSource source, RunContext context) {
        String table = source.table();
        if (!context.spark().catalog().tableExists(table)) {
            throw new DatahubException(ErrorCategory.INPUT_NOT_FOUND, SourceSupport.label(source) + ": table " + table + " does not exist");
        }
        Dataset<Row> data = context.spark().table(table);
        if (source.where() != null) {
            String where = context.substitute(source.where());
            try {
                data = data.filter(where);
            } catch (Exception e) {
                if (!(e instanceof AnalysisException a)) {
                    throw e;
                }
                // Spark analyses eagerly: an unknown column or bad syntax shows up here, before any data is read
                if (String.valueOf(a.getErrorClass()).startsWith("UNRESOLVED_COLUMN")) {
                    throw new DatahubException(ErrorCategory.UNKNOWN_COLUMN, SourceSupport.label(source) + ": where '" + where
                            + "': column " + a.getMessageParameters().get("objectName") + " does not exist (columns: "
                            + String.join(", ", data.columns()) + ")", e);
                }
                throw new DatahubException(ErrorCategory.CONFIGURATION, SourceSupport.label(source) + ": where '" + where + "': "
                        + SourceSupport.firstLine(e), e);
            }
        }
        Optional<TableSchema> declared = SourceSupport.declaredSchema(source, context);
        return declared.isPresent() ? SourceSupport.conform(data, declared.get(), source) : data;
    }
}
