package io.datahub.model.history;

/**
 * Pipeline run attempts of one pipeline started in a window, and how long the succeeded ones took.
 *
 * @param runs      attempts started in the window, any status
 * @param succeeded of which SUCCEEDED
 * @param failed    of which FAILED
 * @param p50Ms     median duration of the succeeded attempts with a duration, in ms, or null if there are none
 * @param p95Ms     95th percentile of the same durations (linear interpolation, as SQL's percentile_cont), or null
 * @param maxMs     longest of the same durations, or null
 */
public record PipelineStatistics(String app, String pipelineId, long runs, long succeeded, long failed, Long p50Ms, Long p95Ms,
                                 Long maxMs) {
}
