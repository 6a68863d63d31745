package io.datahub.spark.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datahub.model.definition.PipelineDefinition;
import io.datahub.model.run.ErrorCategory;
import io.datahub.spark.SparkTestSupport;
import io.datahub.spark.api.DatahubException;
import io.datahub.spark.api.RunContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine with test-only elements (TestElements, registered under src/test/resources): a new element
 * runs without any change to the engine; unused sources are never read; eager sources are read once;
 * targets commit only when all were prepared.
 */
class PipelineExecutionTest {

    @TempDir
    Path data;

    /** A skeleton whose elements the test replaces with test-only ones (the XML language has no such elements). */
    private static PipelineDefinition skeleton(int sources, int targets) {
        StringBuilder xml = new StringBuilder("<pipeline id=\"p\" version=\"1.0.0\" layer=\"staging\"><sources>");
        for (int i = 0; i < sources; i++) {
            xml.append("<csv id=\"s").append(i).append("\" path=\"x\"/>");
        }
        xml.append("</sources><transformations><filter source=\"s0\" condition=\"true\"/></transformations><targets>");
        for (int i = 0; i < targets; i++) {
            xml.append("<hive table=\"t").append(i).append("\" source=\"s0\"/>");
        }
        return SparkTestSupport.pipeline(xml.append("</targets></pipeline>").toString());
    }

    private RunContext context(PipelineDefinition pipeline) {
        return new RunContext(SparkTestSupport.spark(), SparkTestSupport.request(
                "<pipeline id=\"p\" version=\"1.0.0\" layer=\"staging\"><sources><csv id=\"a\" path=\"x\"/></sources>"
                        + "<targets><hive table=\"t\"/></targets></pipeline>", data, Map.of(), Map.of(), Map.of(), Map.of()),
                pipeline, name -> null);
    }

    @BeforeEach
    void clear() {
        TestElements.EVENTS.clear();
        TestElements.COMMITTED.clear();
    }

    @Test
    void aTestOnlyElementPlugsInAndUnusedSourcesAreNeverRead() {
        PipelineDefinition pipeline = skeleton(2, 1);
        pipeline.sources().set(0, new TestElements.NamesSource("people", false));
        pipeline.sources().set(1, new TestElements.NamesSource("explode", false)); // unused: reading it would fail
        pipeline.transformations().set(0, new TestElements.Shout("people"));
        pipeline.targets().set(0, new TestElements.CollectTarget("loud", "people"));

        PipelineExecution execution = new PipelineExecution(pipeline, context(pipeline), new Elements());
        execution.run();

        assertEquals(List.of(RowFactory.create("ADA", 1), RowFactory.create("BOB", 2), RowFactory.create("CY", 3)),
                TestElements.COMMITTED.get("loud"));
        assertEquals(List.of("read people", "prepare loud", "commit loud"), TestElements.EVENTS);
        assertEquals(Map.of("people", 3L), execution.rowsRead());
        assertEquals(Map.of("loud", 3L), execution.rowsWritten());
    }

    @Test
    void anUnusedCsvSourceWhosePathDoesNotExistIsNeverOpened() {
        // The real csv reader fails with INPUT_NOT_FOUND for a missing path; unused, it is never asked.
        PipelineDefinition pipeline = SparkTestSupport.pipeline("""
                <pipeline id="p" version="1.0.0" layer="staging">
                  <sources><csv id="missing" path="no/such/folder/*.csv"/><csv id="s0" path="x"/></sources>
                  <targets><hive table="t0" source="s0"/></targets>
                </pipeline>
                """);
        pipeline.sources().set(1, new TestElements.NamesSource("people", false));
        pipeline.targets().set(0, new TestElements.CollectTarget("out", "people"));

        PipelineExecution execution = new PipelineExecution(pipeline, context(pipeline), new Elements());
        execution.run();

        assertEquals(List.of("read people", "prepare out", "commit out"), TestElements.EVENTS);
        assertEquals(Map.of("people", 3L), execution.rowsRead());
    }

    @Test
    void anEagerSourceIsReadOnceAndCountedBeforeTransformations() {
        PipelineDefinition pipeline = skeleton(1, 2);
        pipeline.sources().set(0, new TestElements.NamesSource("people", true));
        pipeline.transformations().set(0, new TestElements.Shout("people"));
        pipeline.targets().set(0, new TestElements.CollectTarget("first", "people"));
        pipeline.targets().set(1, new TestElements.CollectTarget("second", "people"));

        PipelineExecution execution = new PipelineExecution(pipeline, context(pipeline), new Elements());
        execution.run();

        assertEquals(List.of("read people", "prepare first", "prepare second", "commit first", "commit second"), TestElements.EVENTS);
        assertEquals(Map.of("people", 3L), execution.rowsRead());
        assertEquals(3L, execution.steps().get(0).rows());
    }

    @Test
    void whenATargetCannotBePreparedNoTargetIsCommitted() {
        PipelineDefinition pipeline = skeleton(1, 2);
        pipeline.sources().set(0, new TestElements.NamesSource("people", false));
        pipeline.transformations().set(0, new TestElements.Shout("people"));
        pipeline.targets().set(0, new TestElements.CollectTarget("good", "people"));
        pipeline.targets().set(1, new TestElements.CollectTarget("broken", "people"));

        PipelineExecution execution = new PipelineExecution(pipeline, context(pipeline), new Elements());
        DatahubException e = assertThrows(DatahubException.class, execution::run);

        assertEquals(ErrorCategory.TARGET_WRITE_FAILED, e.category());
        assertEquals("<collect> 'broken': disk full", e.getMessage());
        assertEquals(List.of("read people", "prepare good", "prepare broken", "abort good"), TestElements.EVENTS);
        assertEquals(Map.of(), TestElements.COMMITTED);
        assertEquals("<collect> 'broken' (line 0)", execution.currentElement());
    }

    @Test
    void aFailingSourceIsReportedWithItsCategory() {
        PipelineDefinition pipeline = skeleton(1, 1);
        pipeline.sources().set(0, new TestElements.NamesSource("explode", false));
        pipeline.transformations().set(0, new TestElements.Shout("explode"));
        pipeline.targets().set(0, new TestElements.CollectTarget("out", "explode"));
        DatahubException e = assertThrows(DatahubException.class,
                () -> new PipelineExecution(pipeline, context(pipeline), new Elements()).run());
        assertEquals(ErrorCategory.INPUT_NOT_FOUND, e.category());
        assertEquals("<names> 'explode': nothing here", e.getMessage());
    }
}
