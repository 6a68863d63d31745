package io.datahub.nifi.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datahub.model.run.RunRequest;
import io.datahub.model.testing.TestFiles;
import io.datahub.nifi.services.StandardPipelineRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XmlPipelineLoaderTest {

    static final Path SAMPLE_CONFIG = Path.of("..", "config").toAbsolutePath().normalize();
    static final Path SALES_LOAD = SAMPLE_CONFIG.resolve("applications/retail/staging/pipelines/retail_sales_load.xml");

    @TempDir
    Path temp;

    private TestRunner runner;

    @BeforeEach
    void setUp() throws InitializationException {
        runner = loader(SAMPLE_CONFIG, "30 sec");
    }

    /** A loader with a registry over {@code config}. */
    static TestRunner loader(Path config, String reloadInterval) throws InitializationException {
        return loader(config, reloadInterval, "/data/datahub", "2026-01-05");
    }

    /** A loader with a registry over {@code config} whose requests carry {@code dataRoot}, for FlowFiles without a run date. */
    static TestRunner loader(Path config, String reloadInterval, String dataRoot, String runDate) throws InitializationException {
        TestRunner runner = TestRunners.newTestRunner(XmlPipelineLoader.class);
        StandardPipelineRegistry registry = new StandardPipelineRegistry();
        runner.addControllerService("registry", registry);
        runner.setProperty(registry, StandardPipelineRegistry.CONFIG_DIRECTORY, config.toString());
        runner.setProperty(registry, StandardPipelineRegistry.DATA_ROOT, dataRoot);
        runner.setProperty(registry, StandardPipelineRegistry.RELOAD_INTERVAL, reloadInterval);
        runner.enableControllerService(registry);
        runner.setProperty(XmlPipelineLoader.PIPELINE_REGISTRY, "registry");
        runner.setProperty(XmlPipelineLoader.RUN_DATE_PROPERTY, runDate);
        return runner;
    }

    static byte[] resource(String name) throws IOException {
        try (var in = XmlPipelineLoaderTest.class.getResourceAsStream("/pipelines/" + name)) {
            return in.readAllBytes();
        }
    }

    static Map<String, String> fileAttributes(Path file) {
        return Map.of("filename", file.getFileName().toString(), "absolute.path", file.getParent().toString() + "/");
    }

    private MockFlowFile single(org.apache.nifi.processor.Relationship relationship) {
        runner.assertAllFlowFilesTransferred(relationship, 1);
        return runner.getFlowFilesForRelationship(relationship).get(0);
    }

    @Test
    void loadsAPipelineOfTheRegistryNamedByAttributes() {
        runner.enqueue(new byte[0], Map.of("datahub.app", "retail", "datahub.pipeline.id", "retail_sales_load",
                "datahub.param.region", "emea"));
        runner.run();

        MockFlowFile out = single(XmlPipelineLoader.REL_VALID);
        out.assertAttributeEquals("datahub.app", "retail");
        out.assertAttributeEquals("datahub.layer", "staging");
        out.assertAttributeEquals("datahub.pipeline.id", "retail_sales_load");
        out.assertAttributeEquals("datahub.pipeline.version", "1.0.0");
        out.assertAttributeEquals("datahub.run.date", "2026-01-05");
        out.assertAttributeEquals("datahub.attempt", "1");
        out.assertAttributeEquals("datahub.sla", "PT1H");
        out.assertAttributeNotExists("datahub.schedule");
        out.assertAttributeEquals("datahub.param.region", "emea");
        out.assertAttributeEquals("datahub.definition.file", SALES_LOAD.toString());
        out.assertAttributeEquals("mime.type", "application/json");
        String runId = out.getAttribute("datahub.run.id");
        assertTrue(runId.matches("retail_sales_load-2026-01-05-[0-9a-f]{8}"), runId);

        RunRequest request = RunRequest.fromJson(out.getContent());
        assertEquals(runId, request.runId());
        assertEquals("/data/datahub", request.dataRoot());
        assertEquals(LocalDate.of(2026, 1, 5), request.runDate());
        assertTrue(request.schemas().containsKey("schemas/sales_landing.avsc"), request.schemas()::toString);
        assertTrue(runner.getLogger().getErrorMessages().isEmpty());
    }

    @Test
    void passesParametersTheRunIdDateAndAttemptFromAttributes() {
        Map<String, String> attributes = new HashMap<>();
        attributes.put("datahub.app", "customer");
        attributes.put("datahub.pipeline.id", "customer_staging_load");
        attributes.put("datahub.run.id", "customer-run-42");
        attributes.put("datahub.run.date", "2026-02-01");
        attributes.put("datahub.attempt", "2");
        attributes.put("datahub.job.run.id", "customer_master-2026-02-01-1");
        attributes.put("datahub.param.crmJdbcUrl", "jdbc:postgresql://crm/db");
        runner.enqueue(new byte[0], attributes);
        runner.run();

        MockFlowFile out = single(XmlPipelineLoader.REL_VALID);
        out.assertAttributeEquals("datahub.run.id", "customer-run-42");
        out.assertAttributeEquals("datahub.run.date", "2026-02-01");
        out.assertAttributeEquals("datahub.attempt", "2");
        out.assertAttributeEquals("datahub.schedule", "0 * * * *");
        RunRequest request = RunRequest.fromJson(out.getContent());
        assertEquals(2, request.attempt());
        assertEquals("customer_master-2026-02-01-1", request.jobRunId());
        assertEquals("jdbc:postgresql://crm/db", request.parameters().get("crmJdbcUrl"));
    }

    @Test
    void anUnknownPipelineIsInvalidAndNamesTheKnownOnes() {
        runner.enqueue(new byte[0], Map.of("datahub.app", "retail", "datahub.pipeline.id", "retail_nope"));
        runner.run();
        MockFlowFile out = single(XmlPipelineLoader.REL_INVALID);
        String errors = out.getAttribute("datahub.validation.errors");
        assertTrue(errors.startsWith("application 'retail' has no pipeline 'retail_nope' (pipelines: "), errors);
        assertTrue(errors.contains("retail_sales_load"), errors);
        assertEquals(1, runner.getLogger().getErrorMessages().size(), "one bulletin");
    }

    @Test
    void emptyContentWithoutAttributesIsInvalid() {
        runner.enqueue(new byte[0]);
        runner.run();
        MockFlowFile out = single(XmlPipelineLoader.REL_INVALID);
        assertTrue(out.getAttribute("datahub.validation.errors").contains("no content"), out.getAttribute("datahub.validation.errors"));
    }

    @Test
    void aFileOfTheRegistrysTreeIsResolvedByTheRegistry() throws IOException {
        byte[] content = Files.readAllBytes(SALES_LOAD);
        runner.enqueue(content, fileAttributes(SALES_LOAD));
        runner.run();
        MockFlowFile out = single(XmlPipelineLoader.REL_VALID);
        out.assertAttributeEquals("datahub.app", "retail");
        out.assertAttributeEquals("datahub.layer", "staging");
        RunRequest request = RunRequest.fromJson(out.getContent());
        assertEquals(new String(content, StandardCharsets.UTF_8), request.pipelineXml());
        assertTrue(request.schemas().containsKey("retail/staging_sales.avsc"), request.schemas()::toString);
    }

    @Test
    void aPipelineOutsideTheTreeRunsFromItsContentAlone() throws IOException {
        byte[] content = resource("adhoc_sales_copy.xml");
        runner.enqueue(content, Map.of("filename", "adhoc_sales_copy.xml", "datahub.app", "retail", "datahub.run.id", "adhoc-1"));
        runner.run();
        MockFlowFile out = single(XmlPipelineLoader.REL_VALID);
        out.assertAttributeEquals("datahub.pipeline.id", "adhoc_sales_copy");
        out.assertAttributeEquals("datahub.pipeline.version", "1.2.0");
        out.assertAttributeEquals("datahub.sla", "PT15M");
        out.assertAttributeEquals("datahub.schedule", "30 6 * * *");
        out.assertAttributeEquals("datahub.run.id", "adhoc-1");
        RunRequest request = RunRequest.fromJson(out.getContent());
        assertEquals(new String(content, StandardCharsets.UTF_8), request.pipelineXml());
        assertEquals("retail", request.app());
        assertEquals("staging", request.layer());
        assertEquals("emea", request.parameters().get("region"));
        assertEquals("/data/datahub", request.dataRoot());
    }

    @Test
    void malformedXmlIsInvalidWithItsPosition() throws IOException {
        runner.enqueue(resource("malformed.xml"), Map.of("filename", "malformed.xml"));
        runner.run();
        MockFlowFile out = single(XmlPipelineLoader.REL_INVALID);
        String errors = out.getAttribute("datahub.validation.errors");
        assertTrue(errors.matches("malformed\\.xml:5:\\d+: malformed XML: .+"), errors);
        out.assertContentEquals(resource("malformed.xml"));
        assertEquals(1, runner.getLogger().getErrorMessages().size());
        assertTrue(runner.getLogger().getErrorMessages().get(0).getMsg().contains(errors), "the bulletin carries the errors");
    }

    @Test
    void allFiveSemanticErrorsAreReported() throws IOException {
        runner.enqueue(resource("five_errors.xml"), Map.of("filename", "five_errors.xml", "datahub.app", "retail"));
        runner.run();
        MockFlowFile out = single(XmlPipelineLoader.REL_INVALID);
        List<String> errors = out.getAttribute("datahub.validation.errors").lines().toList();
        assertEquals(5, errors.size(), errors::toString);
        for (String error : errors) {
            assertTrue(error.matches("five_errors\\.xml:\\d+:\\d+: .+"), error);
        }
        assertTrue(errors.get(0).startsWith("five_errors.xml:3:"), errors.get(0));
        assertTrue(errors.get(0).contains("version '2' is not a semantic version"), errors.get(0));
        assertTrue(errors.get(1).contains("sla 'soon' is not an ISO-8601 duration"), errors.get(1));
        assertTrue(errors.get(2).contains("needs orderBy"), errors.get(2));
        assertTrue(errors.get(3).contains("dataset 'sale'"), errors.get(3));
        assertTrue(errors.get(4).contains("needs keys"), errors.get(4));
    }

    @Test
    void withoutAnApplicationAFileOutsideTheTreeIsInvalid() throws IOException {
        runner.enqueue(resource("adhoc_sales_copy.xml"), Map.of("filename", "adhoc_sales_copy.xml"));
        runner.run();
        MockFlowFile out = single(XmlPipelineLoader.REL_INVALID);
        assertTrue(out.getAttribute("datahub.validation.errors").contains("cannot tell the application"),
                out.getAttribute("datahub.validation.errors"));
    }

    @Test
    void aJobDefinitionIsNotAPipeline() throws IOException {
        runner.enqueue(resource("job.xml"), Map.of("filename", "job.xml", "datahub.app", "retail"));
        runner.run();
        MockFlowFile out = single(XmlPipelineLoader.REL_INVALID);
        assertTrue(out.getAttribute("datahub.validation.errors").contains("JobPipelineRunner"), out.getAttribute("datahub.validation.errors"));
    }

    @Test
    void anotherDefinitionOfAKnownPipelineIdIsInvalid() throws IOException {
        String changed = Files.readString(SALES_LOAD).replace("<sla>PT1H</sla>", "<sla>PT3H</sla>");
        runner.enqueue(changed, Map.of("filename", "retail_sales_load.xml", "datahub.app", "retail"));
        runner.run();
        MockFlowFile out = single(XmlPipelineLoader.REL_INVALID);
        assertTrue(out.getAttribute("datahub.validation.errors").contains("pipeline id 'retail_sales_load' is already defined in"
                + " application 'retail' by " + SALES_LOAD), out.getAttribute("datahub.validation.errors"));
    }

    @Test
    void aBadRunDateIsInvalid() {
        runner.enqueue(new byte[0], Map.of("datahub.app", "retail", "datahub.pipeline.id", "retail_sales_load", "datahub.run.date", "05/01/2026"));
        runner.run();
        MockFlowFile out = single(XmlPipelineLoader.REL_INVALID);
        assertEquals("attribute datahub.run.date = '05/01/2026' is not a date (yyyy-MM-dd)", out.getAttribute("datahub.validation.errors"));
    }

    @Test
    void runDatePropertySupportsExpressionLanguageAndDefaultsToToday() {
        runner.setProperty(XmlPipelineLoader.RUN_DATE_PROPERTY, "${business.date}");
        runner.enqueue(new byte[0], Map.of("datahub.app", "retail", "datahub.pipeline.id", "retail_sales_load", "business.date", "2026-03-31"));
        runner.removeProperty(XmlPipelineLoader.RUN_DATE_PROPERTY.getName());
        runner.run();
        single(XmlPipelineLoader.REL_VALID).assertAttributeEquals("datahub.run.date", LocalDate.now().toString());

        runner.clearTransferState();
        runner.setProperty(XmlPipelineLoader.RUN_DATE_PROPERTY, "${business.date}");
        runner.enqueue(new byte[0], Map.of("datahub.app", "retail", "datahub.pipeline.id", "retail_sales_load", "business.date", "2026-03-31"));
        runner.run();
        single(XmlPipelineLoader.REL_VALID).assertAttributeEquals("datahub.run.date", "2026-03-31");

        runner.setProperty(XmlPipelineLoader.RUN_DATE_PROPERTY, "yesterday");
        runner.assertNotValid();
    }

    @Test
    void aFlowFileOlderThanItsTreeFileIsInvalid() throws Exception {
        Path config = copyOfSample();
        TestRunner loader = loader(config, "30 sec");
        Path sales = config.resolve("applications/retail/staging/pipelines/retail_sales_load.xml");
        byte[] fetched = Files.readAllBytes(sales);
        Files.writeString(sales, Files.readString(sales).replace("<sla>PT1H</sla>", "<sla>PT3H</sla>"));

        loader.enqueue(fetched, fileAttributes(sales));
        loader.run();
        loader.assertAllFlowFilesTransferred(XmlPipelineLoader.REL_INVALID, 1);
        String errors = loader.getFlowFilesForRelationship(XmlPipelineLoader.REL_INVALID).get(0).getAttribute("datahub.validation.errors");
        assertEquals(sales + ":0:0: the file changed after this FlowFile read it; its current version is loaded when it is listed"
                + " and fetched again", errors);
    }

    @Test
    void verifyReportsTheValidTreeTheRunDateAndTheNamedPipeline() {
        List<ConfigVerificationResult> results = runner.verify(Map.of("datahub.app", "retail", "datahub.pipeline.id", "retail_reference_load"));
        assertEquals(List.of(
                "Validate definitions SUCCESSFUL " + countDefinitionFiles(SAMPLE_CONFIG) + " definition files valid in " + SAMPLE_CONFIG,
                "Run Date SUCCESSFUL FlowFiles without datahub.run.date run for 2026-01-05",
                "Resolve Pipeline SUCCESSFUL pipeline 'retail_reference_load' of application 'retail' (layer staging, " + SAMPLE_CONFIG
                        + "/applications/retail/staging/pipelines/retail_reference_load.xml) resolves to a run request for 2026-01-05"
                        + " with data root /data/datahub"), describe(results));
        assertTrue(runner.getLogger().getWarnMessages().isEmpty());
    }

    @Test
    void verifyListsEveryErrorOfTheTreeAndRefusesAPipelineWithErrors() throws Exception {
        Path config = copyOfSample();
        Path sales = config.resolve("applications/retail/staging/pipelines/retail_sales_load.xml");
        // Line 15: <deduplicate .../> ends at column 70 once keep="first" reads keep="latest".
        Files.writeString(sales, Files.readString(sales).replace("keep=\"first\"", "keep=\"latest\""));
        TestRunner loader = loader(config, "30 sec");
        loader.setProperty(XmlPipelineLoader.RUN_DATE_PROPERTY, "${business.date}");

        List<ConfigVerificationResult> results = loader.verify(Map.of("datahub.app", "retail", "datahub.pipeline.id", "retail_sales_load",
                "business.date", "2026-01-15"));
        String error = sales + ":15:71: <deduplicate keep=\"latest\"> needs orderBy (the column(s) that say which row is latest,"
                + " e.g. orderBy=\"updated_at\")";
        assertEquals(List.of(
                "Validate definitions FAILED 1 validation error in 1 of " + countDefinitionFiles(config) + " definition files in " + config,
                "Validate definitions FAILED " + error,
                "Run Date SUCCESSFUL FlowFiles without datahub.run.date run for 2026-01-15",
                "Resolve Pipeline FAILED " + error), describe(results));
        assertEquals(3, loader.getLogger().getWarnMessages().size(), "each failed step is logged for the verification's log");
    }

    @Test
    void verifyReportsABadRunDateAndAnUnknownPipelineAndSkipsWithoutAPipeline() {
        runner.setProperty(XmlPipelineLoader.RUN_DATE_PROPERTY, "${business.date}");
        List<ConfigVerificationResult> results = runner.verify(Map.of("datahub.app", "retail", "datahub.pipeline.id", "retail_nope",
                "business.date", "15.01.2026", "datahub.run.date", "2026-01-15"));
        assertEquals("Run Date FAILED property Default Run Date = '15.01.2026' is not a date (yyyy-MM-dd)", describe(results).get(1));
        assertTrue(describe(results).get(2).startsWith("Resolve Pipeline FAILED application 'retail' has no pipeline 'retail_nope' (pipelines: "),
                describe(results).get(2));

        runner.removeProperty(XmlPipelineLoader.RUN_DATE_PROPERTY);
        assertEquals(List.of("Run Date SUCCESSFUL FlowFiles without datahub.run.date run for " + LocalDate.now() + " (today: Default Run Date is empty)",
                "Resolve Pipeline SKIPPED give the attributes datahub.app and datahub.pipeline.id to check that the pipeline they name loads"),
                describe(runner.verify(Map.of())).subList(1, 3));
    }

    /** Each result as "step OUTCOME explanation". */
    static List<String> describe(List<ConfigVerificationResult> results) {
        return results.stream().map(r -> r.getVerificationStepName() + " " + r.getOutcome() + " " + r.getExplanation()).toList();
    }

    private static long countDefinitionFiles(Path config) {
        try (Stream<Path> paths = Files.walk(config.resolve("applications"))) {
            return paths.filter(p -> p.toString().endsWith(".xml"))
                    .filter(p -> Set.of("pipelines", "jobs", "lookups").contains(p.getParent().getFileName().toString())).count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Path copyOfSample() throws IOException {
        return TestFiles.copyTree(SAMPLE_CONFIG, temp.resolve("config"));
    }
}
