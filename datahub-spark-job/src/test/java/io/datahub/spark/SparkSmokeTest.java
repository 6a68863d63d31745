package io.datahub.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class SparkSmokeTest {
    @Test
    void sparkRunsLocally() {
        SparkSession spark = SparkSession.builder().master("local[2]").appName("smoke").config("spark.ui.enabled", "false").getOrCreate();
        try {
            assertEquals(3L, spark.range(3).count());
            System.out.println("java " + System.getProperty("java.version"));
        } finally {
            spark.stop();
        }
    }
}
