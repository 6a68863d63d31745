package io.datahub.model.history;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The views of the run-history dashboards (docs/dashboards.md) that {@link RunHistoryRepository#daily} and
 * {@link RunHistoryRepository#failureReasons} do not give: per pipeline outcomes and duration percentiles,
 * SLA compliance, and the runs still going. The SQL is what PostgreSQL, MariaDB/MySQL and H2 all accept;
 * ordering and percentiles are done here (MySQL has no percentile_cont, collations differ), by the
 * definitions the Grafana dashboard uses, so both show the same numbers for the same rows.
 *
 * <p>Windows are as in {@link RunHistoryRepository#daily}: attempts with a start on or after {@code from}
 * (a UTC day); {@code app} null means all applications.
 */
public final class RunStatistics {

    private static final List<String> ACTIVE = List.of("SUBMITTED", "RUNNING");
    // PostgreSQL's double-to-numeric cast keeps 15 significant digits before round() (float8_numeric).
    private static final MathContext DOUBLE_TO_NUMERIC = new MathContext(15, RoundingMode.HALF_EVEN);

    private final RunHistoryRepository history;

    public RunStatistics(RunHistoryRepository history) {
        if (history == null) {
            throw new IllegalArgumentException("no run history");
        }
        this.history = history;
    }

    /** Per application and pipeline (ordered so), the attempts started in the window and their durations. */
    public List<PipelineStatistics> pipelines(String app, LocalDate from) {
        return history.call("read of the pipeline statistics", c -> {
            String sql = "SELECT app, pipeline_id, status, duration_ms FROM " + history.schema() + ".pipeline_runs"
                    + " WHERE started_at >= ?" + (app == null ? "" : " AND app = ?");
            Map<List<String>, Counts> byPipeline = new TreeMap<>(Comparator.<List<String>, String>comparing(k -> k.get(0))
                    .thenComparing(k -> k.get(1)));
            try (PreparedStatement s = c.prepareStatement(sql)) {
                RunHistoryRepository.bindWindow(s, app, from);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        Counts counts = byPipeline.computeIfAbsent(List.of(rs.getString(1), rs.getString(2)), k -> new Counts());
                        String status = rs.getString(3);
                        Long duration = rs.getObject(4, Long.class);
                        counts.runs++;
                        if ("SUCCEEDED".equals(status)) {
                            counts.succeeded++;
                            if (duration != null) {
                                counts.durations.add(duration);
                            }
                        } else if ("FAILED".equals(status)) {
                            counts.failed++;
                        }
                    }
                }
            }
            List<PipelineStatistics> result = new ArrayList<>();
            byPipeline.forEach((key, counts) -> {
                long[] sorted = counts.durations.stream().mapToLong(Long::longValue).sorted().toArray();
                boolean timed = sorted.length > 0;
                result.add(new PipelineStatistics(key.get(0), key.get(1), counts.runs, counts.succeeded, counts.failed,
                        timed ? percentile(sorted, 0.5) : null, timed ? percentile(sorted, 0.95) : null,
                        timed ? sorted[sorted.length - 1] : null));
            });
            return List.copyOf(result);
        });
    }

    /** Pipeline run attempts started in the window per application (ordered by it) and SLA outcome. */
    public List<SlaCompliance> pipelineSla(String app, LocalDate from) {
        return sla("pipeline_runs", app, from);
    }

    /** Job runs started in the window per application (ordered by it) and SLA outcome. */
    public List<SlaCompliance> jobSla(String app, LocalDate from) {
        return sla("job_runs", app, from);
    }

    private List<SlaCompliance> sla(String table, String app, LocalDate from) {
        return history.call("read of the SLA compliance of " + table, c -> {
            String sql = "SELECT app,"
                    + " SUM(CASE WHEN sla_status = 'MET' THEN 1 ELSE 0 END),"
                    + " SUM(CASE WHEN sla_status = 'BREACHED' THEN 1 ELSE 0 END),"
                    + " SUM(CASE WHEN sla_status = 'UNKNOWN' OR sla_status IS NULL THEN 1 ELSE 0 END)"
                    + " FROM " + history.schema() + "." + table + " WHERE started_at >= ?" + (app == null ? "" : " AND app = ?")
                    + " GROUP BY app";
            List<SlaCompliance> rows = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(sql)) {
                RunHistoryRepository.bindWindow(s, app, from);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new SlaCompliance(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
                    }
                }
            }
            rows.sort(Comparator.comparing(SlaCompliance::app));
            return List.copyOf(rows);
        });
    }

    /**
     * Pipeline run attempts whose last record is SUBMITTED or RUNNING, whenever they started: by start time
     * (unstarted last), then run id and attempt.
     */
    public List<PipelineRunRecord> runningPipelines(String app) {
        return history.call("read of the running pipeline runs", c -> {
            try (PreparedStatement s = c.prepareStatement(history.selectPipelineRuns() + activeWhere(app))) {
                bindActive(s, app);
                List<PipelineRunRecord> runs = new ArrayList<>(RunHistoryRepository.readPipelineRuns(s));
                runs.sort(Comparator.comparing(PipelineRunRecord::startedAt, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(PipelineRunRecord::runId).thenComparingInt(PipelineRunRecord::attempt));
                return List.copyOf(runs);
            }
        });
    }

    /** Job runs whose last record is SUBMITTED or RUNNING: by start time (unstarted last), then job run id. */
    public List<JobRunRecord> runningJobs(String app) {
        return history.call("read of the running job runs", c -> {
            try (PreparedStatement s = c.prepareStatement(history.selectJobRuns() + activeWhere(app))) {
                bindActive(s, app);
                List<JobRunRecord> jobs = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        jobs.add(RunHistoryRepository.jobRun(rs));
                    }
                }
                jobs.sort(Comparator.comparing(JobRunRecord::startedAt, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(JobRunRecord::jobRunId));
                return List.copyOf(jobs);
            }
        });
    }

    private static String activeWhere(String app) {
        return " WHERE status IN (?, ?)" + (app == null ? "" : " AND app = ?");
    }

    private static void bindActive(PreparedStatement s, String app) throws java.sql.SQLException {
        s.setString(1, ACTIVE.get(0));
        s.setString(2, ACTIVE.get(1));
        if (app != null) {
            s.setString(3, app);
        }
    }

    /**
     * The {@code p} percentile of sorted values as PostgreSQL's {@code round(percentile_cont(p) WITHIN GROUP
     * (ORDER BY v)::numeric)}: linear interpolation between the values around position {@code p * (n - 1)},
     * then rounded to a whole number (half away from zero) after the cast's 15 significant digits.
     */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0 || p < 0 || p > 1) {
            throw new IllegalArgumentException("percentile " + p + " of " + Arrays.toString(sorted));
        }
        double position = p * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = (int) Math.ceil(position);
        double lo = sorted[lower];
        double value = lo + (sorted[upper] - lo) * (position - lower);
        return new BigDecimal(value).round(DOUBLE_TO_NUMERIC).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    private static final class Counts {
        long runs;
        long succeeded;
        long failed;
        final List<Long> durations = new ArrayList<>();
    }
}
