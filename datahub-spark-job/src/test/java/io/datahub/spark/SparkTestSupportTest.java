package io.datahub.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datahub.spark.api.RunContext;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkTestSupportTest {

    @Test
    void sparkRunsLocallyWithAHiveCatalogAndContextsResolvePaths(@TempDir Path data) {
        assertEquals(3L, SparkTestSupport.spark().range(3).count());
        SparkTestSupport.spark().sql("CREATE DATABASE IF NOT EXISTS smoke");
        RunContext context = SparkTestSupport.context("""
                <pipeline id="p" version="1.0.0" layer="staging">
                  <sources><csv id="a" path="in/a.csv"/></sources>
                  <targets><csv path="out/%Y/%m/%d"/></targets>
                </pipeline>
                """, data, Map.of());
        assertEquals(data.toAbsolutePath() + "/applications/test/staging/out/2026/01/15", context.resolvePath("out/%Y/%m/%d"));
        assertEquals("s3a://bucket/x", context.resolvePath("s3a://bucket/x"));
        assertEquals("/abs/2026", context.resolvePath("/abs/%Y"));
    }
}
