package io.datahub.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.nifi.flow.ScheduledState;
import org.apache.nifi.flow.VersionedConfigurableExtension;
import org.apache.nifi.flow.VersionedConnection;
import org.apache.nifi.flow.VersionedControllerService;
import org.apache.nifi.flow.VersionedParameter;
import org.apache.nifi.flow.VersionedProcessGroup;
import org.apache.nifi.flow.VersionedProcessor;
import org.apache.nifi.registry.flow.RegisteredFlowSnapshot;
import org.junit.jupiter.api.Test;

class FlowDefinitionGeneratorTest {

    private final FlowDefinitionGenerator generator = new FlowDefinitionGenerator();

    private RegisteredFlowSnapshot customer() {
        return generator.generate(Repo.application("customer"));
    }

    private static VersionedProcessGroup layer(final RegisteredFlowSnapshot flow, final String name) {
        return flow.getFlowContents().getProcessGroups().stream().filter(g -> g.getName().equals(name)).findFirst().orElseThrow();
    }

    private static VersionedProcessor processor(final VersionedProcessGroup group, final String name) {
        return group.getProcessors().stream().filter(p -> p.getName().equals(name)).findFirst().orElseThrow();
    }

    private static VersionedControllerService service(final RegisteredFlowSnapshot flow, final String name) {
        return flow.getFlowContents().getControllerServices().stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
    }

    private static Set<String> names(final VersionedProcessGroup group) {
        return group.getProcessors().stream().map(VersionedProcessor::getName).collect(Collectors.toSet());
    }

    private static List<VersionedConfigurableExtension> components(final VersionedProcessGroup group) {
        final List<VersionedConfigurableExtension> all = new ArrayList<>(group.getProcessors());
        all.addAll(group.getControllerServices());
        group.getProcessGroups().forEach(child -> all.addAll(components(child)));
        return all;
    }

    @Test
    void theSameConfigurationGivesTheSameDefinition() {
        assertEquals(FlowDefinitionJson.write(customer()), FlowDefinitionJson.write(customer()));
        assertEquals(customer().getFlowContents().getIdentifier(), customer().getFlowContents().getIdentifier());
    }

    @Test
    void anApplicationGroupWithItsServicesAndAGroupPerLayer() {
        final RegisteredFlowSnapshot flow = customer();
        final VersionedProcessGroup app = flow.getFlowContents();
        assertEquals("customer", app.getName());
        assertEquals("datahub-customer", app.getParameterContextName());
        assertEquals(List.of("staging", "standardization", "service"),
                app.getProcessGroups().stream().map(VersionedProcessGroup::getName).sorted((a, b) -> order(a) - order(b)).toList());
        app.getProcessGroups().forEach(group -> assertEquals("datahub-customer", group.getParameterContextName(), group.getName()));
        assertEquals(Map.of(
                        "Pipeline Registry", "io.datahub.nifi.services.StandardPipelineRegistry",
                        "Spark Submitter (Livy batch)", "io.datahub.nifi.services.LivyBatchSubmitterService",
                        "Run History Store", "io.datahub.nifi.services.JdbcRunHistoryStore",
                        "Run History Database", "org.apache.nifi.dbcp.DBCPConnectionPool"),
                app.getControllerServices().stream().collect(Collectors.toMap(VersionedControllerService::getName, VersionedControllerService::getType)));
        assertEquals("1.0", flow.getFlowEncodingVersion());
    }

    private static int order(final String layer) {
        return List.of("staging", "standardization", "service").indexOf(layer);
    }

    @Test
    void eachLayerMovesFilesLoadsDefinitionsRunsAndRecordsAndOnlyLayersWithJobsRunJobs() {
        final Set<String> everyLayer = Set.of("List landing files", "Fetch landing file", "Put into layer data", "Write to error folder",
                "List pipeline definitions", "Fetch pipeline definition", "Load pipeline", "Submit to Spark", "Record run",
                "Schedule jobs and pipelines");
        final Set<String> jobs = Set.of("Run jobs", "Completed runs of jobs", "Route notifications", "Send email", "Post webhook");
        final RegisteredFlowSnapshot flow = customer();
        final Set<String> staging = new HashSet<>(everyLayer);
        staging.addAll(jobs);
        staging.add("Keep staging schedules");
        assertEquals(staging, names(layer(flow, "staging")));
        final Set<String> standardization = new HashSet<>(everyLayer);
        standardization.add("Keep standardization schedules");
        assertEquals(standardization, names(layer(flow, "standardization")));

        // retail keeps its job in service/jobs.
        final RegisteredFlowSnapshot retail = generator.generate(Repo.application("retail"));
        assertTrue(names(layer(retail, "service")).containsAll(Set.of("Run jobs", "Post webhook")));
        assertFalse(names(layer(retail, "staging")).contains("Run jobs"));
    }

