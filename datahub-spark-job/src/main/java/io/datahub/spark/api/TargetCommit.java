package io.datahub.spark.api;

/** The second phase of a target write: make the staged data visible, or throw it away. */
public interface TargetCommit {

    /** Makes the staged data visible according to the target's mode. Idempotent for the same run id. */
    void commit();

    /** Removes the staged data; never throws (it runs while another failure is being reported). */
    void abort();
}
