package io.datahub.model.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datahub.model.definition.DefinitionReader;
import io.datahub.model.definition.JobPipelineDefinition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobGraphsTest {

    private static JobPipelineDefinition read(Path file) {
        return new DefinitionReader().read(file).job().orElseThrow();
    }

    @Test
    void theCustomerMasterJobBecomesThePlannersGraph() {
        JobGraph graph = JobGraphs.of(read(Path.of("../config/applications/customer/staging/jobs/customer_master.xml")));
        assertEquals(List.of(
                new JobStep("customer_staging_load", List.of(), FailurePolicy.RETRY, 2, Duration.ofMinutes(5), null),
                new JobStep("customer_standardization", List.of("customer_staging_load"), FailurePolicy.HALT, 0, Duration.ZERO, null),
                new JobStep("customer_service_export", List.of("customer_standardization"), FailurePolicy.CONTINUE, 0, Duration.ZERO, null)),
                graph.steps());
    }

    @Test
    void theRetailDailyJobStartsWithBothLoads() {
        JobGraph graph = JobGraphs.of(read(Path.of("../config/applications/retail/service/jobs/retail_daily.xml")));
        JobRun run = JobRun.start(graph, "r1", Instant.parse("2026-01-15T02:00:00Z"));
        assertEquals(List.of(new LaunchRequest("retail_sales_load", 1, null), new LaunchRequest("retail_reference_load", 1, null)),
                run.begin(Instant.parse("2026-01-15T02:00:00Z")).launches());
    }

    @Test
    void retryWithoutMaxRetriesMeansOneRetry() {
        JobPipelineDefinition job = new DefinitionReader().read("j.xml", """
                <jobPipeline id="j" version="1.0.0">
                  <pipelines><pipelineRef id="a" onFailure="retry"/></pipelines>
                </jobPipeline>
                """.getBytes(StandardCharsets.UTF_8)).job().orElseThrow();
        assertEquals(new JobStep("a", List.of(), FailurePolicy.RETRY, 1, Duration.ZERO, null), JobGraphs.of(job).steps().get(0));
    }
}
