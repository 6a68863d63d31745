package io.datahub.spark;

import io.datahub.model.run.RunRequest;
import io.datahub.spark.engine.ClusterSparkPipeline;

/**
 * Entry point for warm Livy sessions: a statement calls
 * {@code io.datahub.spark.SessionEntryPoint.run(requestJson)} and reads back the result JSON (and the
 * marked line printed to the statement's output). Runs share the session's SparkContext.
 */
public final class SessionEntryPoint {

    private SessionEntryPoint() {
    }

    public static String run(String requestJson) {
        String result = new ClusterSparkPipeline().run(RunRequest.fromJson(requestJson)).toJson();
        System.out.println(io.datahub.model.run.PipelineRunResult.LOG_MARKER + result);
        return result;
    }
}
