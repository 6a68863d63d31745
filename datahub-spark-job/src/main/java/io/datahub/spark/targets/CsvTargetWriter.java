package io.datahub.spark.targets;

import io.datahub.model.definition.CsvTarget;
import io.datahub.model.run.ErrorCategory;
import io.datahub.spark.api.DatahubException;
import io.datahub.spark.api.RunContext;
import io.datahub.spark.api.TargetCommit;
import io.datahub.spark.api.TargetWriter;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * {@code <csv>} target. Spark writes the files into the run's staging folder ({@link RunContext#stagingPath});
 * {@link CsvFolderCommit} moves them into the final folder with Hadoop's FileSystem (file:, hdfs:, s3a:).
 * Modes: overwrite replaces the folder, append adds run-id-named part files, ignore keeps a non-empty
 * folder untouched, error fails when the folder exists.
 */
public final class CsvTargetWriter implements TargetWriter<CsvTarget> {

    private static final Set<String> MODES = Set.of("append", "overwrite", "ignore", "error");
    private static final Set<String> CODECS = Set.of("none", "gzip", "bzip2", "snappy");

    @Override
    public Class<CsvTarget> handles() {
        return CsvTarget.class;
    }

    @Override
    public TargetCommit prepare(CsvTarget target, Dataset<Row> data, RunContext context) {
        String where = TargetSupport.where(target, "path", target.path());
        if (!MODES.contains(target.mode())) {
            throw new DatahubException(ErrorCategory.CONFIGURATION, where + ": unknown mode '" + target.mode()
                    + "' (expected append, overwrite, ignore or error)");
        }
        if (!CODECS.contains(target.compression())) {
            throw new DatahubException(ErrorCategory.CONFIGURATION, where + ": unknown compression '" + target.compression()
                    + "' (expected none, gzip, bzip2 or snappy)");
        }
        String delimiter = delimiter(target.delimiter(), where);
        Path finalDir = new Path(context.resolvePath(target.path()));
        Path staged = new Path(context.stagingPath("csv/" + TargetSupport.fileSafe(target.label())));
        Configuration conf = context.spark().sparkContext().hadoopConfiguration();
        CsvFolderCommit commit = new CsvFolderCommit(where, target.mode(), staged, finalDir, context.runId(), conf, context.log());

        // Decided before writing, so a target that would not be written costs no Spark job;
        // commit checks again because another writer may have changed the folder meanwhile.
        if ("error".equals(target.mode()) && commit.finalExists()) {
            throw commit.alreadyExists();
        }
        if ("ignore".equals(target.mode()) && commit.finalHasFiles()) {
            context.log().info("{}: {} already has files; mode ignore writes nothing", where, finalDir);
            return commit.skipped();
        }
        try {
            data.write()
                    .mode(SaveMode.Overwrite) // a staging folder left by an earlier attempt of this run id is replaced
                    .option("header", target.header())
                    .option("sep", delimiter)
                    .option("compression", target.compression())
                    .csv(staged.toString());
        } catch (RuntimeException e) {
            commit.abort();
            DatahubException own = TargetSupport.datahubCause(e);
            if (own != null) {
                throw own;
            }
            throw new DatahubException(ErrorCategory.TARGET_WRITE_FAILED, where + ": writing the staged files failed: "
                    + TargetSupport.firstLine(e), e);
        }
        return commit;
    }

    /** One character, or the two characters {@code \t} for a tab. */
    static String delimiter(String value, String where) {
        if ("\\t".equals(value)) {
            return "\t";
        }
        if (value == null || value.length() != 1) {
            throw new DatahubException(ErrorCategory.CONFIGURATION, where + ": delimiter must be one character or \\t, not '"
                    + value + "'");
        }
        return value;
    }
}
