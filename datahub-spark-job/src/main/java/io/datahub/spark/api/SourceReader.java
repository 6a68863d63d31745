package io.datahub.spark.api;

import io.datahub.model.definition.SourceDefinition;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Reads one kind of source element ({@code <csv>}, {@code <database>}, ...). Implementations are
 * registered in {@code META-INF/services/io.datahub.spark.api.SourceReader}; the engine picks the one
 * whose {@link #handles()} is the element's binding class.
 *
 * @param <S> the binding class of the element
 */
public interface SourceReader<S extends SourceDefinition> {

    Class<S> handles();

    /**
     * The source's rows, lazily where Spark allows it. Rows that do not fit a declared schema go where
     * the element's {@code badRecords} says (counted with {@link RunContext#countRejected}).
     */
    Dataset<Row> read(S source, RunContext context);
}
