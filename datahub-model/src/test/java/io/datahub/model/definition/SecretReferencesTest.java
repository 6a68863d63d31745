package io.datahub.model.definition;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretReferencesTest {

    private final DefinitionReader reader = new DefinitionReader();

    private ParsedDefinition read(final String xml) {
        final ParsedDefinition parsed = reader.read("f.xml", xml.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(), parsed.errors());
        return parsed;
    }

    @Test
    void pipelineSecretsComeFromDatabaseSourcesMasksAndDatabaseTargets() {
        final PipelineDefinition pipeline = read("""
                <pipeline id="p" version="1.0.0" layer="staging">
                  <sources>
                    <database id="crm" jdbcUrl="jdbc:postgresql://db/crm" userSecretRef="crm_user">
                      <table name="customer"/>
                    </database>
                    <csv id="file" path="landing/a.csv"/>
                  </sources>
                  <transformations>
                    <mask source="crm" columns="email" strategy="hash" secretRef="salt"/>
                    <mask source="crm" columns="ssn" strategy="redact" keepLast="4"/>
                  </transformations>
                  <targets>
                    <database source="crm" jdbcUrl="jdbc:postgresql://db/out" userSecretRef="out_user" mode="append">
                      <table name="customer_out"/>
                    </database>
                    <csv source="file" path="exports/a"/>
                  </targets>
                </pipeline>
                """).pipeline().orElseThrow();

        assertEquals(List.of("crm_user", "out_user", "salt"), List.copyOf(SecretReferences.of(pipeline)));
    }

    @Test
    void jobSecretsAreTheWebhookUrlSecretsOnly() {
        final JobPipelineDefinition job = read("""
                <jobPipeline id="j" version="1.0.0">
                  <pipelines>
                    <pipelineRef id="p"/>
                  </pipelines>
                  <notifications>
                    <email to="ops@example.com" on="failure"/>
                    <webhook url="https://hooks.example.com/public" on="success"/>
                    <webhook urlSecretRef="ops_hook" on="completion"/>
                  </notifications>
                </jobPipeline>
                """).job().orElseThrow();

        assertEquals(Set.of("ops_hook"), SecretReferences.of(job));
    }

    @Test
    void theSampleApplicationsNameTheSecretsTheirDocumentationLists() {
        // docs/sample-applications.md: customer_mask_key, customer_hash_salt, retail_hash_salt; webhooks customer_slack_webhook, retail_slack_webhook.
        final Path apps = Path.of("../config/applications");
        final PipelineDefinition staging = reader.read(apps.resolve("customer/staging/pipelines/customer_staging_load.xml")).pipeline().orElseThrow();
        final PipelineDefinition standardization = reader.read(apps.resolve("customer/standardization/pipelines/customer_standardization.xml"))
                .pipeline().orElseThrow();
        final PipelineDefinition star = reader.read(apps.resolve("retail/service/pipelines/retail_star_schema.xml")).pipeline().orElseThrow();

        assertEquals(Set.of("customer_mask_key", "customer_hash_salt"), SecretReferences.ofPipelines(List.of(staging, standardization)));
        assertEquals(Set.of("retail_hash_salt"), SecretReferences.of(star));
        assertEquals(Set.of("customer_slack_webhook"),
                SecretReferences.of(reader.read(apps.resolve("customer/staging/jobs/customer_master.xml")).job().orElseThrow()));
        assertEquals(Set.of("retail_slack_webhook"),
                SecretReferences.of(reader.read(apps.resolve("retail/service/jobs/retail_daily.xml")).job().orElseThrow()));
    }
}
