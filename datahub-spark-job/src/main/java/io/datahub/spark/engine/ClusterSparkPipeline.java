package io.datahub.spark.engine;

import io.datahub.model.run.RunRequest;
import io.datahub.spark.api.RunContext;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;

/**
 * Runs on the session spark-submit, Livy or a Livy session created: secrets come from the redacted
 * Spark configuration keys {@code spark.datahub.secret.<name>}.
 */
public final class ClusterSparkPipeline extends SparkPipeline {

    public ClusterSparkPipeline() {
        super(new Elements());
    }

    @Override
    protected SparkSession session(RunRequest request) {
        return SparkSession.builder().appName("datahub-" + request.pipelineId()).getOrCreate();
    }

    @Override
    protected Function<String, String> secrets(SparkSession spark) {
        return name -> spark.conf().getOption(RunContext.SECRET_PREFIX + name).getOrElse(() -> null);
    }
}
