package io.datahub.flows.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datahub.flows.FlowDefinitionJson;
import io.datahub.flows.Repo;
import io.datahub.flows.catalog.ComponentCatalog;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.nifi.registry.flow.RegisteredFlowSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The templates, read back with NiFi's model classes, check out against their components: NiFi 2.8's standard ones as
 * recorded from its documentation, and this bundle's as its classes declare them.
 */
class FlowDefinitionCheckTest {

    static final List<String> APPS = Repo.SAMPLE_APPS;

    /** Reads a template and checks it; types missing from this build are left out and returned separately. */
    record Checked(List<String> problems, Map<String, String> missing) {
    }

    static Checked check(final RegisteredFlowSnapshot snapshot) {
        final Set<String> datahubTypes = new TreeSet<>();
        for (final String type : FlowDefinitionChecker.componentTypes(snapshot)) {
            if (type.startsWith("io.datahub.")) {
                datahubTypes.add(type);
            }
        }
        final DatahubComponentSpecs.Loaded datahub = DatahubComponentSpecs.load(datahubTypes);
        final Map<String, ComponentSpec> specs = new HashMap<>(StandardComponentSpecs.load());
        specs.putAll(datahub.specs());
        return new Checked(new FlowDefinitionChecker(specs, datahub.unloadable().keySet()).check(snapshot), datahub.unloadable());
    }

    static RegisteredFlowSnapshot template(final String app) {
        return FlowDefinitionJson.read(Repo.read(Repo.template(app)));
    }

    @ParameterizedTest
    @FieldSource("APPS")
    void everyComponentPropertyConnectionAndParameterOfTheTemplateChecksOut(final String app) {
        assertEquals(List.of(), check(template(app)).problems());
    }

    /** A Data Hub component missing from the build would be left out of the check above: none is. */
    @ParameterizedTest
    @FieldSource("APPS")
    void everyDataHubComponentTheTemplateUsesIsInThisBuild(final String app) {
        assertEquals(Map.of(), check(template(app)).missing(), "components the flow wires that this build does not have");
        assertEquals(Set.of("io.datahub.nifi.processors.JobPipelineRunner", "io.datahub.nifi.processors.PipelineScheduler",
                        "io.datahub.nifi.processors.PostWebhook", "io.datahub.nifi.processors.RunRecorder",
                        "io.datahub.nifi.processors.SparkPipelineSubmit", "io.datahub.nifi.processors.XmlPipelineLoader",
                        "io.datahub.nifi.services.JdbcRunHistoryStore", "io.datahub.nifi.services.LivyBatchSubmitterService",
                        "io.datahub.nifi.services.StandardPipelineRegistry"),
                FlowDefinitionChecker.componentTypes(template(app)).stream().filter(type -> type.startsWith("io.datahub.")).collect(
                        java.util.stream.Collectors.toSet()));
    }

    @Test
    void theCatalogsAttributeNamesAreTheProcessorsOwn() {
        assertEquals(io.datahub.nifi.processors.DatahubAttributes.APP, ComponentCatalog.Attributes.APP);
        assertEquals(io.datahub.nifi.processors.DatahubAttributes.PIPELINE_ID, ComponentCatalog.Attributes.PIPELINE_ID);
        assertEquals(io.datahub.nifi.processors.DatahubAttributes.JOB_RUN_ID, ComponentCatalog.Attributes.JOB_RUN_ID);
        assertEquals(io.datahub.nifi.processors.DatahubAttributes.JOB_ID, ComponentCatalog.Attributes.JOB_ID);
        assertEquals(io.datahub.nifi.processors.DatahubAttributes.NOTIFY_CHANNEL, ComponentCatalog.Attributes.NOTIFY_CHANNEL);
        assertEquals(io.datahub.nifi.processors.DatahubAttributes.NOTIFY_TO, ComponentCatalog.Attributes.NOTIFY_TO);
        assertEquals(io.datahub.nifi.processors.DatahubAttributes.NOTIFY_SUBJECT, ComponentCatalog.Attributes.NOTIFY_SUBJECT);
    }

    @Test
    void theStandardComponentsAreRecordedForNiFi280() {
        final Map<String, ComponentSpec> specs = StandardComponentSpecs.load();
        assertEquals(Set.of("org.apache.nifi.processors.standard.ListFile", "org.apache.nifi.processors.standard.FetchFile",
                "org.apache.nifi.processors.standard.PutFile", "org.apache.nifi.processors.standard.RouteOnAttribute",
                "org.apache.nifi.processors.standard.InvokeHTTP", "org.apache.nifi.processors.standard.PutEmail",
                "org.apache.nifi.dbcp.DBCPConnectionPool"), specs.keySet());
        specs.values().forEach(spec -> assertEquals("2.8.0", spec.bundle().version(), spec.type()));
        assertEquals(ComponentCatalog.Bundles.NIFI_STANDARD, specs.get("org.apache.nifi.processors.standard.ListFile").bundle());
        assertEquals(ComponentCatalog.Bundles.NIFI_DBCP, specs.get("org.apache.nifi.dbcp.DBCPConnectionPool").bundle());
    }
}
