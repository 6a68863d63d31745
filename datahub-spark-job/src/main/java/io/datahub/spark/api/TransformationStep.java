package io.datahub.spark.api;

import io.datahub.model.definition.Transformation;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Applies one kind of transformation element. Registered in
 * {@code META-INF/services/io.datahub.spark.api.TransformationStep}.
 *
 * @param <T> the binding class of the element
 */
public interface TransformationStep<T extends Transformation> {

    Class<T> handles();

    /**
     * @param inputs the datasets the element reads, in the order of
     *               {@link io.datahub.model.plan.DatasetGraph#readsOf}: its inputs ({@code source}; {@code left, right};
     *               the {@code sources} of a merge), then a lookup reference that is a pipeline dataset, then the
     *               datasets of {@code <reference>} rules
     */
    StepOutput apply(T step, List<Dataset<Row>> inputs, RunContext context);
}
