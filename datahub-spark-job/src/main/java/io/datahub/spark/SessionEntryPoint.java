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

    /**
     * The same, with the request base64-encoded (UTF-8), so a statement's code carries it without any
     * quoting problem: {@code io.datahub.spark.SessionEntryPoint.runBase64("eyJydW5JZCI6...")}.
     */
    public static String runBase64(String requestBase64) {
        return run(new String(java.util.Base64.getDecoder().decode(requestBase64), java.nio.charset.StandardCharsets.UTF_8));
    }

    public static String run(String requestJson) {
        String result = new ClusterSparkPipeline().run(RunRequest.fromJson(requestJson)).toJson();
        System.out.println(io.datahub.model.run.PipelineRunResult.LOG_MARKER + result);
        return result;
    }
}
