package io.datahub.spark.api;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What a transformation produced: its output dataset and, for {@code <validate>} with
 * {@code quarantineOutput}, the quarantined rows.
 *
 * @param output     the dataset written under the element's output name
 * @param quarantine rows rejected by quarantine rules (with a {@code _dq_rule} column), or null
 */
public record StepOutput(Dataset<Row> output, Dataset<Row> quarantine) {

    public static StepOutput of(Dataset<Row> output) {
        return new StepOutput(output, null);
    }
}
