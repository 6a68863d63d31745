package io.datahub.spark.samples;

import static io.datahub.spark.samples.RunResults.assertSucceeded;
import static io.datahub.spark.samples.Table.assertRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datahub.model.run.PipelineRunResult;
import io.datahub.spark.SparkTestSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The customer sample application end to end on its embedded defaults (H2 files for the CRM and the
 * service database): staging load, standardization, service export, each output compared with
 * {@code src-test-data/expected/customer/}. Columns whose values depend on a secret are left out as the
 * README there says, but checked to hold no raw value.
 */
class CustomerSamplePipelinesTest {

    /** The columns of the service export (customer_service_export's select), email (hashed) excepted. */
    static final List<String> SERVICE_COLUMNS = List.of("customer_id", "full_name", "country_code", "country_name", "status", "revenue",
            "updated_at");

    @TempDir
    static Path data;

    private static final Map<String, PipelineRunResult> RESULTS = new LinkedHashMap<>();

    @BeforeAll
    static void runThePipelines() throws IOException, SQLException {
        Samples.dropHiveDatabases();
        Samples.seedFiles("customer", data);
        Samples.seedH2Crm(data);
        for (String pipeline : List.of("customer_staging_load", "customer_standardization", "customer_service_export")) {
            RESULTS.put(pipeline, Samples.run("customer", pipeline, Map.of(), data));
        }
    }

    private static Path layer(String layer) {
        return data.resolve("applications").resolve("customer").resolve(layer);
    }

