package io.datahub.spark.engine;

import io.datahub.model.run.RunRequest;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;

/**
 * Runs in this JVM on {@code local[*]} with a local Hive catalog under the data root
 * ({@code <dataRoot>/_catalog}: Derby metastore and warehouse), for development and the README's first
 * command. Derby is single-writer: one embedded run at a time per data root. The session is kept for
 * the JVM's life (Spark allows one per JVM), so a job's pipelines share it.
 */
public final class EmbeddedSparkPipeline extends SparkPipeline {

    private final Path dataRoot;
    private final Map<String, String> secrets;

    public EmbeddedSparkPipeline(Path dataRoot, Map<String, String> secrets) {
        super(new Elements());
        this.dataRoot = dataRoot.toAbsolutePath();
        this.secrets = Map.copyOf(secrets);
    }

    @Override
    protected SparkSession session(RunRequest request) {
        return session(dataRoot);
    }

    /** The embedded session for a data root (created once per JVM). */
    public static synchronized SparkSession session(Path dataRoot) {
        Path catalog = dataRoot.toAbsolutePath().resolve("_catalog");
        System.setProperty("derby.system.home", catalog.toString());
        SparkSession.Builder builder = SparkSession.builder()
                .master("local[*]")
                .appName("datahub-embedded");
        localConf(dataRoot).forEach(builder::config);
        return builder.enableHiveSupport().getOrCreate();
    }

    /**
     * The Spark configuration of a local run over a data root: the local Hive catalog under
     * {@code <dataRoot>/_catalog} (warehouse and Derby metastore), UTC, small shuffles, no UI. Embedded runs use it,
     * and so do the CLI's spark-submit runs on a local master, so both see the same tables.
     */
    public static Map<String, String> localConf(Path dataRoot) {
        Path catalog = dataRoot.toAbsolutePath().resolve("_catalog");
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.ui.enabled", "false");
        conf.put("spark.sql.session.timeZone", "UTC");
        conf.put("spark.sql.shuffle.partitions", "8");
        conf.put("spark.sql.catalogImplementation", "hive");
        conf.put("spark.sql.warehouse.dir", catalog.resolve("warehouse").toString());
        conf.put("spark.hadoop.javax.jdo.option.ConnectionURL",
                "jdbc:derby:;databaseName=" + catalog.resolve("metastore_db") + ";create=true");
        return conf;
    }

    @Override
    protected Function<String, String> secrets(SparkSession spark) {
        return secrets::get;
    }
}
