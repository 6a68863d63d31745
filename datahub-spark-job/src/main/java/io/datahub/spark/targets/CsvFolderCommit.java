package io.datahub.spark.targets;

import io.datahub.model.run.ErrorCategory;
import io.datahub.spark.api.DatahubException;
import io.datahub.spark.api.TargetCommit;
import java.io.IOException;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;

/**
 * Moves a staged CSV folder into place with Hadoop's FileSystem, so it works for file:, hdfs: and s3a:.
 * <ul>
 * <li>overwrite: delete the final folder, then rename the staged folder to it (Spark's {@code _SUCCESS}
 *     and checksum files come along: the folder is exactly one run's output).</li>
 * <li>append: move only the staged {@code part-*} data files, renamed {@code part-<runId>-<rest>}, after
 *     deleting that run id's files from an earlier attempt (so a re-run replaces its own files).
 *     {@code _SUCCESS} is not kept: in a folder many runs add to it would mark nothing in particular.
 *     Where the filesystem keeps checksum files (file:), each moves with its data file.</li>
 * <li>ignore: nothing when the final folder has any entry; otherwise as overwrite.</li>
 * <li>error: TARGET_WRITE_FAILED when the final folder exists; otherwise as overwrite.</li>
 * </ul>
 */
final class CsvFolderCommit implements TargetCommit {

    /** The rest of Spark's data file names after "part-": split number, job UUID, file counter ("00000-<uuid>-c000.csv.gz"). */
    private static final String SPARK_PART_REST = "\\d{5}-[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}.*";

    private final String where;
    private final String mode;
    private final Path staged;
    private final Path finalDir;
    private final String runTag;
    private final Configuration conf;
    private final Logger log;
    private final boolean skip;

    CsvFolderCommit(String where, String mode, Path staged, Path finalDir, String runId, Configuration conf, Logger log) {
        this(where, mode, staged, finalDir, TargetSupport.fileSafe(runId), conf, log, false);
    }

    private CsvFolderCommit(String where, String mode, Path staged, Path finalDir, String runTag, Configuration conf, Logger log,
                            boolean skip) {
        this.where = where;
        this.mode = mode;
        this.staged = staged;
        this.finalDir = finalDir;
        this.runTag = runTag;
        this.conf = conf;
        this.log = log;
        this.skip = skip;
    }

    /** A commit that leaves the target alone (mode ignore found files at prepare). */
    CsvFolderCommit skipped() {
        return new CsvFolderCommit(where, mode, staged, finalDir, runTag, conf, log, true);
    }

    @Override
    public void commit() {
        if (skip) {
            return;
        }
        try {
            FileSystem fs = finalDir.getFileSystem(conf);
            switch (mode) {
                case "overwrite" -> replaceFolder(fs);
                case "error" -> {
                    if (fs.exists(finalDir)) {
                        throw alreadyExists();
                    }
                    replaceFolder(fs);
                }
                case "ignore" -> {
                    if (hasFiles(fs, finalDir)) {
                        log.info("{}: {} already has files; mode ignore writes nothing", where, finalDir);
                    } else {
                        replaceFolder(fs);
                    }
                }
                case "append" -> appendFiles(fs);
                default -> throw new IllegalStateException("mode " + mode);
            }
        } catch (IOException e) {
            throw new DatahubException(ErrorCategory.TARGET_WRITE_FAILED, where + ": moving the staged files to " + finalDir
                    + " failed: " + e.getMessage(), e);
        } finally {
            abort();
        }
    }

    @Override
    public void abort() {
        try {
            FileSystem fs = staged.getFileSystem(conf);
            if (fs.exists(staged)) {
                fs.delete(staged, true);
            }
        } catch (IOException | RuntimeException e) {
            log.warn("{}: could not delete the staging folder {}: {}", where, staged, e.toString());
        }
    }

    boolean finalExists() {
        try {
            return finalDir.getFileSystem(conf).exists(finalDir);
        } catch (IOException e) {
            throw new DatahubException(ErrorCategory.TARGET_WRITE_FAILED, where + ": cannot check " + finalDir + ": " + e.getMessage(), e);
        }
    }

    boolean finalHasFiles() {
        try {
            return hasFiles(finalDir.getFileSystem(conf), finalDir);
        } catch (IOException e) {
            throw new DatahubException(ErrorCategory.TARGET_WRITE_FAILED, where + ": cannot check " + finalDir + ": " + e.getMessage(), e);
        }
    }

    DatahubException alreadyExists() {
        return new DatahubException(ErrorCategory.TARGET_WRITE_FAILED, where + ": " + finalDir + " already exists (mode error)");
    }

    private static boolean hasFiles(FileSystem fs, Path dir) throws IOException {
        return fs.exists(dir) && (!fs.getFileStatus(dir).isDirectory() || fs.listStatus(dir).length > 0);
    }

    private void replaceFolder(FileSystem fs) throws IOException {
        if (fs.exists(finalDir) && !fs.delete(finalDir, true)) {
            throw new IOException("cannot delete " + finalDir);
        }
        Path parent = finalDir.getParent();
        if (parent != null) {
            fs.mkdirs(parent);
        }
        move(staged, fs, finalDir);
    }

    private void appendFiles(FileSystem fs) throws IOException {
        fs.mkdirs(finalDir);
        Pattern ownFiles = Pattern.compile("part-" + Pattern.quote(runTag) + "-" + SPARK_PART_REST);
        for (FileStatus existing : fs.listStatus(finalDir)) {
            if (existing.isFile() && ownFiles.matcher(existing.getPath().getName()).matches()) {
                fs.delete(existing.getPath(), false);
            }
        }
        FileSystem stagedFs = staged.getFileSystem(conf);
        for (FileStatus file : stagedFs.listStatus(staged)) {
            String name = file.getPath().getName();
            if (file.isFile() && name.startsWith("part-") && !name.endsWith(".crc")) {
                move(file.getPath(), fs, new Path(finalDir, "part-" + runTag + "-" + name.substring("part-".length())));
            }
        }
    }

    /** Rename within one filesystem; copy and delete across filesystems (e.g. staging on hdfs:, target on s3a:). */
    private void move(Path from, FileSystem toFs, Path to) throws IOException {
        FileSystem fromFs = from.getFileSystem(conf);
        if (fromFs.getUri().equals(toFs.getUri())) {
            if (!toFs.rename(from, to)) {
                throw new IOException("cannot rename " + from + " to " + to);
            }
        } else if (!FileUtil.copy(fromFs, from, toFs, to, true, conf)) {
            throw new IOException("cannot copy " + from + " to " + to);
        }
    }
}