    private static Connection h2(String name) throws SQLException {
        return DriverManager.getConnection("jdbc:h2:file:" + data.resolve("db").resolve(name) + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
    }

    /** The counts of customer_staging_load on the sample data, whatever the CRM database. */
    static void assertStagingLoadCounts(PipelineRunResult result) {
        // 22 lines, C-1011 rejected: 21 read; the CRM has 4 rows updated on or after the run date (1001, 1010, 1015, 1020).
        // 15 distinct customer_ids (null included) after the dedupe; 9 country groups (one null);
        // 14 rows with a customer_id for the CRM merge.
        assertSucceeded(result, Map.of("customer_csv", 21L, "customer_db", 4L),
                Map.of("hive staging.customer_snapshot", 15L, "csv exports/customer_by_country/%Y/%m/%d", 9L, "crm_service", 14L),
                Map.of(), Map.of("customer_csv", 1L));
    }

    /** The counts of customer_standardization: 15 snapshot rows, Karen (no id) filtered, 1002/1006/1008/1010 quarantined. */
    static void assertStandardizationCounts(PipelineRunResult result) {
        assertSucceeded(result, Map.of("customer_snapshot", 15L),
                Map.of("hive standardization.customer", 10L, "csv rejects/customer/%Y/%m/%d", 4L), Map.of("customer_rejects", 4L), Map.of());
    }

    static void assertServiceExportCounts(PipelineRunResult result) {
        assertSucceeded(result, Map.of("customer", 10L), Map.of("csv exports/customer/%Y/%m/%d", 10L, "customer_service_db", 10L),
                Map.of(), Map.of());
    }

    /** crm_customer_snapshot: the snapshot's rows that have a customer_id, ssn and email tokenized. */
    static void assertCrmSnapshot(Table actual) {
        Table expected = Table.expected("customer/staging_customer_snapshot.csv");
        List<String> compared = expected.columns().stream().filter(c -> !c.equals("ssn") && !c.equals("email")).toList();
        assertRows("crm_customer_snapshot", expected.withoutNull("customer_id").project(compared), actual, List.of("customer_id"),
                "ssn", "email");
        assertMasked(expected.withoutNull("customer_id"), actual, List.of("ssn", "email"));
    }

    /** customer_service_snapshot and the service export: standardization.customer's export columns. */
    static void assertServiceRows(String what, Table actual) {
        assertRows(what, Table.expected("customer/standardization_customer.csv").project(SERVICE_COLUMNS), actual,
                List.of("customer_id"), "email");
    }

    /** A masked column is null exactly where the raw value is, and never equal to it (rows matched by customer_id; the row sets are compared elsewhere). */
    static void assertMasked(Table raw, Table masked, List<String> columns) {
        Map<String, List<String>> rawById = new LinkedHashMap<>();
        Table rawProjected = raw.project(prepend("customer_id", columns));
        rawProjected.rows().forEach(r -> rawById.put(r.get(0), r));
        Table maskedProjected = masked.project(prepend("customer_id", columns));
        for (List<String> row : maskedProjected.rows()) {
            List<String> original = rawById.get(row.get(0));
            for (int i = 1; i < row.size(); i++) {
                String what = columns.get(i - 1) + " of " + row.get(0);
                if (original.get(i) == null) {
                    assertNull(row.get(i), what);
                } else {
                    assertTrue(row.get(i) != null && !row.get(i).isEmpty(), what);
                    assertNotEquals(original.get(i), row.get(i), what);
                }
            }
        }
    }

    private static List<String> prepend(String first, List<String> rest) {
        return Stream.concat(Stream.of(first), rest.stream()).toList();
    }

    @Test
    void stagingLoad() throws IOException, SQLException {
        assertStagingLoadCounts(RESULTS.get("customer_staging_load"));
        Table snapshot = Table.of(SparkTestSupport.spark().table("staging.customer_snapshot"));
        assertRows("staging.customer_snapshot", Table.expected("customer/staging_customer_snapshot.csv"), snapshot, List.of("customer_id"));
        Table dedupe = Table.expected("customer/staging_customer_dedupe.csv");
        Table snapshotDedupeColumns = snapshot.project(dedupe.columns());
        assertRows("staging.customer_snapshot (deduplicated input columns)", dedupe, snapshotDedupeColumns, List.of("customer_id"));
        assertRows("customer_by_country export", Table.expected("customer/staging_customer_by_country.csv"),
                Table.csvFolder(layer("staging").resolve("exports/customer_by_country/2026/01/15"), "customers", "sum_revenue"),
                List.of("country_name"));
        try (Connection crm = h2("crm")) {
            assertCrmSnapshot(Table.jdbc(crm, "SELECT * FROM crm_customer_snapshot"));
        }
    }

    @Test
    void stagingLoadRejectsTheLineWithANonNumericId() throws IOException {
        String line = Files.readAllLines(data.resolve("applications/customer/staging/landing/customer/customers_20260115.csv")).stream()
                .filter(l -> l.startsWith("C-1011,")).findFirst().orElseThrow();
        Table rejects = Table.csvFolder(layer("staging").resolve("rejects/customer_csv"));
        assertEquals(List.of("_corrupt_record", "_source_file"), rejects.columns());
        assertEquals(1, rejects.rows().size());
        assertEquals(line, rejects.rows().get(0).get(0));
        assertTrue(rejects.rows().get(0).get(1).endsWith("/landing/customer/customers_20260115.csv"), rejects.rows().get(0).get(1));
    }

    @Test
    void standardization() throws IOException {
        assertStandardizationCounts(RESULTS.get("customer_standardization"));
        assertEquals(List.of(), RESULTS.get("customer_standardization").warnings(), "no negative revenue: the warn rule finds nothing");
        Table customer = Table.of(SparkTestSupport.spark().table("standardization.customer"));
        assertRows("standardization.customer", Table.expected("customer/standardization_customer.csv"), customer, List.of("customer_id"),
                "email", "ssn");
        Table rejects = Table.csvFolder(layer("standardization").resolve("rejects/customer/2026/01/15"), "customer_id", "revenue");
        assertRows("customer rejects", Table.expected("customer/standardization_customer_rejects.csv"), rejects,
                List.of("customer_id", "_dq_rule"), "ssn");
        // ssn redacted with keepLast=4: the last four characters stay, the rest does not.
        Table raw = Table.expected("customer/staging_customer_snapshot.csv").withoutNull("customer_id");
        assertMasked(raw, customer.project(List.of("customer_id", "ssn", "email")).withoutNull("customer_id"), List.of("ssn"));
        Map<String, String> rawSsn = new LinkedHashMap<>();
        raw.project(List.of("customer_id", "ssn")).rows().forEach(r -> rawSsn.put(r.get(0), r.get(1)));
        for (Table t : List.of(customer, rejects)) {
            for (List<String> r : t.project(List.of("customer_id", "ssn")).rows()) {
                String original = rawSsn.get(r.get(0));
                if (original != null) {
                    assertTrue(r.get(1).endsWith(original.substring(original.length() - 4)), r.toString());
                }
            }
        }
    }

    @Test
    void serviceExport() throws IOException, SQLException {
        assertServiceExportCounts(RESULTS.get("customer_service_export"));
        assertServiceRows("customer export", Table.csvFolder(layer("service").resolve("exports/customer/2026/01/15"), "customer_id", "revenue"));
        try (Connection service = h2("service")) {
            assertServiceRows("customer_service_snapshot", Table.jdbc(service, "SELECT * FROM customer_service_snapshot"));
        }
    }
}
