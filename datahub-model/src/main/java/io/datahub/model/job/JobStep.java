package io.datahub.model.job;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One {@code pipelineRef} of a job pipeline. Cross-step rules (known dependencies, no cycles,
 * fallback consistency) are checked by {@link JobGraph#of}; this record only guards its own values.
 *
 * @param pipelineId the pipeline to run; also the step's id within the job
 * @param dependsOn  ids of steps that must be satisfied first
 * @param onFailure  what a failure of this step does to the job
 * @param maxRetries extra attempts under {@link FailurePolicy#RETRY} (ignored under other policies)
 * @param retryDelay wait between a failure and the next attempt under RETRY (ignored otherwise)
 * @param fallback   the pipeline to run under {@link FailurePolicy#FALLBACK}, else null
 */
public record JobStep(String pipelineId, List<String> dependsOn, FailurePolicy onFailure, int maxRetries,
                      Duration retryDelay, String fallback) {

    public JobStep {
        Objects.requireNonNull(pipelineId, "pipelineId");
        if (pipelineId.isBlank()) {
            throw new IllegalArgumentException("pipelineId is blank");
        }
        dependsOn = List.copyOf(Objects.requireNonNull(dependsOn, "dependsOn"));
        Objects.requireNonNull(onFailure, "onFailure");
        if (maxRetries < 0) {
            throw new IllegalArgumentException("pipelineRef '" + pipelineId + "': maxRetries must be >= 0, got "
                    + maxRetries);
        }
        Objects.requireNonNull(retryDelay, "retryDelay");
        if (retryDelay.isNegative()) {
            throw new IllegalArgumentException("pipelineRef '" + pipelineId + "': retryDelay must not be negative, got "
                    + retryDelay);
        }
        if (fallback != null && fallback.isBlank()) {
            throw new IllegalArgumentException("pipelineRef '" + pipelineId + "': fallback is blank");
        }
    }
}
