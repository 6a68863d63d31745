package io.datahub.model.job;

import java.util.Objects;

/**
 * An instruction to start one run of a pipeline.
 *
 * @param pipelineId  the pipeline to run
 * @param attempt     1-based; its completion must quote the same number
 * @param fallbackFor the failed step this run stands in for, or null for an ordinary step run
 */
public record LaunchRequest(String pipelineId, int attempt, String fallbackFor) {

    public LaunchRequest {
        Objects.requireNonNull(pipelineId, "pipelineId");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be >= 1, got " + attempt);
        }
    }
}
