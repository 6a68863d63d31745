package io.datahub.model.history;

import io.datahub.model.run.ErrorCategory;
import io.datahub.model.run.RunStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * A small run history whose statistics are easy to work out by hand, shared by the dashboard query
 * test (PostgreSQL), the statistics test (PostgreSQL, MariaDB, H2) and the HTML report test (H2).
 *
 * <p>The window is the three UTC days 2026-01-13, 14 and 15 ({@link #FROM} to {@link #NOW}). Two
 * applications: {@code retail} (pipelines {@code sales_load}, {@code top_salesmen}, job {@code retail_daily})
 * and {@code customer} (pipeline {@code crm_load}, job {@code customer_daily}). One run of each table
 * started the day before the window (2026-01-12) and must not be counted, except that a pipeline run
 * still RUNNING from then is "currently running". Pipeline run attempts, S = SUCCEEDED, F = FAILED:
 *
 * <pre>
 * key  day  time   app      pipeline      attempt status     duration  category           SLA status (the key is the run id)
 * o1   12   23:00  retail   sales_load    1       F          10 s      CONNECTION_FAILED  BREACHED   (outside)
 * o2   12   22:00  customer crm_load      1       RUNNING    -         -                  UNKNOWN    (outside, stuck)
 * a1   13   01:00  retail   sales_load    1       S          60 s      -                  MET
 * a2   13   02:00  retail   top_salesmen  1       S          120 s     -                  MET
 * a3   13   03:00  customer crm_load      1       F          5 s       CONNECTION_FAILED  UNKNOWN (no SLA)
 * b1   14   01:00  retail   sales_load    1       S          180 s     -                  MET
 * b2   14   02:00  retail   top_salesmen  1       F          30 s      SQL_ERROR          BREACHED
 * b3   14   03:00  retail   top_salesmen  2       S          240 s     -                  BREACHED   (run id b2: the retry)
 * b4   14   03:00  customer crm_load      1       F          4 s       CONNECTION_FAILED  UNKNOWN (no SLA)
 * c1   15   01:00  retail   sales_load    1       S          300 s     -                  MET
 * c2   15   23:00  retail   top_salesmen  1       RUNNING    -         -                  UNKNOWN
 * c3   15   02:00  customer crm_load      1       S          90 s      -                  MET
 * c4   15   04:00  customer crm_load      1       F          2 s       DATA_QUALITY       BREACHED
 * c5   15   23:30  customer crm_load      1       SUBMITTED  -         -                  UNKNOWN
 * c6   15   05:00  retail   sales_load    1       CANCELLED  1 s       CANCELLED          UNKNOWN (no SLA)
 * </pre>
 *
 * Job runs (pipelines total / succeeded / failed):
 *
 * <pre>
 * key  day  time   app      job             status     total succeeded failed  SLA status
 * jo   12   22:55  retail   retail_daily    FAILED     2     1         1       BREACHED   (outside)
 * j1   13   00:55  retail   retail_daily    SUCCEEDED  2     2         0       MET
 * j2   13   02:55  customer customer_daily  FAILED     1     0         1       UNKNOWN
 * j3   14   00:55  retail   retail_daily    SUCCEEDED  2     2         0       BREACHED
 * j4   14   02:55  customer customer_daily  FAILED     1     0         1       UNKNOWN
 * j5   15   00:55  retail   retail_daily    RUNNING    2     1         0       UNKNOWN
 * j6   15   01:55  customer customer_daily  FAILED     2     1         1       BREACHED
 * </pre>
 */
public final class RunHistorySeed {

    /** Start of the window: the first day's midnight (UTC). */
    public static final Instant FROM = Instant.parse("2026-01-13T00:00:00Z");
    /** End of the window, taken as "now": midnight after the last day. */
    public static final Instant NOW = Instant.parse("2026-01-16T00:00:00Z");
    public static final LocalDate FIRST_DAY = LocalDate.parse("2026-01-13");

    /** The message of c4, made to be escaped by an HTML page and quoted by SQL. */
    public static final String HOSTILE_MESSAGE = "rule 'email & phone' failed for 3 rows: <script>alert(\"x\")</script>";

    private RunHistorySeed() {
    }

    public static void seed(RunHistoryRepository history) {
        history.recordAll(pipelineRuns());
        jobRuns().forEach(history::record);
    }

    public static List<PipelineRunRecord> pipelineRuns() {
        return List.of(
                finished("o1", "2026-01-12T23:00:00Z", "retail", "sales_load", 1, RunStatus.FAILED, 10_000,
                        ErrorCategory.CONNECTION_FAILED, "old failure outside the window", "PT1H", SlaStatus.BREACHED, "retail_daily-o"),
                running("o2", "2026-01-12T22:00:00Z", "customer", "crm_load", RunStatus.RUNNING, null),
                finished("a1", "2026-01-13T01:00:00Z", "retail", "sales_load", 1, RunStatus.SUCCEEDED, 60_000,
                        null, null, "PT1H", SlaStatus.MET, "retail_daily-1"),
                finished("a2", "2026-01-13T02:00:00Z", "retail", "top_salesmen", 1, RunStatus.SUCCEEDED, 120_000,
                        null, null, "PT1H", SlaStatus.MET, "retail_daily-1"),
                finished("a3", "2026-01-13T03:00:00Z", "customer", "crm_load", 1, RunStatus.FAILED, 5_000,
                        ErrorCategory.CONNECTION_FAILED, "connection refused: crm-db:5432", null, SlaStatus.UNKNOWN, "customer_daily-1"),
                finished("b1", "2026-01-14T01:00:00Z", "retail", "sales_load", 1, RunStatus.SUCCEEDED, 180_000,
                        null, null, "PT1H", SlaStatus.MET, "retail_daily-2"),
                finished("b2", "2026-01-14T02:00:00Z", "retail", "top_salesmen", 1, RunStatus.FAILED, 30_000,
                        ErrorCategory.SQL_ERROR, "relation \"sales\" does not exist", "PT2M", SlaStatus.BREACHED, "retail_daily-2"),
                finished("b2", "2026-01-14T03:00:00Z", "retail", "top_salesmen", 2, RunStatus.SUCCEEDED, 240_000,
                        null, null, "PT2M", SlaStatus.BREACHED, "retail_daily-2"),
                finished("b4", "2026-01-14T03:00:00Z", "customer", "crm_load", 1, RunStatus.FAILED, 4_000,
                        ErrorCategory.CONNECTION_FAILED, "connection refused: crm-db:5432 (again)", null, SlaStatus.UNKNOWN, "customer_daily-2"),
                finished("c1", "2026-01-15T01:00:00Z", "retail", "sales_load", 1, RunStatus.SUCCEEDED, 300_000,
                        null, null, "PT1H", SlaStatus.MET, "retail_daily-3"),
                running("c2", "2026-01-15T23:00:00Z", "retail", "top_salesmen", RunStatus.RUNNING, "PT1H"),
                finished("c3", "2026-01-15T02:00:00Z", "customer", "crm_load", 1, RunStatus.SUCCEEDED, 90_000,
                        null, null, "PT1H", SlaStatus.MET, "customer_daily-3"),
                finished("c4", "2026-01-15T04:00:00Z", "customer", "crm_load", 1, RunStatus.FAILED, 2_000,
                        ErrorCategory.DATA_QUALITY, HOSTILE_MESSAGE, "PT1H", SlaStatus.BREACHED, "customer_daily-3"),
                running("c5", "2026-01-15T23:30:00Z", "customer", "crm_load", RunStatus.SUBMITTED, null),
                finished("c6", "2026-01-15T05:00:00Z", "retail", "sales_load", 1, RunStatus.CANCELLED, 1_000,
                        ErrorCategory.CANCELLED, "cancelled by an operator", null, SlaStatus.UNKNOWN, "retail_daily-3"));
    }

    public static List<JobRunRecord> jobRuns() {
        return List.of(
                job("retail_daily-o", "2026-01-12T22:55:00Z", "retail", "retail_daily", RunStatus.FAILED, 2, 1, 1, SlaStatus.BREACHED),
                job("retail_daily-1", "2026-01-13T00:55:00Z", "retail", "retail_daily", RunStatus.SUCCEEDED, 2, 2, 0, SlaStatus.MET),
                job("customer_daily-1", "2026-01-13T02:55:00Z", "customer", "customer_daily", RunStatus.FAILED, 1, 0, 1, SlaStatus.UNKNOWN),
                job("retail_daily-2", "2026-01-14T00:55:00Z", "retail", "retail_daily", RunStatus.SUCCEEDED, 2, 2, 0, SlaStatus.BREACHED),
                job("customer_daily-2", "2026-01-14T02:55:00Z", "customer", "customer_daily", RunStatus.FAILED, 1, 0, 1, SlaStatus.UNKNOWN),
                job("retail_daily-3", "2026-01-15T00:55:00Z", "retail", "retail_daily", RunStatus.RUNNING, 2, 1, 0, SlaStatus.UNKNOWN),
                job("customer_daily-3", "2026-01-15T01:55:00Z", "customer", "customer_daily", RunStatus.FAILED, 2, 1, 1, SlaStatus.BREACHED));
    }

    private static PipelineRunRecord finished(String runId, String start, String app, String pipeline, int attempt, RunStatus status,
                                              long durationMs, ErrorCategory category, String message, String sla, SlaStatus slaStatus,
                                              String jobRunId) {
        Instant started = Instant.parse(start);
        return new PipelineRunRecord(runId, attempt, jobRunId, app, layer(pipeline), pipeline, "1.0.0", LocalDate.ofInstant(started,
                java.time.ZoneOffset.UTC), "livy", "batch-" + runId + "-" + attempt, status, started, started.plusMillis(durationMs),
                durationMs, 100L, status == RunStatus.SUCCEEDED ? Map.of(pipeline, 100L) : null, category, message, sla, slaStatus);
    }

    private static PipelineRunRecord running(String runId, String start, String app, String pipeline, RunStatus status, String sla) {
        Instant started = Instant.parse(start);
        return new PipelineRunRecord(runId, 1, null, app, layer(pipeline), pipeline, "1.0.0", LocalDate.ofInstant(started,
                java.time.ZoneOffset.UTC), "livy", null, status, started, null, null, null, null, null, null, sla, SlaStatus.UNKNOWN);
    }

    private static JobRunRecord job(String jobRunId, String start, String app, String jobId, RunStatus status, int total, int succeeded,
                                    int failed, SlaStatus slaStatus) {
        Instant started = Instant.parse(start);
        boolean done = status.isFinal();
        Instant ended = done ? started.plusSeconds(600) : null;
        return new JobRunRecord(jobRunId, app, jobId, "1.0.0", LocalDate.ofInstant(started, java.time.ZoneOffset.UTC), status, started,
                ended, done ? 600_000L : null, total, succeeded, failed, 0, 0, failed > 0 ? Map.of("some_pipeline", "it failed") : null,
                failed > 0 ? failed + " pipeline(s) failed" : null, "PT2H", slaStatus);
    }

    private static String layer(String pipeline) {
        return pipeline.equals("top_salesmen") ? "service" : "staging";
    }
}
