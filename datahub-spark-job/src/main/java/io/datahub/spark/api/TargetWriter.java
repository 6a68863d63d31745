package io.datahub.spark.api;

import io.datahub.model.definition.TargetDefinition;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Writes one kind of target element, in two phases so that a failed run leaves no partial target:
 * {@link #prepare} writes the data somewhere invisible to readers (a staging folder or table) and
 * returns a {@link TargetCommit}; the engine commits every target only after all were prepared, and
 * aborts them all otherwise. Registered in {@code META-INF/services/io.datahub.spark.api.TargetWriter}.
 *
 * @param <T> the binding class of the element
 */
public interface TargetWriter<T extends TargetDefinition> {

    Class<T> handles();

    /** Writes {@code data} to a staging place; must not change what readers of the target see. */
    TargetCommit prepare(T target, Dataset<Row> data, RunContext context);
}
