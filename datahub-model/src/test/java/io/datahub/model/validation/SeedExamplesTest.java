package io.datahub.model.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The original design's two examples, verbatim (src-test-data/seed/), placed in a config tree.
 * They pass the XSD as written (no namespace); the semantic stage reports exactly where they
 * contradict themselves or the design, and why. docs/sample-applications.md shows the fixed versions.
 */
class SeedExamplesTest {

    @Test
    void seedExamplesReportTheirContradictionsExactly(@TempDir Path config) throws IOException {
        Path staging = config.resolve("applications/customer/staging");
        Files.createDirectories(staging.resolve("pipelines"));
        Files.createDirectories(staging.resolve("jobs"));
        Files.copy(Path.of("../src-test-data/seed/customer_staging_load.xml"), staging.resolve("pipelines/customer_staging_load.xml"));
        Files.copy(Path.of("../src-test-data/seed/customer_master.xml"), staging.resolve("jobs/customer_master.xml"));

        ValidatedConfig result = new ConfigValidator().validate(config);

        String p = staging.resolve("pipelines/customer_staging_load.xml").toString();
        String j = staging.resolve("jobs/customer_master.xml").toString();
        String s = staging.resolve("schemas").toString();
        assertEquals(List.of(
                j + ":1:49: version '2.0' is not a semantic version major.minor.patch (e.g. 2.0.0)",
                j + ":4:100: pipelineRef 'customer_standardization' names no pipeline of this application (pipelines: customer_staging_load)",
                j + ":5:106: pipelineRef 'customer_service_export' names no pipeline of this application (pipelines: customer_staging_load)",
                p + ":1:68: version '1.0' is not a semantic version major.minor.patch (e.g. 1.0.0)",
                p + ":8:133: schemaRef 'schemas/customer_staging.avsc' not found (looked for " + s + "/customer_staging.avsc)",
                p + ":11:140: schemaRef 'schemas/customer_db.json' not found (looked for " + s + "/customer_db.json)",
                p + ":21:74: <deduplicate keep=\"latest\"> needs orderBy (the column(s) that say which row is latest, e.g. orderBy=\"updated_at\")",
                p + ":24:88: <lookup> reference 'country_dim' is neither a dataset of this pipeline nor a lookup definition "
                        + "under applications/customer/staging/resources/lookups or common/lookups",
                p + ":25:74: <mask strategy=\"tokenize\"> needs secretRef (the name of the key secret)",
                // The aggregate replaces customer_csv with country_name, customers, sum_revenue: ingest_date is gone.
                p + ":29:137: <hive> partitionBy: column 'ingest_date' is not in dataset 'customer_csv' (columns: country_name, customers, sum_revenue)",
                p + ":29:137: schemaRef 'schemas/staging/customer_snapshot.avsc' not found (looked for " + s + "/staging/customer_snapshot.avsc)",
                p + ":31:150: <database mode=\"merge\"> needs keys (the columns that identify a row to update)",
                p + ":31:150: schemaRef 'schemas/service/crm_export.json' not found (looked for " + s + "/service/crm_export.json)"),
                result.errors().stream().map(ValidationError::format).toList());
    }

    @Test
    void sampleApplicationsAreValid() {
        ValidatedConfig result = new ConfigValidator().validate(Path.of("../config"));
        assertEquals(List.of(), result.errors().stream().map(ValidationError::format).toList());
        assertEquals(List.of("customer_service_export", "customer_staging_load", "customer_standardization"),
                List.copyOf(result.pipelines().get("customer").keySet()));
        assertEquals(List.of("customer_master"), List.copyOf(result.jobs().get("customer").keySet()));
        assertEquals(List.of("retail_daily"), List.copyOf(result.jobs().get("retail").keySet()));
    }
}