    @Test
    void onlyTheDefinitionListingIsLeftDisabledSoStartingAGroupRunsNothingByItself() {
        for (final VersionedProcessGroup group : customer().getFlowContents().getProcessGroups()) {
            for (final VersionedProcessor processor : group.getProcessors()) {
                assertEquals(processor.getName().equals("List pipeline definitions") ? ScheduledState.DISABLED : ScheduledState.ENABLED,
                        processor.getScheduledState(), group.getName() + "/" + processor.getName());
            }
        }
        customer().getFlowContents().getControllerServices()
                .forEach(service -> assertEquals(ScheduledState.DISABLED, service.getScheduledState(), service.getName()));
    }

    @Test
    void theSchedulerEmitsItsApplicationsSchedulesOnly() {
        final VersionedProcessor scheduler = processor(layer(customer(), "service"), "Schedule jobs and pipelines");
        assertEquals("customer", scheduler.getProperties().get("Applications"));
        assertEquals("#{datahub.time.zone}", scheduler.getProperties().get("Time Zone"));
        assertEquals("PRIMARY", scheduler.getExecutionNode());
    }

    @Test
    void aLayerKeepsItsOwnPipelinesAndJobsFromTheSchedules() {
        final Map<String, String> keep = processor(layer(customer(), "staging"), "Keep staging schedules").getProperties();
        assertEquals("${datahub.app:equals('customer'):and(${datahub.pipeline.id:in('customer_staging_load')})}", keep.get("pipeline"));
        assertEquals("${datahub.app:equals('customer'):and(${datahub.job.id:in('customer_master')})}", keep.get("job"));

        final Map<String, String> retailService = processor(layer(generator.generate(Repo.application("retail")), "service"), "Keep service schedules")
                .getProperties();
        assertEquals("${datahub.app:equals('retail'):and(${datahub.pipeline.id:in('retail_star_schema','retail_top_sales_per_city',"
                + "'retail_top_salesmen')})}", retailService.get("pipeline"));
    }

    @Test
    void sparkSubmitLoopsOnRunningAndRetryAndIsPenalizedNoLongerThanItPolls() {
        final VersionedProcessGroup staging = layer(customer(), "staging");
        final VersionedProcessor submit = processor(staging, "Submit to Spark");
        final Map<String, String> loops = new TreeMap<>();
        for (final VersionedConnection connection : staging.getConnections()) {
            if (connection.getSource().getId().equals(submit.getIdentifier())) {
                loops.put(String.join(",", connection.getSelectedRelationships()), connection.getDestination().getName());
            }
        }
        assertEquals(Map.of("running", "Submit to Spark", "retry", "Submit to Spark", "success,failure", "Record run"), loops);
        assertEquals("5 sec", submit.getPenaltyDuration());
        assertEquals("5 sec", submit.getProperties().get("Polling Interval"));
        // A loop is drawn beside the processor, not through it.
        staging.getConnections().stream().filter(c -> c.getSource().getId().equals(c.getDestination().getId()))
                .forEach(loop -> assertEquals(2, loop.getBends().size(), loop.getSource().getName()));
    }

    @Test
    void secretsAreSensitiveParametersWithoutValueHandedToTheSubmitter() {
        final RegisteredFlowSnapshot flow = customer();
        final Map<String, VersionedParameter> parameters = flow.getParameterContexts().get("datahub-customer").getParameters().stream()
                .collect(Collectors.toMap(VersionedParameter::getName, p -> p));
        assertEquals(Set.of("customer_hash_salt", "customer_mask_key", "customer_slack_webhook"), parameters.keySet());
        for (final String secret : List.of("customer_hash_salt", "customer_mask_key", "customer_slack_webhook")) {
            assertTrue(parameters.get(secret).isSensitive(), secret);
            assertNull(parameters.get(secret).getValue(), secret);
        }
        final VersionedControllerService submitter = service(flow, "Spark Submitter (Livy batch)");
        assertEquals("#{customer_mask_key}", submitter.getProperties().get("secret.customer_mask_key"));
        assertEquals("#{customer_hash_salt}", submitter.getProperties().get("secret.customer_hash_salt"));
        assertTrue(submitter.getPropertyDescriptors().get("secret.customer_mask_key").isSensitive());
        assertTrue(submitter.getPropertyDescriptors().get("secret.customer_mask_key").isDynamic());
        assertEquals(List.of("datahub"), flow.getParameterContexts().get("datahub-customer").getInheritedParameterContexts());

        final Map<String, VersionedParameter> platform = flow.getParameterContexts().get("datahub").getParameters().stream()
                .collect(Collectors.toMap(VersionedParameter::getName, p -> p));
        for (final String secret : List.of("datahub.history.db.password", "datahub.smtp.password")) {
            assertTrue(platform.get(secret).isSensitive(), secret);
            assertNull(platform.get(secret).getValue(), secret);
        }
        assertEquals("#{datahub.history.db.password}", service(flow, "Run History Database").getProperties().get("Password"));
    }

