package io.datahub.cli;

import io.datahub.model.history.DailySummary;
import io.datahub.model.history.FailureReason;
import io.datahub.model.history.JobRunRecord;
import io.datahub.model.history.PipelineRunRecord;
import io.datahub.model.history.PipelineStatistics;
import io.datahub.model.history.SlaCompliance;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The run report as one self-contained HTML page: inline CSS and SVG charts drawn here, no script and no
 * external resource, so it opens anywhere (mail attachment, air-gapped host) and shows the same on every
 * browser. Every value from the run history is HTML-escaped. Numbers are printed as text next to every
 * bar, so the page reads without the charts too.
 */
final class HtmlReport {

    static final String SUCCEEDED_COLOR = "#2e7d32";
    static final String FAILED_COLOR = "#c62828";
    static final String OTHER_COLOR = "#9e9e9e";
    private static final String P95_COLOR = "#90caf9";
    private static final String P50_COLOR = "#1565c0";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_LABEL = DateTimeFormatter.ofPattern("MM-dd", Locale.ROOT);

    private static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1f2328;
            background:#f6f8fa;margin:0}
            main{max-width:1200px;margin:0 auto;padding:16px 24px 32px}
            h1{font-size:24px;margin:8px 0 2px}
            h2{font-size:17px;margin:0 0 10px}
            h3{font-size:14px;margin:12px 0 4px;color:#57606a}
            .subtitle{color:#57606a;margin:0 0 16px}
            section{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:14px 16px;margin:0 0 16px}
            .tiles{display:flex;flex-wrap:wrap;gap:12px;background:none;border:none;padding:0}
            .tile{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:10px 16px;min-width:120px}
            .tile .value{font-size:26px;font-weight:600}
            .tile .label{color:#57606a}
            .tile.succeeded .value{color:#2e7d32}.tile.failed .value{color:#c62828}
            svg{display:block;width:100%;height:auto}
            svg text{font-size:12px;fill:#1f2328}
            svg text.count{fill:#fff;font-weight:600}
            svg text.axis,svg text.day-label{fill:#57606a;font-size:11px}
            .legend{display:flex;gap:16px;margin:4px 0 8px;color:#57606a}
            .swatch{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:5px;vertical-align:-1px}
            table{border-collapse:collapse;width:100%;margin-top:8px}
            th,td{border-bottom:1px solid #d8dee4;padding:4px 8px;text-align:left;vertical-align:top}
            th{background:#f6f8fa;font-weight:600}
            td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
            td.msg{overflow-wrap:anywhere;max-width:640px;font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px}
            .empty{color:#57606a;font-style:italic}
            footer{color:#57606a;font-size:12px}
            """;

    /** What the report shows: the window, and the model's views of it (RunHistoryRepository, RunStatistics). */
    record Data(String app, LocalDate from, LocalDate to, Instant generatedAt, List<DailySummary> daily, List<FailureReason> reasons,
                List<PipelineStatistics> pipelines, List<SlaCompliance> pipelineSla, List<SlaCompliance> jobSla,
                List<PipelineRunRecord> runningPipelines, List<JobRunRecord> runningJobs) {

        long runs() {
            return daily.stream().mapToLong(DailySummary::runs).sum();
        }

        long succeeded() {
            return daily.stream().mapToLong(DailySummary::succeeded).sum();
        }

        long failed() {
            return daily.stream().mapToLong(DailySummary::failed).sum();
        }
    }

    private HtmlReport() {
    }

    static String render(Data d) {
        StringBuilder h = new StringBuilder(32_768);
        String scope = d.app() == null ? "All applications" : "Application " + d.app();
        long days = d.to().toEpochDay() - d.from().toEpochDay() + 1;
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Data Hub run report: ").append(esc(scope)).append(", ").append(d.from()).append(" to ").append(d.to())
                .append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n<main>\n")
                .append("<h1>Data Hub run report</h1>\n<p class=\"subtitle\" id=\"scope\">").append(esc(scope)).append(" &middot; ")
                .append(d.from()).append(" to ").append(d.to()).append(" (").append(days).append(days == 1 ? " day" : " days")
                .append(", UTC) &middot; generated ").append(TIME.format(d.generatedAt())).append(" UTC</p>\n");
        tiles(h, d);
        runsPerDay(h, d);
        failureReasons(h, d);
        sla(h, d);
        pipelines(h, d);
        running(h, d);
        h.append("<footer>Pipeline run attempts started in the window (a retry is an attempt of its own); days are UTC days. ")
                .append("Running now: runs whose last record says SUBMITTED or RUNNING, whenever they started. ")
                .append("This page has no scripts and loads nothing: see docs/dashboards.md.</footer>\n</main>\n</body>\n</html>\n");
        return h.toString();
    }

    // ------------------------------------------------------------------ sections

    private static void tiles(StringBuilder h, Data d) {
        long other = d.runs() - d.succeeded() - d.failed();
        h.append("<section class=\"tiles\" id=\"summary\">\n");
        tile(h, "runs", "", String.valueOf(d.runs()), "runs");
        tile(h, "succeeded", "succeeded", String.valueOf(d.succeeded()), "succeeded");
        tile(h, "failed", "failed", String.valueOf(d.failed()), "failed");
        tile(h, "other", "", String.valueOf(other), "running, skipped or cancelled");
        tile(h, "pipeline-sla", "", percent(SlaCompliance.total(d.pipelineSla()).percent()), "pipeline SLA compliance");
        tile(h, "job-sla", "", percent(SlaCompliance.total(d.jobSla()).percent()), "job SLA compliance");
        h.append("</section>\n");
    }

    private static void tile(StringBuilder h, String metric, String kind, String value, String label) {
        h.append("<div class=\"tile ").append(kind).append("\" data-metric=\"").append(metric).append("\"><div class=\"value\">")
                .append(esc(value)).append("</div><div class=\"label\">").append(esc(label)).append("</div></div>\n");
    }

    private static void runsPerDay(StringBuilder h, Data d) {
        Map<LocalDate, long[]> byDay = new LinkedHashMap<>();
        for (LocalDate day = d.from(); !day.isAfter(d.to()); day = day.plusDays(1)) {
            byDay.put(day, new long[3]);
        }
        for (DailySummary s : d.daily()) {
            long[] counts = byDay.get(s.day());
            if (counts != null) {
                counts[0] += s.succeeded();
                counts[1] += s.failed();
                counts[2] += s.runs() - s.succeeded() - s.failed();
            }
        }
        long max = Math.max(1, byDay.values().stream().mapToLong(c -> c[0] + c[1] + c[2]).max().orElse(1));
        double width = 960;
        double height = 280;
        double left = 44;
        double top = 24;
        double plotWidth = width - left - 12;
        double plotHeight = 220;
        double baseline = top + plotHeight;
        double slot = plotWidth / byDay.size();
        double barWidth = Math.min(64, slot * 0.62);
        int labelEvery = (int) Math.ceil(byDay.size() / 16.0);

        h.append("<section id=\"runs-per-day\">\n<h2>Runs per day</h2>\n<div class=\"legend\">");
        legend(h, SUCCEEDED_COLOR, "Succeeded " + d.succeeded());
        legend(h, FAILED_COLOR, "Failed " + d.failed());
        legend(h, OTHER_COLOR, "Other " + (d.runs() - d.succeeded() - d.failed()) + " (running, skipped, cancelled)");
        h.append("</div>\n<svg class=\"chart\" viewBox=\"0 0 ").append(num(width)).append(' ').append(num(height))
                .append("\" role=\"img\" aria-label=\"Pipeline runs per day, stacked by outcome\">\n");
        for (long tick : List.of(0L, max / 2, max)) {
            if (tick == max / 2 && (max % 2 != 0 || tick == 0)) {
                continue;
            }
            double y = baseline - plotHeight * tick / max;
            h.append("<line x1=\"").append(num(left)).append("\" x2=\"").append(num(width - 12)).append("\" y1=\"").append(num(y))
                    .append("\" y2=\"").append(num(y)).append("\" stroke=\"").append(tick == 0 ? "#8c959f" : "#d8dee4").append("\"/>")
                    .append("<text class=\"axis\" x=\"").append(num(left - 6)).append("\" y=\"").append(num(y + 4))
                    .append("\" text-anchor=\"end\">").append(tick).append("</text>\n");
        }
        int i = 0;
        for (Map.Entry<LocalDate, long[]> entry : byDay.entrySet()) {
            long[] c = entry.getValue();
            long total = c[0] + c[1] + c[2];
            double x = left + i * slot + (slot - barWidth) / 2;
            double center = x + barWidth / 2;
            h.append("<g class=\"day\" data-day=\"").append(entry.getKey()).append("\" data-succeeded=\"").append(c[0])
                    .append("\" data-failed=\"").append(c[1]).append("\" data-other=\"").append(c[2]).append("\">\n");
            double y = baseline;
            String[] kinds = {"succeeded", "failed", "other"};
            String[] colors = {SUCCEEDED_COLOR, FAILED_COLOR, OTHER_COLOR};
            for (int k = 0; k < 3; k++) {
                if (c[k] == 0) {
                    continue;
                }
                double barHeight = plotHeight * c[k] / max;
                y -= barHeight;
                h.append("<rect class=\"bar ").append(kinds[k]).append("\" x=\"").append(num(x)).append("\" y=\"").append(num(y))
                        .append("\" width=\"").append(num(barWidth)).append("\" height=\"").append(num(barHeight))
                        .append("\" fill=\"").append(colors[k]).append("\" data-count=\"").append(c[k]).append("\"><title>")
                        .append(entry.getKey()).append(": ").append(c[k]).append(' ').append(kinds[k]).append("</title></rect>");
                if (barHeight >= 16) {
                    h.append("<text class=\"count\" x=\"").append(num(center)).append("\" y=\"").append(num(y + barHeight / 2 + 4))
                            .append("\" text-anchor=\"middle\">").append(c[k]).append("</text>");
                }
                h.append('\n');
            }
            h.append("<text class=\"total\" x=\"").append(num(center)).append("\" y=\"").append(num(y - 5))
                    .append("\" text-anchor=\"middle\">").append(total).append("</text>\n");
            if (i % labelEvery == 0) {
                h.append("<text class=\"day-label\" x=\"").append(num(center)).append("\" y=\"").append(num(baseline + 18))
                        .append("\" text-anchor=\"middle\">").append(DAY_LABEL.format(entry.getKey())).append("</text>\n");
            }
            h.append("</g>\n");
            i++;
        }
        h.append("</svg>\n");
        if (d.daily().isEmpty()) {
            h.append("<p class=\"empty\">No pipeline runs in this window.</p>\n");
        } else {
            h.append("<h3>Per day and application</h3>\n<table id=\"daily\">\n<tr><th>Day</th><th>Application</th><th class=\"num\">Runs</th>")
                    .append("<th class=\"num\">Succeeded</th><th class=\"num\">Failed</th><th class=\"num\">Other</th>")
                    .append("<th class=\"num\">SLA breached</th></tr>\n");
            List<DailySummary> latestFirst = new ArrayList<>(d.daily());
            latestFirst.sort(Comparator.comparing(DailySummary::day).reversed().thenComparing(DailySummary::app));
            for (DailySummary s : latestFirst) {
                row(h, List.of(s.day().toString(), s.app()), List.of(s.runs(), s.succeeded(), s.failed(),
                        s.runs() - s.succeeded() - s.failed(), s.slaBreached()));
            }
            h.append("</table>\n");
        }
        h.append("</section>\n");
    }

    private static void failureReasons(StringBuilder h, Data d) {
        h.append("<section id=\"failure-reasons\">\n<h2>Failure reasons</h2>\n");
        if (d.reasons().isEmpty()) {
            h.append("<p class=\"empty\">No failures in this window.</p>\n</section>\n");
            return;
        }
        long max = d.reasons().stream().mapToLong(FailureReason::count).max().orElse(1);
        double rowHeight = 28;
        double labelWidth = 190;
        double barSpace = 960 - labelWidth - 60;
        h.append("<svg class=\"chart\" viewBox=\"0 0 960 ").append(num(rowHeight * d.reasons().size() + 4))
                .append("\" role=\"img\" aria-label=\"Failed runs per error category\">\n");
        int i = 0;
        for (FailureReason r : d.reasons()) {
            double y = i * rowHeight + 4;
            double barWidth = Math.max(2, barSpace * r.count() / max);
            h.append("<g class=\"reason\" data-category=\"").append(esc(r.category().name())).append("\" data-count=\"").append(r.count())
                    .append("\"><text class=\"category\" x=\"").append(num(labelWidth - 8)).append("\" y=\"").append(num(y + 15))
                    .append("\" text-anchor=\"end\">").append(esc(r.category().name())).append("</text>")
                    .append("<rect class=\"bar failed\" x=\"").append(num(labelWidth)).append("\" y=\"").append(num(y))
                    .append("\" width=\"").append(num(barWidth)).append("\" height=\"20\" fill=\"").append(FAILED_COLOR).append("\"/>")
                    .append("<text class=\"value\" x=\"").append(num(labelWidth + barWidth + 6)).append("\" y=\"").append(num(y + 15))
                    .append("\">").append(r.count()).append("</text></g>\n");
            i++;
        }
        h.append("</svg>\n<table id=\"reasons\">\n<tr><th>Category</th><th class=\"num\">Failures</th><th>Latest message</th></tr>\n");
        for (FailureReason r : d.reasons()) {
            h.append("<tr><td>").append(esc(r.category().name())).append("</td><td class=\"num\">").append(r.count())
                    .append("</td><td class=\"msg\">").append(esc(r.example() == null ? "" : r.example())).append("</td></tr>\n");
        }
        h.append("</table>\n</section>\n");
    }

    private static void sla(StringBuilder h, Data d) {
        h.append("<section id=\"sla\">\n<h2>SLA compliance</h2>\n<div class=\"legend\">");
        legend(h, SUCCEEDED_COLOR, "met");
        legend(h, FAILED_COLOR, "breached");
        legend(h, OTHER_COLOR, "unknown (no SLA, or still within it)");
        h.append("</div>\n");
        slaChart(h, "pipeline", "Pipeline runs", d.pipelineSla(), d.app() == null);
        slaChart(h, "job", "Job runs", d.jobSla(), d.app() == null);
        h.append("</section>\n");
    }

    private static void slaChart(StringBuilder h, String kind, String title, List<SlaCompliance> rows, boolean withTotal) {
        h.append("<h3>").append(title).append("</h3>\n");
        if (rows.isEmpty()) {
            h.append("<p class=\"empty\">No ").append(title.toLowerCase(Locale.ROOT)).append(" in this window.</p>\n");
            return;
        }
        List<SlaCompliance> shown = new ArrayList<>(rows);
        if (withTotal) {
            shown.add(SlaCompliance.total(rows));
        }
        double rowHeight = 28;
        double labelWidth = 190;
        double barSpace = 460;
        h.append("<svg class=\"chart\" viewBox=\"0 0 960 ").append(num(rowHeight * shown.size() + 4))
                .append("\" role=\"img\" aria-label=\"SLA outcomes of ").append(title.toLowerCase(Locale.ROOT)).append("\">\n");
        int i = 0;
        for (SlaCompliance s : shown) {
            double y = i * rowHeight + 4;
            long total = s.met() + s.breached() + s.unknown();
            String label = s.app() == null ? "All applications" : s.app();
            h.append("<g class=\"sla-row\" data-kind=\"").append(kind).append("\" data-app=\"").append(esc(label))
                    .append("\"><text class=\"app\" x=\"").append(num(labelWidth - 8)).append("\" y=\"").append(num(y + 15))
                    .append("\" text-anchor=\"end\">").append(esc(label)).append("</text>");
            double x = labelWidth;
            long[] counts = {s.met(), s.breached(), s.unknown()};
            String[] kinds = {"met", "breached", "unknown"};
            String[] colors = {SUCCEEDED_COLOR, FAILED_COLOR, OTHER_COLOR};
            for (int k = 0; k < 3; k++) {
                if (counts[k] == 0) {
                    continue;
                }
                double w = barSpace * counts[k] / total;
                h.append("<rect class=\"bar ").append(kinds[k]).append("\" x=\"").append(num(x)).append("\" y=\"").append(num(y))
                        .append("\" width=\"").append(num(w)).append("\" height=\"20\" fill=\"").append(colors[k])
                        .append("\" data-count=\"").append(counts[k]).append("\"/>");
                x += w;
            }
            h.append("<text class=\"percent\" x=\"").append(num(labelWidth + barSpace + 10)).append("\" y=\"").append(num(y + 15))
                    .append("\" font-weight=\"600\">").append(percent(s.percent())).append("</text>")
                    .append("<text class=\"counts\" x=\"").append(num(labelWidth + barSpace + 80)).append("\" y=\"").append(num(y + 15))
                    .append("\">").append(s.met()).append(" met, ").append(s.breached()).append(" breached, ").append(s.unknown())
                    .append(" unknown</text></g>\n");
            i++;
        }
        h.append("</svg>\n");
    }

    private static void pipelines(StringBuilder h, Data d) {
        h.append("<section id=\"pipelines\">\n<h2>Pipelines and duration percentiles</h2>\n");
        if (d.pipelines().isEmpty()) {
            h.append("<p class=\"empty\">No pipeline runs in this window.</p>\n</section>\n");
            return;
        }
        long scale = Math.max(1, d.pipelines().stream().map(PipelineStatistics::maxMs).filter(v -> v != null).mapToLong(Long::longValue)
                .max().orElse(1));
        h.append("<div class=\"legend\">");
        legend(h, P50_COLOR, "p50 (median)");
        legend(h, P95_COLOR, "p95");
        h.append("<span>of the succeeded runs' durations</span></div>\n")
                .append("<table id=\"durations\">\n<tr><th>Application</th><th>Pipeline</th><th class=\"num\">Runs</th>")
                .append("<th class=\"num\">Succeeded</th><th class=\"num\">Failed</th><th class=\"num\">p50</th><th class=\"num\">p95</th>")
                .append("<th class=\"num\">Max</th><th>Durations</th></tr>\n");
        for (PipelineStatistics p : d.pipelines()) {
            h.append("<tr data-pipeline=\"").append(esc(p.pipelineId())).append("\"><td>").append(esc(p.app())).append("</td><td>")
                    .append(esc(p.pipelineId())).append("</td><td class=\"num\">").append(p.runs()).append("</td><td class=\"num\">")
                    .append(p.succeeded()).append("</td><td class=\"num\">").append(p.failed()).append("</td>");
            for (Long ms : new Long[] {p.p50Ms(), p.p95Ms(), p.maxMs()}) {
                h.append("<td class=\"num\"").append(ms == null ? "" : " data-ms=\"" + ms + "\"").append('>')
                        .append(ms == null ? "-" : duration(ms)).append("</td>");
            }
            h.append("<td>");
            if (p.p50Ms() != null) {
                double p95 = 200.0 * p.p95Ms() / scale;
                double p50 = 200.0 * p.p50Ms() / scale;
                h.append("<svg class=\"spark\" viewBox=\"0 0 200 14\" width=\"200\" height=\"14\">")
                        .append("<rect class=\"p95\" x=\"0\" y=\"1\" width=\"").append(num(Math.max(1, p95))).append("\" height=\"12\" fill=\"")
                        .append(P95_COLOR).append("\"/><rect class=\"p50\" x=\"0\" y=\"1\" width=\"").append(num(Math.max(1, p50)))
                        .append("\" height=\"12\" fill=\"").append(P50_COLOR).append("\"/></svg>");
            }
            h.append("</td></tr>\n");
        }
        h.append("</table>\n</section>\n");
    }

    private static void running(StringBuilder h, Data d) {
        record Running(String kind, String app, String name, String runId, String attempt, String status, Instant startedAt,
                       String sla, String slaStatus) {
        }
        List<Running> rows = new ArrayList<>();
        for (JobRunRecord j : d.runningJobs()) {
            rows.add(new Running("job", j.app(), j.jobId(), j.jobRunId(), "", j.status().name(), j.startedAt(), j.sla(),
                    j.slaStatus() == null ? "" : j.slaStatus().name()));
        }
        for (PipelineRunRecord p : d.runningPipelines()) {
            rows.add(new Running("pipeline", p.app(), p.pipelineId(), p.runId(), String.valueOf(p.attempt()), p.status().name(),
                    p.startedAt(), p.sla(), p.slaStatus() == null ? "" : p.slaStatus().name()));
        }
        // One list by start time, as the dashboard's table: jobs and pipelines interleaved.
        rows.sort(Comparator.comparing(Running::startedAt, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(Running::kind).thenComparing(Running::runId));
        h.append("<section id=\"running\">\n<h2>Running now (").append(rows.size()).append(")</h2>\n");
        if (rows.isEmpty()) {
            h.append("<p class=\"empty\">Nothing is running.</p>\n</section>\n");
            return;
        }
        h.append("<table id=\"running-runs\">\n<tr><th>Kind</th><th>Application</th><th>Pipeline or job</th><th>Run id</th>")
                .append("<th class=\"num\">Attempt</th><th>Status</th><th>Started (UTC)</th><th class=\"num\">Running for</th>")
                .append("<th>SLA</th><th>SLA status</th></tr>\n");
        for (Running r : rows) {
            String runningFor = r.startedAt() == null ? "-" : duration(Duration.between(r.startedAt(), d.generatedAt()).toMillis());
            h.append("<tr><td>").append(r.kind()).append("</td><td>").append(esc(r.app())).append("</td><td>").append(esc(r.name()))
                    .append("</td><td>").append(esc(r.runId())).append("</td><td class=\"num\">").append(r.attempt()).append("</td><td>")
                    .append(r.status()).append("</td><td>").append(r.startedAt() == null ? "-" : TIME.format(r.startedAt()))
                    .append("</td><td class=\"num\">").append(runningFor).append("</td><td>").append(esc(r.sla() == null ? "" : r.sla()))
                    .append("</td><td>").append(r.slaStatus()).append("</td></tr>\n");
        }
        h.append("</table>\n</section>\n");
    }

    // ------------------------------------------------------------------ pieces

    private static void legend(StringBuilder h, String color, String label) {
        h.append("<span><span class=\"swatch\" style=\"background:").append(color).append("\"></span>").append(esc(label)).append("</span>");
    }

    private static void row(StringBuilder h, List<String> texts, List<Long> numbers) {
        h.append("<tr>");
        texts.forEach(t -> h.append("<td>").append(esc(t)).append("</td>"));
        numbers.forEach(n -> h.append("<td class=\"num\">").append(n).append("</td>"));
        h.append("</tr>\n");
    }

    static String percent(BigDecimal value) {
        return value == null ? "no SLA outcome" : value.toPlainString() + " %";
    }

    /** A duration for people: 850 ms, 4.5 s, 4m 48s, 23h 05m, 3d 02h (each cut, not rounded, to its last unit). */
    static String duration(long ms) {
        if (ms < 0) {
            return "-" + duration(-ms);
        }
        if (ms < 1_000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%d.%d s", ms / 1_000, ms % 1_000 / 100);
        }
        long seconds = ms / 1_000;
        if (seconds < 3_600) {
            return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
        }
        if (seconds < 86_400) {
            return String.format(Locale.ROOT, "%dh %02dm", seconds / 3_600, seconds % 3_600 / 60);
        }
        return String.format(Locale.ROOT, "%dd %02dh", seconds / 86_400, seconds % 86_400 / 3_600);
    }

    /** Escapes text for HTML element content and quoted attribute values. */
    static String esc(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String num(double value) {
        String text = String.format(Locale.ROOT, "%.2f", value);
        return text.endsWith(".00") ? text.substring(0, text.length() - 3) : text;
    }
}
