package io.datahub.spark;

import io.datahub.model.definition.DefinitionReader;
import io.datahub.model.definition.ParsedDefinition;
import io.datahub.model.definition.PipelineDefinition;
import io.datahub.model.definition.TargetDefinition;
import io.datahub.model.run.RunRequest;
import io.datahub.model.schema.TableSchema;
import io.datahub.spark.api.RunContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * One local Spark session for the whole test JVM (Spark allows one SparkContext per JVM), with a
 * Derby-backed Hive catalog under target/, and a way to build a {@link RunContext} for a pipeline.
 */
public final class SparkTestSupport {

    private static SparkSession spark;

    private SparkTestSupport() {
    }

    public static synchronized SparkSession spark() {
        if (spark == null) {
            Path base = Path.of("target", "spark-test").toAbsolutePath();
            spark = SparkSession.builder()
                    .master("local[2]")
                    .appName("datahub-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "2")
                    .config("spark.sql.session.timeZone", "UTC")
                    .config("spark.sql.warehouse.dir", base.resolve("warehouse").toString())
                    .config("spark.hadoop.javax.jdo.option.ConnectionURL",
                            "jdbc:derby:;databaseName=" + base.resolve("metastore_db") + ";create=true")
                    .config("spark.driver.extraJavaOptions", "-Dderby.system.home=" + base)
                    .enableHiveSupport()
                    .getOrCreate();
        }
        return spark;
    }

    /** Parses a pipeline that the test knows to be valid (fails the test otherwise). */
    public static PipelineDefinition pipeline(String xml) {
        ParsedDefinition parsed = new DefinitionReader().read("test.xml", xml.getBytes(StandardCharsets.UTF_8));
        if (!parsed.isValid()) {
            throw new AssertionError("test pipeline is not valid: " + parsed.errors());
        }
        return parsed.pipeline().orElseThrow();
    }

    /** A request for the pipeline with run date 2026-01-15, app "test", the pipeline's layer, and the given data root. */
    public static RunRequest request(String pipelineXml, Path dataRoot, Map<String, String> parameters,
                                     Map<String, TableSchema> schemas, Map<String, String> lookups, Map<String, TableSchema> lookupSchemas) {
        PipelineDefinition p = pipeline(pipelineXml);
        return new RunRequest("run-test-1", 1, null, "test", p.layer(), p.id(), LocalDate.of(2026, 1, 15), parameters,
                dataRoot.toAbsolutePath().toString(), pipelineXml, schemas, lookups, lookupSchemas);
    }

    /** A context for running strategies of {@code pipelineXml} directly. */
    public static RunContext context(String pipelineXml, Path dataRoot, Map<String, String> secrets) {
        RunRequest request = request(pipelineXml, dataRoot, Map.of(), Map.of(), Map.of(), Map.of());
        return new RunContext(spark(), request, pipeline(pipelineXml), secrets::get);
    }

    /** A context for the run {@code runId} of {@code pipelineXml}: target tests run a pipeline twice as two runs. */
    public static RunContext context(String pipelineXml, Path dataRoot, String runId, Map<String, String> secrets) {
        RunRequest request = request(pipelineXml, dataRoot, Map.of(), Map.of(), Map.of(), Map.of());
        return context(request.with(runId, request.runDate(), request.parameters()), secrets);
    }

    /** The first target of a test pipeline, as the strategy class under test expects it. */
    public static <T extends TargetDefinition> T firstTarget(String pipelineXml, Class<T> type) {
        return type.cast(pipeline(pipelineXml).targets().get(0));
    }

    /**
     * Runs {@code action}, which must fail, and returns the failure as the engine reports it: some
     * checks raise their error inside the Spark query, only when an action runs.
     */
    public static io.datahub.spark.api.DatahubException failure(Runnable action) {
        return failure(null, action);
    }

    /** The same, naming the sources {@code context} registered, as the engine does. */
    public static io.datahub.spark.api.DatahubException failure(RunContext context, Runnable action) {
        try {
            action.run();
        } catch (Throwable t) {
            return io.datahub.spark.engine.ErrorClassifier.classify(t, "<test>", context == null ? java.util.List.of() : context.inputs());
        }
        throw new AssertionError("expected a failure");
    }

    /** {@code <data>/applications/test/staging}: where relative paths of the test pipelines resolve. */
    public static Path layer(Path data) {
        return data.toAbsolutePath().resolve("applications/test/staging");
    }

    /** Writes a file under {@link #layer}. */
    public static Path write(Path data, String relative, String content) throws java.io.IOException {
        Path file = layer(data).resolve(relative);
        java.nio.file.Files.createDirectories(file.getParent());
        java.nio.file.Files.writeString(file, content, java.nio.charset.StandardCharsets.UTF_8);
        return file;
    }

    /** A context for a pipeline whose only source is {@code sourceElement}, with these schemas. */
    public static RunContext sourceContext(String sourceElement, Path data, Map<String, TableSchema> schemas) {
        String xml = """
                <pipeline id="p" version="1.0.0" layer="staging">
                  <sources>
                    %s
                  </sources>
                  <targets><csv path="out"/></targets>
                </pipeline>
                """.formatted(sourceElement);
        return context(request(xml, data, Map.of(), schemas, Map.of(), Map.of()), Map.of());
    }

    public static RunContext context(RunRequest request, Map<String, String> secrets) {
        return new RunContext(spark(), request, pipeline(request.pipelineXml()), secrets::get);
    }
}
