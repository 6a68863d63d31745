package io.datahub.nifi.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datahub.nifi.services.RenamedProperties;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.nifi.processor.AbstractProcessor;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.PropertyMigrationResult;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.Test;

/** Flows saved with a former property name load with the current one (docs/nifi-development.md: names are stable API). */
class PropertyMigrationTest {

    @Test
    void aLoaderSavedWithRunDateRunsWithItAsDefaultRunDate() throws Exception {
        TestRunner runner = XmlPipelineLoaderTest.loader(XmlPipelineLoaderTest.SAMPLE_CONFIG, "30 sec");
        runner.removeProperty(XmlPipelineLoader.RUN_DATE_PROPERTY);
        runner.setProperty("Run Date", "${business.date}");  // as a flow saved before the rename holds it

        PropertyMigrationResult result = runner.migrateProperties();

        assertEquals(Map.of("Run Date", "Default Run Date"), result.getPropertiesRenamed());
        assertTrue(result.getPropertiesRemoved().isEmpty());
        Map<String, String> properties = runner.getProcessContext().getAllProperties();
        assertEquals("${business.date}", properties.get("Default Run Date"));
        assertFalse(properties.containsKey("Run Date"));
        runner.assertValid();
        runner.enqueue(new byte[0], Map.of("datahub.app", "retail", "datahub.pipeline.id", "retail_sales_load", "business.date", "2026-03-31"));
        runner.run();
        runner.assertAllFlowFilesTransferred(XmlPipelineLoader.REL_VALID, 1);
        MockFlowFile out = runner.getFlowFilesForRelationship(XmlPipelineLoader.REL_VALID).get(0);
        out.assertAttributeEquals("datahub.run.date", "2026-03-31");
    }

    @Test
    void aSubmitterSavedWithPollIntervalKeepsItsValueAsPollingInterval() {
        TestRunner runner = TestRunners.newTestRunner(SparkPipelineSubmit.class);
        runner.setProperty("Poll Interval", "1 min");
        runner.setProperty(SparkPipelineSubmit.RUN_TIMEOUT, "3 hours");

        PropertyMigrationResult result = runner.migrateProperties();

        assertEquals(Map.of("Poll Interval", "Polling Interval"), result.getPropertiesRenamed());
        assertEquals("1 min", runner.getProcessContext().getProperty(SparkPipelineSubmit.POLL_INTERVAL).getValue());
        assertEquals("3 hours", runner.getProcessContext().getProperty(SparkPipelineSubmit.RUN_TIMEOUT).getValue(), "others untouched");
    }

    @Test
    void whenBothNamesAreSetTheCurrentOneWinsAndTheFormerIsRemoved() {
        TestRunner runner = TestRunners.newTestRunner(SparkPipelineSubmit.class);
        runner.setProperty("Poll Interval", "1 min");
        runner.setProperty(SparkPipelineSubmit.POLL_INTERVAL, "30 sec");

        PropertyMigrationResult result = runner.migrateProperties();

        assertTrue(result.getPropertiesRenamed().isEmpty(), result.getPropertiesRenamed()::toString);
        assertEquals(Set.of("Poll Interval"), result.getPropertiesRemoved());
        assertEquals("30 sec", runner.getProcessContext().getProperty(SparkPipelineSubmit.POLL_INTERVAL).getValue());
    }

    @Test
    void aCurrentFlowIsLeftAsItIs() throws Exception {
        TestRunner runner = XmlPipelineLoaderTest.loader(XmlPipelineLoaderTest.SAMPLE_CONFIG, "30 sec");
        PropertyMigrationResult result = runner.migrateProperties();
        assertTrue(result.getPropertiesRenamed().isEmpty());
        assertTrue(result.getPropertiesRemoved().isEmpty());
        assertEquals("2026-01-05", runner.getProcessContext().getAllProperties().get("Default Run Date"));
    }

    @Test
    void everyRenameLeadsFromANameNoLongerUsedToACurrentOne() {
        List<Map.Entry<AbstractProcessor, Map<String, String>>> tables = List.of(
                Map.entry(new XmlPipelineLoader(), XmlPipelineLoader.RENAMED_PROPERTIES),
                Map.entry(new SparkPipelineSubmit(), SparkPipelineSubmit.RENAMED_PROPERTIES),
                Map.entry(new RunRecorder(), RunRecorder.RENAMED_PROPERTIES),
                Map.entry(new JobPipelineRunner(), JobPipelineRunner.RENAMED_PROPERTIES),
                Map.entry(new PostWebhook(), PostWebhook.RENAMED_PROPERTIES));
        tables.forEach(table -> RenamedProperties.assertLeadToCurrentProperties(table.getKey(), table.getValue()));
        assertEquals(List.of(), List.copyOf(RunRecorder.RENAMED_PROPERTIES.keySet()), "RunRecorder: none renamed yet");
    }
}
