package io.datahub.nifi.processors;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;

/**
 * The job flow of the operator guide, its connections played by hand:
 * JobPipelineRunner --pipelines--> SparkPipelineSubmit (running looped back) --success/failure--> RunRecorder --success-->
 * back into JobPipelineRunner. The runner is triggered on every step, as its timer would.
 */
final class JobFlowChain {

    /** A pipeline FlowFile the runner emitted, and when (to check retry delays). */
    record Emitted(MockFlowFile flowFile, long atNanos) {
    }

    /** A completion passed back to the runner, and when. */
    record Completed(MockFlowFile flowFile, long atNanos) {
    }

    private TestRunner jobs;
    private final TestRunner submit;
    private final TestRunner recorder;
    private final int maxInSpark;
    private final Deque<MockFlowFile> waiting = new ArrayDeque<>();
    private int inSpark;

    final List<Emitted> pipelines = new ArrayList<>();
    final List<Completed> completions = new ArrayList<>();
    final List<MockFlowFile> ended = new ArrayList<>();
    final List<MockFlowFile> notifications = new ArrayList<>();
    final List<MockFlowFile> failures = new ArrayList<>();
    /** Called with each completion before it goes back to the runner; may replace the runner ({@link #replaceJobRunner}). */
    Consumer<MockFlowFile> beforeCompletion = flowFile -> { };

    /**
     * @param maxInSpark how many pipeline runs may be in Spark at once (1 where runs share a Derby metastore)
     */
    JobFlowChain(TestRunner jobs, TestRunner submit, TestRunner recorder, int maxInSpark) {
        this.jobs = jobs;
        this.submit = submit;
        this.recorder = recorder;
        this.maxInSpark = maxInSpark;
    }

    TestRunner jobs() {
        return jobs;
    }

    /** A restart: later input goes to this runner (built over the previous one's state by the caller). */
    void replaceJobRunner(TestRunner runner) {
        this.jobs = runner;
    }

    void request(Map<String, String> attributes) {
        jobs.enqueue(new byte[0], attributes);
    }

    /** Moves the flow on until {@code count} job runs ended; polls (no fixed waits) until the deadline. */
    List<MockFlowFile> awaitEnded(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ended.size() < count) {
            boolean moved = step();
            if (System.nanoTime() > deadline) {
                fail("the job flow did not end " + count + " job run(s) within " + timeout + ": pipelines emitted "
                        + pipelines.stream().map(e -> e.flowFile().getAttribute("datahub.run.id")).toList() + ", completions "
                        + completions.stream().map(c -> c.flowFile().getAttribute("datahub.run.id") + "="
                        + c.flowFile().getAttribute("datahub.run.status")).toList() + ", failures " + failures.stream()
                        .map(f -> f.getAttribute("datahub.error.message")).toList());
            }
            if (!moved) {
                Thread.sleep(200);  // Spark is working: poll again shortly
            }
        }
        return ended;
    }

    /** One pass over the flow; true when a FlowFile moved between processors. */
    private boolean step() {
        boolean moved = false;
        jobs.run();
        pipelines.addAll(jobs.getFlowFilesForRelationship(JobPipelineRunner.REL_PIPELINES).stream()
                .map(f -> new Emitted(f, System.nanoTime())).toList());
        waiting.addAll(jobs.getFlowFilesForRelationship(JobPipelineRunner.REL_PIPELINES));
        ended.addAll(jobs.getFlowFilesForRelationship(JobPipelineRunner.REL_JOB_COMPLETED));
        ended.addAll(jobs.getFlowFilesForRelationship(JobPipelineRunner.REL_JOB_FAILED));
        notifications.addAll(jobs.getFlowFilesForRelationship(JobPipelineRunner.REL_NOTIFICATIONS));
        failures.addAll(jobs.getFlowFilesForRelationship(JobPipelineRunner.REL_FAILURE));
        jobs.clearTransferState();

        while (inSpark < maxInSpark && !waiting.isEmpty()) {
            MockFlowFile next = waiting.poll();
            submit.enqueue(next.toByteArray(), next.getAttributes());
            inSpark++;
            moved = true;
        }
        if (inSpark > 0) {
            submit.run();
            for (MockFlowFile f : submit.getFlowFilesForRelationship(SparkPipelineSubmit.REL_RUNNING)) {
                submit.enqueue(f.toByteArray(), f.getAttributes());  // the running connection, without its penalty
            }
            for (MockFlowFile f : submit.getFlowFilesForRelationship(SparkPipelineSubmit.REL_RETRY)) {
                submit.enqueue(f.toByteArray(), f.getAttributes());
            }
            List<MockFlowFile> done = new ArrayList<>(submit.getFlowFilesForRelationship(SparkPipelineSubmit.REL_SUCCESS));
            done.addAll(submit.getFlowFilesForRelationship(SparkPipelineSubmit.REL_FAILURE));
            for (MockFlowFile f : done) {
                recorder.enqueue(f.toByteArray(), f.getAttributes());
                inSpark--;
                moved = true;
            }
            submit.clearTransferState();
        }
        int recordable = recorder.getQueueSize().getObjectCount();
        if (recordable > 0) {
            recorder.run(recordable);
            if (!recorder.getFlowFilesForRelationship(RunRecorder.REL_FAILURE).isEmpty()
                    || !recorder.getFlowFilesForRelationship(RunRecorder.REL_RETRY).isEmpty()) {
                fail("RunRecorder could not record: " + recorder.getFlowFilesForRelationship(RunRecorder.REL_FAILURE).stream()
                        .map(f -> f.getAttribute("datahub.record.error")).toList());
            }
            for (MockFlowFile f : recorder.getFlowFilesForRelationship(RunRecorder.REL_SUCCESS)) {
                beforeCompletion.accept(f);
                completions.add(new Completed(f, System.nanoTime()));
                jobs.enqueue(f.toByteArray(), f.getAttributes());
            }
            recorder.clearTransferState();
        }
        return moved;
    }

    /** The pipeline FlowFiles emitted, as {@code pipelineId#attempt}, in emission order. */
    List<String> launched() {
        return pipelines.stream().map(e -> e.flowFile().getAttribute("datahub.pipeline.id") + "#" + e.flowFile().getAttribute("datahub.attempt"))
                .toList();
    }
}
