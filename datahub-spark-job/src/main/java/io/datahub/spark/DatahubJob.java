package io.datahub.spark;

import io.datahub.model.run.PipelineRunResult;
import io.datahub.model.run.RunRequest;
import io.datahub.model.run.RunStatus;
import io.datahub.spark.engine.ClusterSparkPipeline;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Main class for clusters (spark-submit, Livy batches):
 * {@code DatahubJob --request <path|URI|base64:...> [--result <path|URI>]}.
 * Prints the result on one marked line of the driver's stdout, writes it as JSON to {@code --result}
 * when given, and exits non-zero when the run failed (so the cluster marks the application failed).
 * Secrets arrive as Spark configuration ({@code spark.datahub.secret.*}), never as arguments.
 */
public final class DatahubJob {

    private DatahubJob() {
    }

    public static void main(String[] args) throws IOException {
        String request = null;
        String result = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--request" -> request = args[i + 1];
                case "--result" -> result = args[i + 1];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: DatahubJob --request <path|URI|base64:...> [--result <path|URI>]");
            }
        }
        if (request == null) {
            throw new IllegalArgumentException("usage: DatahubJob --request <path|URI|base64:...> [--result <path|URI>]");
        }
        PipelineRunResult outcome = new ClusterSparkPipeline().run(RunRequest.fromJson(readRequest(request)));
        System.out.println(outcome.toLogLine());
        System.out.flush();
        if (result != null) {
            write(result, outcome.toJson());
        }
        if (outcome.status() != RunStatus.SUCCEEDED) {
            System.exit(1);
        }
    }

    static String readRequest(String where) throws IOException {
        if (where.startsWith("base64:")) {
            return new String(Base64.getDecoder().decode(where.substring("base64:".length())), StandardCharsets.UTF_8);
        }
        Path path = new Path(URI.create(where.contains(":") ? where : "file://" + new java.io.File(where).getAbsolutePath()));
        try (InputStream in = path.getFileSystem(hadoopConf()).open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void write(String where, String json) throws IOException {
        Path path = new Path(URI.create(where.contains(":") ? where : "file://" + new java.io.File(where).getAbsolutePath()));
        FileSystem fs = path.getFileSystem(hadoopConf());
        try (OutputStream out = fs.create(path, true)) {
            out.write(json.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static Configuration hadoopConf() {
        return SparkSession.getActiveSession().isDefined()
                ? SparkSession.getActiveSession().get().sparkContext().hadoopConfiguration() : new Configuration();
    }
}
