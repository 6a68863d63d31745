package io.datahub.cli;

import io.datahub.model.run.RunRequest;
import io.datahub.model.run.RunStatus;
import io.datahub.spark.engine.EmbeddedSparkPipeline;
import java.nio.file.Path;
import java.util.Map;

/** Runs in this JVM on {@code local[*]} with the local Hive catalog of the data root (embedded mode). */
final class EmbeddedEngine implements RunEngine {

    static final String SUBMIT_MODE = "embedded";
    private static final String SPARK_APP_ID = "local";

    private final EmbeddedSparkPipeline spark;

    EmbeddedEngine(Path data, Map<String, String> secrets) {
        this.spark = new EmbeddedSparkPipeline(data, secrets);
    }

    @Override
    public String submitMode() {
        return SUBMIT_MODE;
    }

    @Override
    public Outcome run(RunRequest request, Progress progress) {
        progress.update(RunStatus.RUNNING, SPARK_APP_ID);
        return new Outcome(spark.run(request), SPARK_APP_ID);
    }
}
