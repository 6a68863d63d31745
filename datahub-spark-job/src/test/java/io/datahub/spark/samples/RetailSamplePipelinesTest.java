package io.datahub.spark.samples;

import static io.datahub.spark.samples.RunResults.assertSucceeded;
import static io.datahub.spark.samples.Table.assertRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datahub.model.run.PipelineRunResult;
import io.datahub.model.testing.CsvLines;
import io.datahub.spark.SparkTestSupport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retail sample application end to end: its pipelines, in the order of job retail_daily, on the
 * sample inputs, each output compared with {@code src-test-data/expected/retail/} (computed there by an
 * independent Python script). Row counts are derived in the comments from src-test-data/README.md.
 */
class RetailSamplePipelinesTest {

    private static final List<String> JOB_ORDER = List.of("retail_sales_load", "retail_reference_load", "retail_sales_standardize",
            "retail_top_sales_per_city", "retail_top_salesmen", "retail_star_schema");

    @TempDir
    static Path data;

    private static final Map<String, PipelineRunResult> RESULTS = new LinkedHashMap<>();

    @BeforeAll
    static void runTheJob() throws IOException {
        Samples.dropHiveDatabases();
        Samples.seedFiles("retail", data);
        for (String pipeline : JOB_ORDER) {
            RESULTS.put(pipeline, Samples.run("retail", pipeline, Map.of(), data));
        }
    }

    private static SparkSession spark() {
        return SparkTestSupport.spark();
    }

    private static Path layer(String layer) {
        return data.resolve("applications").resolve("retail").resolve(layer);
    }

    @Test
    void salesLoadKeepsOneRowPerSaleId() {
        // 54 data lines, all fit the schema; T0005 x3, T0018 x2, T0040 x2 resent: 54 - 4 = 50 sale_ids.
        assertSucceeded(RESULTS.get("retail_sales_load"), Map.of("sales_landing", 54L), Map.of("hive staging.sales", 50L),
                Map.of(), Map.of("sales_landing", 0L));
        Set<String> inputIds = new TreeSet<>();
        List<List<String>> lines = CsvLines.read(Samples.TEST_DATA.resolve("retail/landing/sales/sales_20260115.csv"), false);
        lines.subList(1, lines.size()).forEach(l -> inputIds.add(l.get(0)));
        Set<String> staged = new TreeSet<>(spark().table("staging.sales").select("sale_id").as(Encoders.STRING())
                .collectAsList());
        assertEquals(inputIds, staged);
        assertEquals(50, spark().table("staging.sales").count());
    }

    @Test
    void referenceLoadCopiesBothExtracts() {
        // customers.csv: 10 rows, products.csv: 8 rows.
        assertSucceeded(RESULTS.get("retail_reference_load"), Map.of("customers", 10L, "products", 8L),
                Map.of("hive staging.customers", 10L, "hive staging.products", 8L), Map.of(), Map.of());
        assertEquals(10, spark().table("staging.customers").count());
        assertEquals(8, spark().table("staging.products").count());
    }

    @Test
    void standardizeFiltersAndQuarantines() throws IOException {
        // 50 staged sales; T0046 (no amount) and T0047 (negative) filtered: 48 validated; T0048, T0049, T0050
        // quarantined: 45 valid rows. The reference rule reads the 8 products.
        assertSucceeded(RESULTS.get("retail_sales_standardize"), Map.of("sales", 50L, "products", 8L),
                Map.of("hive standardization.sales", 45L, "csv rejects/sales/%Y/%m/%d", 3L), Map.of("sales_rejects", 3L), Map.of());
        assertRows("standardization.sales", Table.expected("retail/standardization_sales.csv"),
                Table.of(spark().table("standardization.sales")), List.of("sale_id"));
        assertRows("sales rejects", Table.expected("retail/standardization_sales_rejects.csv"),
                Table.csvFolder(layer("standardization").resolve("rejects/sales/2026/01/15"), "quantity", "unit_price", "amount"),
                List.of("sale_id", "_dq_rule"));
    }

    @Test
    void topSalesPerCity() throws IOException {
        // 15 (city, day) groups of the 45 valid sales.
        assertSucceeded(RESULTS.get("retail_top_sales_per_city"), Map.of("sales", 45L),
                Map.of("csv exports/top_sales_per_city/%Y/%m/%d", 15L, "hive service.top_sales_per_city", 15L), Map.of(), Map.of());
        Table expected = Table.expected("retail/top_sales_per_city.csv");
        List<String> keys = List.of("city", "sale_date");
        assertRows("service.top_sales_per_city", expected, Table.of(spark().table("service.top_sales_per_city")), keys);
        assertRows("top_sales_per_city export", expected, Table.csvFolder(layer("service").resolve("exports/top_sales_per_city/2026/01/15"),
                "total_sales", "sales_count", "avg_sale", "max_sale"), keys);
    }

    @Test
    void topSalesmen() throws IOException {
        // 7 salesmen, all within topN = 100.
        assertSucceeded(RESULTS.get("retail_top_salesmen"), Map.of("sales", 45L),
                Map.of("hive service.top_salesmen", 7L, "csv exports/top_salesmen/%Y/%m/%d", 7L), Map.of(), Map.of());
        Table expected = Table.expected("retail/top_salesmen.csv");
        assertRows("service.top_salesmen", expected, Table.of(spark().table("service.top_salesmen")), List.of("salesman_id"));
        assertRows("top_salesmen export", expected, Table.csvFolder(layer("service").resolve("exports/top_salesmen/2026/01/15"),
                "total_sales", "deals", "avg_deal", "distinct_cities", "sales_rank"), List.of("salesman_id"));
    }

    @Test
    void starSchema() {
        // 45 sales (eager source): 10 customers, 8 products, 3 days, 45 facts.
        assertSucceeded(RESULTS.get("retail_star_schema"), Map.of("sales", 45L),
                Map.of("hive service.dim_customer", 10L, "hive service.dim_product", 8L, "hive service.dim_date", 3L,
                        "hive service.fact_sales", 45L), Map.of(), Map.of());
        assertRows("service.dim_product", Table.expected("retail/dim_product.csv"), Table.of(spark().table("service.dim_product")),
                List.of("product_id"));
        assertRows("service.dim_date", Table.expected("retail/dim_date.csv"), Table.of(spark().table("service.dim_date")),
                List.of("date_key"));
        assertRows("service.fact_sales", Table.expected("retail/fact_sales.csv"), Table.of(spark().table("service.fact_sales")),
                List.of("sale_id"));
        Table dimCustomer = Table.of(spark().table("service.dim_customer"));
        assertRows("service.dim_customer", Table.expected("retail/dim_customer_keys.csv"), dimCustomer, List.of("customer_id"),
                "customer_email", "customer_phone");
        // The masked columns are left out of the expected file (salted hash, unspecified redaction), but no raw value may remain.
        Set<String> raw = new HashSet<>();
        for (List<String> row : Table.of(spark().table("standardization.sales").select("customer_email", "customer_phone")).rows()) {
            row.stream().filter(Objects::nonNull).forEach(raw::add);
        }
        for (List<String> row : dimCustomer.project(List.of("customer_email", "customer_phone")).rows()) {
            assertTrue(row.stream().noneMatch(raw::contains), "unmasked value in service.dim_customer: " + row);
        }
    }
}
