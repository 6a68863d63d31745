package io.datahub.model.schema;

/**
 * The column types a schema artifact can declare, each with its Spark SQL DDL name, so the Spark
 * job can build a {@code StructType} from DDL without this module depending on Spark.
 */
public enum ColumnType {
    STRING("string"),
    INT("int"),
    LONG("bigint"),
    FLOAT("float"),
    DOUBLE("double"),
    DECIMAL("decimal"),
    BOOLEAN("boolean"),
    DATE("date"),
    TIMESTAMP("timestamp"),
    BINARY("binary");

    /** Spark's largest decimal precision ({@code DecimalType.MAX_PRECISION}). */
    public static final int MAX_DECIMAL_PRECISION = 38;

    private final String sparkName;

    ColumnType(String sparkName) {
        this.sparkName = sparkName;
    }

    /**
     * The Spark SQL DDL type name: {@code "bigint"} for {@link #LONG}, {@code "decimal(p,s)"} for
     * {@link #DECIMAL}, and so on.
     *
     * @param precision decimal precision, required for {@link #DECIMAL}, must be null otherwise
     * @param scale     decimal scale, required for {@link #DECIMAL}, must be null otherwise
     * @throws IllegalArgumentException when precision/scale are missing or out of range for
     *                                  DECIMAL, or given for another type
     */
    public String sparkSqlType(Integer precision, Integer scale) {
        if (this != DECIMAL) {
            if (precision != null || scale != null) {
                throw new IllegalArgumentException("precision and scale apply only to DECIMAL, not " + this);
            }
            return sparkName;
        }
        String problem = decimalProblem(precision, scale);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return "decimal(" + precision + "," + scale + ")";
    }

    /** What is wrong with a decimal's precision and scale for Spark, or null when they are fine. */
    static String decimalProblem(Integer precision, Integer scale) {
        if (precision == null || scale == null) {
            return "decimal needs both precision and scale";
        }
        if (precision < 1 || precision > MAX_DECIMAL_PRECISION) {
            return "decimal precision must be between 1 and " + MAX_DECIMAL_PRECISION + ", was " + precision;
        }
        if (scale < 0 || scale > precision) {
            return "decimal scale must be between 0 and the precision (" + precision + "), was " + scale;
        }
        return null;
    }
}
