package io.datahub.model.job;

import io.datahub.model.definition.JobPipelineDefinition;
import io.datahub.model.definition.PipelineRef;
import java.time.Duration;
import java.util.List;

/** Builds the planner's {@link JobGraph} from a validated job definition, applying the language's defaults. */
public final class JobGraphs {

    private JobGraphs() {
    }

    /**
     * Defaults: {@code onFailure} halt; under {@code retry}, {@code maxRetries} 1 when absent;
     * {@code retryDelay} zero when absent.
     */
    public static JobGraph of(JobPipelineDefinition job) {
        List<JobStep> steps = job.pipelines().stream().map(JobGraphs::step).toList();
        return JobGraph.of(job.id(), steps);
    }

    private static JobStep step(PipelineRef ref) {
        FailurePolicy policy = FailurePolicy.fromXml(ref.onFailure());
        int maxRetries = ref.maxRetries() != null ? ref.maxRetries() : policy == FailurePolicy.RETRY ? 1 : 0;
        Duration delay = ref.retryDelay() == null ? Duration.ZERO : Duration.parse(ref.retryDelay());
        return new JobStep(ref.id(), ref.dependencies(), policy, maxRetries, delay, ref.fallback());
    }
}
