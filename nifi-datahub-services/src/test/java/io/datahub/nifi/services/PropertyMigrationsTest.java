package io.datahub.nifi.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.nifi.controller.AbstractControllerService;
import org.apache.nifi.util.MockPropertyConfiguration;
import org.apache.nifi.util.PropertyMigrationResult;
import org.junit.jupiter.api.Test;

/** Services saved with a former property name load with the current one (docs/nifi-development.md: names are stable API). */
class PropertyMigrationsTest {

    @Test
    void aLauncherServiceSavedWithFinalStateGraceKeepsItsValueUnderTheCurrentName() {
        MockPropertyConfiguration config = new MockPropertyConfiguration(Map.of(
                "Spark Home", "/opt/spark",
                "Final State Grace", "5 sec",
                "spark.sql.shuffle.partitions", "8",
                "secret.crm", "pw"));

        new SparkLauncherSubmitterService().migrateProperties(config);

        PropertyMigrationResult result = config.toPropertyMigrationResult();
        assertEquals(Map.of("Final State Grace", "Final State Grace Period"), result.getPropertiesRenamed());
        assertTrue(result.getPropertiesRemoved().isEmpty());
        assertEquals(Map.of("Spark Home", "/opt/spark", "Final State Grace Period", "5 sec", "spark.sql.shuffle.partitions", "8",
                "secret.crm", "pw"), config.getRawProperties(), "dynamic properties are the user's names: untouched");
    }

    @Test
    void whenBothNamesAreSetTheCurrentOneWins() {
        MockPropertyConfiguration config = new MockPropertyConfiguration(Map.of("Final State Grace", "5 sec",
                "Final State Grace Period", "3 sec"));
        new SparkLauncherSubmitterService().migrateProperties(config);
        assertEquals(Set.of("Final State Grace"), config.toPropertyMigrationResult().getPropertiesRemoved());
        assertEquals(Map.of("Final State Grace Period", "3 sec"), config.getRawProperties());
    }

    @Test
    void servicesWithoutRenamesLeaveTheirConfigurationAsItIs() {
        Map<String, String> livy = Map.of("Livy URL", "http://livy:8998", "Job Jar", "hdfs:///datahub/job.jar", "spark.executor.cores", "2");
        for (AbstractControllerService service : new AbstractControllerService[] {new LivyBatchSubmitterService(),
                new LivySessionSubmitterService()}) {
            MockPropertyConfiguration config = new MockPropertyConfiguration(livy);
            service.migrateProperties(config);
            assertEquals(livy, config.getRawProperties());
            assertTrue(config.toPropertyMigrationResult().getPropertiesRenamed().isEmpty());
        }
        MockPropertyConfiguration registry = new MockPropertyConfiguration(Map.of("Config Directory", "/opt/datahub/config"));
        new StandardPipelineRegistry().migrateProperties(registry);
        assertEquals(Map.of("Config Directory", "/opt/datahub/config"), registry.getRawProperties());
        MockPropertyConfiguration store = new MockPropertyConfiguration(Map.of("Schema Name", "ops"));
        new JdbcRunHistoryStore().migrateProperties(store);
        assertEquals(Map.of("Schema Name", "ops"), store.getRawProperties());
    }

    @Test
    void everyRenameLeadsFromANameNoLongerUsedToACurrentOne() {
        // Entries, not a map: a service's hashCode needs the identifier it gets when initialized.
        List<Map.Entry<AbstractControllerService, Map<String, String>>> tables = List.of(
                Map.entry(new SparkLauncherSubmitterService(), new SparkLauncherSubmitterService().renamedProperties()),
                Map.entry(new LivyBatchSubmitterService(), new LivyBatchSubmitterService().renamedProperties()),
                Map.entry(new LivySessionSubmitterService(), new LivySessionSubmitterService().renamedProperties()),
                Map.entry(new StandardPipelineRegistry(), StandardPipelineRegistry.RENAMED_PROPERTIES),
                Map.entry(new JdbcRunHistoryStore(), JdbcRunHistoryStore.RENAMED_PROPERTIES));
        tables.forEach(table -> RenamedProperties.assertLeadToCurrentProperties(table.getKey(), table.getValue()));
    }
}
