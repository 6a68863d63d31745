package io.datahub.submit;

/** How a run was handed to Spark. */
public enum SubmitMode {
    /** One Livy batch (one Spark application) per run. */
    LIVY_BATCH,
    /** A statement on a warm, shared Livy session. */
    LIVY_SESSION,
    /** spark-submit through Spark's launcher against a SPARK_HOME. */
    SPARK_LAUNCHER
}