    @Test
    void jobNotificationsGoByChannelToPutEmailOrToPostWebhookWhichHoldsEachSecretUrlAsASensitiveProperty() {
        final VersionedProcessGroup staging = layer(customer(), "staging");
        final Map<String, String> routes = processor(staging, "Route notifications").getProperties();
        assertEquals("${datahub.notify.channel:equals('email')}", routes.get("email"));
        assertEquals("${datahub.notify.channel:equals('webhook')}", routes.get("webhook"));

        final VersionedProcessor webhook = processor(staging, "Post webhook");
        assertEquals("io.datahub.nifi.processors.PostWebhook", webhook.getType());
        assertEquals(Map.of("secret.customer_slack_webhook", "#{customer_slack_webhook}"), webhook.getProperties());
        assertTrue(webhook.getPropertyDescriptors().get("secret.customer_slack_webhook").isSensitive());
        assertTrue(webhook.getPropertyDescriptors().get("secret.customer_slack_webhook").isDynamic());
        assertEquals(Set.of("success"), webhook.getAutoTerminatedRelationships());

        final Map<String, String> out = new TreeMap<>();
        for (final VersionedConnection connection : staging.getConnections()) {
            if (connection.getSource().getName().equals("Route notifications") || connection.getSource().getName().equals("Post webhook")) {
                out.put(connection.getSource().getName() + " " + String.join(",", connection.getSelectedRelationships()),
                        connection.getDestination().getName());
            }
        }
        assertEquals(Map.of("Route notifications email", "Send email", "Route notifications webhook", "Post webhook",
                "Route notifications unmatched", "Write to error folder", "Post webhook retry", "Post webhook",
                "Post webhook failure", "Write to error folder"), out);

        // retail's job names retail_slack_webhook: its own flow holds that URL, not customer's.
        assertEquals(Map.of("secret.retail_slack_webhook", "#{retail_slack_webhook}"),
                processor(layer(generator.generate(Repo.application("retail")), "service"), "Post webhook").getProperties());
    }

    @Test
    void noEnvironmentSpecificValueIsWrittenIntoAComponent() {
        for (final String app : Repo.SAMPLE_APPS) {
            for (final VersionedConfigurableExtension component : components(generator.generate(Repo.application(app)).getFlowContents())) {
                component.getProperties().forEach((name, value) -> {
                    final String where = app + ": " + component.getName() + "." + name + " = " + value;
                    assertFalse(value.matches("(?s).*(https?://|jdbc:|/opt/|/tmp/|localhost).*"), where);
                    assertFalse(value.startsWith("/"), where);
                });
            }
        }
    }

    @Test
    void processorsSitOnAGridOneToACell() {
        for (final VersionedProcessGroup group : customer().getFlowContents().getProcessGroups()) {
            final Set<String> cells = new HashSet<>();
            for (final VersionedProcessor processor : group.getProcessors()) {
                final double x = processor.getPosition().getX();
                final double y = processor.getPosition().getY();
                assertEquals(0, x % GroupBuilder.CELL_WIDTH, processor.getName());
                assertEquals(0, y % GroupBuilder.CELL_HEIGHT, processor.getName());
                assertTrue(cells.add(x + "," + y), group.getName() + ": two processors at " + x + "," + y);
            }
        }
    }

    @Test
    void anUnknownApplicationNamesTheKnownOnes() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ApplicationConfig.of(Repo.config(), Repo.CONFIG, "billing"));
        assertEquals("unknown application 'billing': ../config/applications has customer, retail", e.getMessage());
    }
}
