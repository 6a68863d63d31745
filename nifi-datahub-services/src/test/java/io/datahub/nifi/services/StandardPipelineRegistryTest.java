package io.datahub.nifi.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datahub.model.run.RunRequest;
import io.datahub.model.testing.TestFiles;
import io.datahub.model.validation.ValidatedConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.NoOpProcessor;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StandardPipelineRegistryTest {

    /** The sample config tree of the repository. */
    static final Path SAMPLE_CONFIG = Path.of("..", "config").toAbsolutePath().normalize();

    @TempDir
    Path temp;

    private TestRunner runner;
    private StandardPipelineRegistry registry;

    @BeforeEach
    void setUp() throws InitializationException {
        runner = TestRunners.newTestRunner(NoOpProcessor.class);
        registry = new StandardPipelineRegistry();
        runner.addControllerService("registry", registry);
    }

    private void configure(Path config, String reloadInterval) {
        runner.setProperty(registry, StandardPipelineRegistry.CONFIG_DIRECTORY, config.toString());
        runner.setProperty(registry, StandardPipelineRegistry.DATA_ROOT, "hdfs:///data/datahub");
        runner.setProperty(registry, StandardPipelineRegistry.RELOAD_INTERVAL, reloadInterval);
    }

    @Test
    void servesTheSampleConfigAndResolvesAPipeline() {
        configure(SAMPLE_CONFIG, "30 sec");
        runner.assertValid(registry);
        runner.enableControllerService(registry);

        ValidatedConfig config = registry.config();
        assertTrue(config.isValid(), () -> "sample config has errors: " + config.errors());
        assertTrue(config.pipeline("retail", "retail_sales_load").isPresent());
        assertEquals("hdfs:///data/datahub", registry.dataRoot());

        RunRequest request = registry.resolve("retail", "retail_sales_load", "retail_sales_load-2026-01-05-abcd1234", 1, null,
                LocalDate.of(2026, 1, 5), Map.of());
        assertEquals("staging", request.layer());
        assertEquals("hdfs:///data/datahub", request.dataRoot());
        assertEquals(LocalDate.of(2026, 1, 5), request.runDate());
        assertTrue(request.pipelineXml().contains("id=\"retail_sales_load\""));
        assertTrue(request.schemas().containsKey("schemas/sales_landing.avsc"), () -> "schemas: " + request.schemas().keySet());
    }

    @Test
    void resolvingAnUnknownPipelineNamesTheKnownOnes() {
        configure(SAMPLE_CONFIG, "30 sec");
        runner.enableControllerService(registry);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> registry.resolve("retail", "nope", "nope-1", 1, null, LocalDate.of(2026, 1, 5), Map.of()));
        assertTrue(e.getMessage().contains("application 'retail' has no pipeline 'nope'"), e.getMessage());
        assertTrue(e.getMessage().contains("retail_sales_load"), e.getMessage());
    }

    @Test
    void verifyReportsTheNumberOfValidFiles() {
        configure(SAMPLE_CONFIG, "30 sec");
        List<ConfigVerificationResult> results = runner.verify(registry, Map.of());
        assertEquals(1, results.size(), results::toString);
        assertEquals(Outcome.SUCCESSFUL, results.get(0).getOutcome());
        long definitions = countDefinitionFiles(SAMPLE_CONFIG);
        assertEquals(definitions + " definition files valid in " + SAMPLE_CONFIG, results.get(0).getExplanation());
    }

    @Test
    void verifyListsEachErrorOfABrokenCopyWithFileLineAndColumn() throws IOException {
        Path config = copyOfSample();
        Path sales = config.resolve("applications/retail/staging/pipelines/retail_sales_load.xml");
        Files.writeString(sales, Files.readString(sales).replace("keys=\"sale_id\" keep=\"first\"", "keys=\"sale_id\" keep=\"latest\"")
                .replace("<hive table=\"staging.sales\"", "<hive source=\"missing_dataset\" table=\"staging.sales\""));
        configure(config, "30 sec");

        List<ConfigVerificationResult> results = runner.verify(registry, Map.of());
        assertTrue(results.stream().allMatch(r -> r.getOutcome() == Outcome.FAILED), results::toString);
        assertTrue(results.get(0).getExplanation().startsWith("2 validation errors in 1 of "), results.get(0).getExplanation());
        List<String> errors = results.stream().skip(1).map(ConfigVerificationResult::getExplanation).toList();
        assertEquals(2, errors.size(), errors::toString);
        for (String error : errors) {
            assertTrue(error.matches("\\Q" + sales + "\\E:\\d+:\\d+: .+"), error);
        }
        assertTrue(errors.stream().anyMatch(e -> e.contains("missing_dataset")), errors::toString);
        assertTrue(errors.stream().anyMatch(e -> e.contains("orderBy")), errors::toString);
    }

    @Test
    void aBrokenFileStillServesTheOtherPipelinesAndRefusesItsOwn() throws IOException {
        Path config = copyOfSample();
        Files.writeString(config.resolve("applications/retail/staging/pipelines/retail_sales_load.xml"), "<pipeline id=\"x\"");
        configure(config, "30 sec");
        runner.enableControllerService(registry);

        assertFalse(registry.config().isValid());
        assertTrue(registry.config().pipeline("retail", "retail_reference_load").isPresent());
        assertFalse(runner.getControllerServiceLogger("registry").getWarnMessages().isEmpty(), "a warning (bulletin) for the broken tree");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> registry.resolve("retail", "retail_sales_load", "r-1", 1, null, LocalDate.of(2026, 1, 5), Map.of()));
        assertTrue(e.getMessage().contains("has no pipeline 'retail_sales_load'"), e.getMessage());
    }

    @Test
    void reloadsWhenAFileChangesOnceTheIntervalHasPassed() throws IOException {
        Path config = copyOfSample();
        configure(config, "0 sec");
        runner.enableControllerService(registry);
        ValidatedConfig first = registry.config();
        assertTrue(first.isValid());
        assertSame(first, registry.config(), "nothing changed: the same validated tree");

        Path sales = config.resolve("applications/retail/staging/pipelines/retail_sales_load.xml");
        Files.writeString(sales, Files.readString(sales).replace("version=\"1.0.0\"", "version=\"1.0\""));
        Files.setLastModifiedTime(sales, FileTime.from(Instant.now().plusSeconds(5)));
        ValidatedConfig second = registry.config();
        assertFalse(second.isValid(), "the changed file was validated again");
        assertTrue(second.errors().get(0).format().startsWith(sales + ":"), second.errors().toString());

        // A new file is picked up by the file count even with an older modification time.
        Path extra = config.resolve("applications/retail/staging/pipelines/retail_sales_copy.xml");
        Files.writeString(extra, Files.readString(sales).replace("retail_sales_load", "retail_sales_copy"));
        Files.setLastModifiedTime(extra, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        assertTrue(registry.config().pipeline("retail", "retail_sales_copy").isPresent());
    }

    @Test
    void doesNotLookAtTheFilesBeforeTheIntervalHasPassed() throws IOException {
        Path config = copyOfSample();
        configure(config, "1 hour");
        runner.enableControllerService(registry);
        ValidatedConfig first = registry.config();
        Path sales = config.resolve("applications/retail/staging/pipelines/retail_sales_load.xml");
        Files.writeString(sales, "<broken");
        Files.setLastModifiedTime(sales, FileTime.from(Instant.now().plusSeconds(5)));
        assertSame(first, registry.config());
    }

    @Test
    void isInvalidWithoutAnExistingDirectory() {
        configure(temp.resolve("missing"), "30 sec");
        runner.assertNotValid(registry);
    }

    @Test
    void refusesCallsWhenDisabled() {
        configure(SAMPLE_CONFIG, "30 sec");
        runner.enableControllerService(registry);
        runner.disableControllerService(registry);
        assertThrows(IllegalStateException.class, registry::config);
    }

    private Path copyOfSample() throws IOException {
        return TestFiles.copyTree(SAMPLE_CONFIG, temp.resolve("config"));
    }

    private static long countDefinitionFiles(Path config) {
        try (Stream<Path> paths = Files.walk(config.resolve("applications"))) {
            return paths.filter(p -> p.toString().endsWith(".xml")).filter(p -> {
                String folder = p.getParent().getFileName().toString();
                return folder.equals("pipelines") || folder.equals("jobs") || folder.equals("lookups");
            }).count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
