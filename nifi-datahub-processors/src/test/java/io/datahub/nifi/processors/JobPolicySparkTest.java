package io.datahub.nifi.processors;

import static io.datahub.nifi.processors.JobFlowTestSupport.jobRequest;
import static io.datahub.nifi.processors.JobFlowTestSupport.jobRow;
import static io.datahub.nifi.processors.JobFlowTestSupport.pipelineRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datahub.model.history.JobRunRecord;
import io.datahub.model.history.PipelineRunRecord;
import io.datahub.model.run.ErrorCategory;
import io.datahub.model.run.RunStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.nifi.util.MockFlowFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every failure policy through the real chain: JobPipelineRunner -> SparkPipelineSubmit (spark-submit, local mode, the real
 * job jar) -> RunRecorder (PostgreSQL) -> back into JobPipelineRunner, with the tiny csv-to-csv pipelines of the test
 * config tree. The controlled failure is a missing input: Spark reports INPUT_NOT_FOUND.
 */
class JobPolicySparkTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(4);
    private static final String ROWS = "id,name\n1,Ada\n2,Bob\n";

    @TempDir
    Path temp;

    private Path data;
    private String schema;
    private JobFlowChain chain;

    @BeforeEach
    void setUp() throws Exception {
        Path config = JobFlowTestSupport.copyConfig(temp);
        data = Files.createDirectories(temp.resolve("data"));
        schema = JobFlowTestSupport.newSchema();
        chain = new JobFlowChain(JobFlowTestSupport.jobRunner(new JobPipelineRunner(), config, data, schema),
                SparkFlowTestSupport.sparkSubmit(temp.resolve("work"), SparkFlowTestSupport.smallRuns(), Map.of()),
                JobFlowTestSupport.recorder(schema), 2);
    }

    @AfterEach
    void dropSchema() {
        JobFlowTestSupport.drop(schema);
    }

    private Path layer() {
        return data.resolve("applications/demo/staging");
    }

    private void landing(String name) throws IOException {
        Path dir = Files.createDirectories(layer().resolve("landing").resolve(name));
        Files.writeString(dir.resolve("rows.csv"), ROWS);
    }

    /** The rows Spark wrote to out/&lt;name&gt; (header and data lines of its part files). */
    private List<String> output(String name) throws IOException {
        try (Stream<Path> files = Files.list(layer().resolve("out").resolve(name))) {
            List<Path> parts = files.filter(p -> p.getFileName().toString().startsWith("part-") && !p.toString().endsWith(".crc"))
                    .sorted().toList();
            List<String> lines = new java.util.ArrayList<>();
            for (Path part : parts) {
                lines.addAll(Files.readAllLines(part));
            }
            return lines;
        }
    }

    private MockFlowFile run(String jobId, String jobRunId) throws InterruptedException {
        chain.request(jobRequest(jobId, "2026-01-15", jobRunId));
        List<MockFlowFile> ended = chain.awaitEnded(1, TIMEOUT);
        assertEquals(List.of(), chain.failures);
        return ended.get(0);
    }

    private PipelineRunRecord row(String jobRunId, String pipelineId, int attempt) {
        return pipelineRows(schema, jobRunId).stream().filter(r -> r.pipelineId().equals(pipelineId) && r.attempt() == attempt)
                .findFirst().orElseThrow(() -> new AssertionError("no row of " + pipelineId + " attempt " + attempt + " in "
                        + pipelineRows(schema, jobRunId)));
    }

    private static JsonNode report(MockFlowFile end) throws IOException {
        return new ObjectMapper().readTree(end.getContent());
    }

    @Test
    void retryThenSucceedsAfterItsDelay() throws Exception {
        // The input appears after the first attempt failed, before the retry is due (retryDelay PT2S).
        chain.beforeCompletion = completion -> {
            if ("FAILED".equals(completion.getAttribute("datahub.run.status"))) {
                try {
                    landing("flaky");
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        MockFlowFile end = run("retry_job", "retry-1");

        end.assertAttributeEquals("datahub.job.status", "SUCCEEDED");
        assertEquals(List.of("copy_flaky#1", "copy_flaky#2"), chain.launched());
        long failedAt = chain.completions.get(0).atNanos();
        long retriedAt = chain.pipelines.get(1).atNanos();
        assertTrue(Duration.ofNanos(retriedAt - failedAt).compareTo(Duration.ofSeconds(2)) >= 0, "the retry waited for its delay");

        PipelineRunRecord first = row("retry-1", "copy_flaky", 1);
        assertEquals(RunStatus.FAILED, first.status());
        assertEquals(ErrorCategory.INPUT_NOT_FOUND, first.errorCategory());
        assertEquals("retry-1-copy_flaky-1", first.runId());
        PipelineRunRecord second = row("retry-1", "copy_flaky", 2);
        assertEquals(RunStatus.SUCCEEDED, second.status());
        assertEquals("retry-1-copy_flaky-2", second.runId());
        assertEquals(Map.of("csv out/flaky", 2L), second.rowsWritten());
        assertEquals(List.of("id,name", "1,Ada", "2,Bob"), output("flaky"));

        JobRunRecord job = jobRow(schema, "retry-1");
        assertEquals(RunStatus.SUCCEEDED, job.status());
        assertEquals(1, job.succeeded());
        assertEquals(0, job.failed());
        assertEquals(2, report(end).get("pipelines").get(0).get("attempts").asInt());
    }

    @Test
    void retriesExhaustedHaltTheJob() throws Exception {
        landing("a");
        MockFlowFile end = run("halt_job", "halt-1");

        end.assertAttributeEquals("datahub.job.status", "FAILED");
        end.assertAttributeEquals("datahub.job.failed.pipelines", "copy_missing");
        assertEquals(List.of("copy_missing#1", "copy_missing#2"), chain.launched(), "copy_a never runs");
        assertEquals(RunStatus.FAILED, row("halt-1", "copy_missing", 1).status());
        assertEquals(RunStatus.FAILED, row("halt-1", "copy_missing", 2).status());
        PipelineRunRecord cancelled = row("halt-1", "copy_a", 1);
        assertEquals(RunStatus.CANCELLED, cancelled.status());
        assertEquals("not run: the job run halted after a failure", cancelled.errorMessage());
        assertTrue(Files.notExists(layer().resolve("out/a")));

        JobRunRecord job = jobRow(schema, "halt-1");
        assertEquals(RunStatus.FAILED, job.status());
        assertEquals(1, job.failed());
        assertEquals(1, job.cancelled());
        String reason = job.failedPipelines().get("copy_missing");
        assertTrue(reason.startsWith("[INPUT_NOT_FOUND] "), reason);
        assertTrue(reason.contains("landing/missing"), reason);

        MockFlowFile email = chain.notifications.get(0);
        assertEquals(1, chain.notifications.size());
        email.assertAttributeEquals("datahub.notify.channel", "email");
        email.assertAttributeEquals("datahub.notify.to", "ops@example.com");
        email.assertAttributeEquals("datahub.notify.event", "failure");
        JsonNode failed = new ObjectMapper().readTree(email.getContent()).get("failedPipelines").get(0);
        assertEquals("halt-1-copy_missing-2", failed.get("runId").asText());
        assertEquals(2, failed.get("attempt").asInt());
        assertEquals(reason, failed.get("reason").asText());
    }

    @Test
    void continueToleratesTheFailureAndItsDependentRuns() throws Exception {
        landing("a");
        MockFlowFile end = run("continue_job", "continue-1");

        end.assertAttributeEquals("datahub.job.status", "SUCCEEDED");
        end.assertAttributeEquals("datahub.job.failed.pipelines", "copy_missing");
        assertEquals(List.of("copy_missing#1", "copy_a#1"), chain.launched());
        assertEquals(RunStatus.SUCCEEDED, row("continue-1", "copy_a", 1).status());
        assertEquals(List.of("id,name", "1,Ada", "2,Bob"), output("a"));
        JobRunRecord job = jobRow(schema, "continue-1");
        assertEquals(RunStatus.SUCCEEDED, job.status());
        assertEquals(1, job.succeeded());
        assertEquals(1, job.failed());
        assertEquals("continue", report(end).get("failedPipelines").get(0).get("onFailure").asText());
    }

    @Test
    void skipSkipsTheDependentWhileTheIndependentBranchRuns() throws Exception {
        landing("a");
        landing("b");
        MockFlowFile end = run("skip_job", "skip-1");

        end.assertAttributeEquals("datahub.job.status", "FAILED");
        assertEquals(List.of("copy_missing#1", "copy_a#1"), chain.launched(), "copy_b is skipped, copy_a runs beside");
        assertEquals(RunStatus.SUCCEEDED, row("skip-1", "copy_a", 1).status());
        PipelineRunRecord skipped = row("skip-1", "copy_b", 1);
        assertEquals(RunStatus.SKIPPED, skipped.status());
        assertNull(skipped.errorCategory());
        assertTrue(Files.notExists(layer().resolve("out/b")));
        assertEquals(List.of("id,name", "1,Ada", "2,Bob"), output("a"));
        JobRunRecord job = jobRow(schema, "skip-1");
        assertEquals(RunStatus.FAILED, job.status());
        assertEquals(1, job.succeeded());
        assertEquals(1, job.failed());
        assertEquals(1, job.skipped());
        assertEquals(1, report(end).get("counts").get("SKIPPED").asInt());
    }

    @Test
    void fallbackRunsInsteadAndReleasesTheDependents() throws Exception {
        landing("a");
        landing("backup");
        MockFlowFile end = run("fallback_job", "fallback-1");

        end.assertAttributeEquals("datahub.job.status", "SUCCEEDED");
        assertEquals(List.of("copy_missing#1", "copy_backup#1", "copy_a#1"), chain.launched());
        assertEquals("fallback-1-copy_backup-1", chain.pipelines.get(1).flowFile().getAttribute("datahub.run.id"));
        assertEquals(RunStatus.SUCCEEDED, row("fallback-1", "copy_backup", 1).status());
        assertEquals(List.of("id,name", "1,Ada", "2,Bob"), output("backup"));
        JsonNode failed = report(end).get("failedPipelines").get(0);
        assertEquals("copy_missing", failed.get("pipelineId").asText());
        assertEquals("copy_backup", failed.get("recoveredBy").asText());
        assertEquals(RunStatus.SUCCEEDED, jobRow(schema, "fallback-1").status());
    }
}
