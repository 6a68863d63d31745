package io.datahub.model.run;

/**
 * Why a run failed, in categories an operator can act on and a dashboard can count.
 * Every failure carries exactly one.
 */
public enum ErrorCategory {
    /** The definition, a parameter or a run request is wrong (fix the XML or the call). */
    CONFIGURATION,
    /** A secret named by userSecretRef/secretRef has no value at run time. */
    SECRET_MISSING,
    /** An input path, table or file does not exist. */
    INPUT_NOT_FOUND,
    /** A column named by the definition does not exist in the data. */
    UNKNOWN_COLUMN,
    /** Rows do not fit the declared schema, or values do not convert to a column's type. */
    SCHEMA_MISMATCH,
    /** The database rejected a statement. */
    SQL_ERROR,
    /** A database or service could not be reached or refused the connection or the login. */
    CONNECTION_FAILED,
    /** A validate rule with action="fail" found rows breaking it. */
    DATA_QUALITY,
    /** Writing a target failed (nothing of it was committed). */
    TARGET_WRITE_FAILED,
    /** The run did not finish within its timeout and was cancelled. */
    TIMEOUT,
    /** The run could not be submitted to Spark (Livy, launcher). */
    SUBMISSION_FAILED,
    /** An operator or a halted job cancelled the run. */
    CANCELLED,
    /** Anything else: a bug or an environment problem; the message says what. */
    INTERNAL
}
