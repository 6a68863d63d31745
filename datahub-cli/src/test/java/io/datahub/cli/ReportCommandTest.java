package io.datahub.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.datahub.model.history.RunHistorySeed;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code datahub report} over the embedded (H2) run history seeded with {@link RunHistorySeed}, rendered by
 * headless Chromium: the DOM it builds from the page must show the numbers worked out from the seed (the
 * same as the Grafana panels in GrafanaDashboardTest), and its screenshot must show the bars.
 *
 * <p>"Now" is 2026-01-16T00:00Z and the window 4 days: 2026-01-13 to 16, the seed's three days and an
 * empty one.
 */
class ReportCommandTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    static Path work;

    private static Path html;
    private static String output;
    private static Document dom;

    private record Run(int exitCode, String output) {
    }

    private static Run report(Object command, String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        int code = cli.execute(args);
        return new Run(code, out.toString());
    }

    @BeforeAll
    static void writeAndRender() throws Exception {
        Path data = work.resolve("data");
        RunHistorySeed.seed(EmbeddedRunner.history(data));
        html = work.resolve("out").resolve("report.html");
        Run run = report(new ReportCommand(Clock.fixed(RunHistorySeed.NOW, ZoneOffset.UTC)),
                "--data", data.toString(), "--days", "4", "--out", html.toString());
        assertEquals(0, run.exitCode(), run.output());
        output = run.output();
        dom = Jsoup.parse(chromium("--dump-dom", html.toUri().toString()));
    }

    @Test
    void reportIsASubcommandAndSaysWhatItWrote() {
        assertTrue(new CommandLine(new DatahubCommand()).getSubcommands().containsKey("report"));
        // 13 attempts in the window, 6 succeeded, 4 failed; running: o2 c2 c5 and the job retail_daily-3.
        assertEquals("Report of all applications, 2026-01-13 to 2026-01-16 (UTC): 13 runs, 6 succeeded, 4 failed; running now: "
                + "3 pipeline runs, 1 job runs. Written to " + html + "\n", output);
    }

    @Test
    void pageIsSelfContainedAndEscapesTheHistory() throws IOException {
        String file = Files.readString(html, StandardCharsets.UTF_8);
        assertFalse(file.contains("http:") || file.contains("https:") || file.contains("url("), "nothing is loaded from anywhere");
        assertTrue(dom.select("script, link, iframe, img, object, embed, [src], [href]").isEmpty(), dom.select("[src], [href]").toString());
        // c4's message holds <script>, quotes and an ampersand: Chromium must have read it as text.
        Element reasons = dom.getElementById("reasons");
        assertEquals(RunHistorySeed.HOSTILE_MESSAGE, reasons.select("tr").get(3).select("td").get(2).text());
        assertTrue(file.contains("rule &#39;email &amp; phone&#39; failed for 3 rows: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
        assertEquals("Data Hub run report: All applications, 2026-01-13 to 2026-01-16", dom.title());
        assertEquals("All applications · 2026-01-13 to 2026-01-16 (4 days, UTC) · generated 2026-01-16 00:00:00 UTC",
                dom.getElementById("scope").text());
    }

    @Test
    void summaryTiles() {
        // Other: c2 c5 running, c6 cancelled. SLA: pipelines 5 met / 8 decided, jobs 1 / 3 (see RunHistorySeed).
        assertEquals(List.of("runs=13", "succeeded=6", "failed=4", "other=3", "pipeline-sla=62.5 %", "job-sla=33.3 %"),
                dom.select("#summary .tile").stream().map(t -> t.attr("data-metric") + "=" + t.selectFirst(".value").text()).toList());
    }

    @Test
    void runsPerDayAreStackedBarsWithTheirCounts() {
        Elements days = dom.select("#runs-per-day svg g.day");
        // 13th: succeeded a1 a2, failed a3. 14th: succeeded b1 b3, failed b2 b4. 15th: succeeded c1 c3, failed c4,
        // other c2 c5 c6. 16th: nothing (no bar, total 0).
        assertEquals(List.of("2026-01-13", "2026-01-14", "2026-01-15", "2026-01-16"), days.eachAttr("data-day"));
        assertEquals(List.of("succeeded:2 failed:1", "succeeded:2 failed:2", "succeeded:2 failed:1 other:3", ""),
                days.stream().map(g -> String.join(" ", g.select("rect.bar").stream()
                        .map(r -> r.classNames().stream().filter(c -> !c.equals("bar")).findFirst().orElseThrow() + ":" + r.attr("data-count"))
                        .toList())).toList());
        assertEquals(List.of("3", "4", "6", "0"), days.stream().map(g -> g.selectFirst("text.total").text()).toList());
        assertEquals(List.of("01-13", "01-14", "01-15", "01-16"), days.stream().map(g -> g.selectFirst("text.day-label").text()).toList());
        // Heights are proportional to the counts: the tallest day (6) fills the 220 px plot, so one run is 220/6 px.
        assertEquals(Stream.of(2, 1, 2, 2, 2, 1, 3).map(n -> closeTo(220.0 / 6 * n)).toList(),
                days.select("rect.bar").stream().map(r -> closeTo(Double.parseDouble(r.attr("height")))).toList());
        // Each segment tall enough carries its count as a label.
        assertEquals(List.of("2", "1", "2", "2", "2", "1", "3"), days.select("text.count").eachText());
        // The per-day table, latest first: customer a3 | b4 | c3 c4 c5; retail a1 a2 | b1 b2 b3 | c1 c2 c6.
        assertEquals(List.of(
                        List.of("Day", "Application", "Runs", "Succeeded", "Failed", "Other", "SLA breached"),
                        List.of("2026-01-15", "customer", "3", "1", "1", "1", "1"),
                        List.of("2026-01-15", "retail", "3", "1", "0", "2", "0"),
                        List.of("2026-01-14", "customer", "1", "0", "1", "0", "0"),
                        List.of("2026-01-14", "retail", "3", "2", "1", "0", "2"),
                        List.of("2026-01-13", "customer", "1", "0", "1", "0", "0"),
                        List.of("2026-01-13", "retail", "2", "2", "0", "0", "0")),
                table("daily"));
    }

    @Test
    void failureReasonsByCategory() {
        Elements reasons = dom.select("#failure-reasons svg g.reason");
        // a3 b4 CONNECTION_FAILED; c6 CANCELLED; c4 DATA_QUALITY; b2 SQL_ERROR; ties by name.
        assertEquals(List.of("CONNECTION_FAILED 2", "CANCELLED 1", "DATA_QUALITY 1", "SQL_ERROR 1"),
                reasons.stream().map(g -> g.selectFirst("text.category").text() + " " + g.selectFirst("text.value").text()).toList());
        double widest = Double.parseDouble(reasons.get(0).selectFirst("rect").attr("width"));
        assertEquals(widest / 2, Double.parseDouble(reasons.get(1).selectFirst("rect").attr("width")), 0.01);
        // The latest message of each category: b4 is the later CONNECTION_FAILED.
        assertEquals(List.of(
                        List.of("Category", "Failures", "Latest message"),
                        List.of("CONNECTION_FAILED", "2", "connection refused: crm-db:5432 (again)"),
                        List.of("CANCELLED", "1", "cancelled by an operator"),
                        List.of("DATA_QUALITY", "1", RunHistorySeed.HOSTILE_MESSAGE),
                        List.of("SQL_ERROR", "1", "relation \"sales\" does not exist")),
                table("reasons"));
    }

    @Test
    void slaComplianceByApplication() {
        // Pipelines: customer met c3, breached c4, unknown a3 b4 c5; retail met a1 a2 b1 c1, breached b2 b3, unknown c2 c6.
        // Jobs: customer breached j6, unknown j2 j4; retail met j1, breached j3, unknown j5.
        assertEquals(List.of(
                        "pipeline customer 50.0 % 1 met, 1 breached, 3 unknown",
                        "pipeline retail 66.7 % 4 met, 2 breached, 2 unknown",
                        "pipeline All applications 62.5 % 5 met, 3 breached, 5 unknown",
                        "job customer 0.0 % 0 met, 1 breached, 2 unknown",
                        "job retail 50.0 % 1 met, 1 breached, 1 unknown",
                        "job All applications 33.3 % 1 met, 2 breached, 3 unknown"),
                dom.select("#sla g.sla-row").stream().map(g -> g.attr("data-kind") + " " + g.attr("data-app") + " "
                        + g.selectFirst("text.percent").text() + " " + g.selectFirst("text.counts").text()).toList());
        // Retail pipelines: 8 runs over 460 px, met 4 of them.
        Element retail = dom.select("#sla g.sla-row").get(1);
        assertEquals(460.0 * 4 / 8, Double.parseDouble(retail.selectFirst("rect.met").attr("width")), 0.01);
        assertEquals(List.of("4", "2", "2"), retail.select("rect").eachAttr("data-count"));
    }

    @Test
    void durationPercentilesPerPipeline() {
        // As the Grafana panel: sales_load [60, 180, 300 s] p50 180 s, p95 288 s (4m 48s); top_salesmen [120, 240 s]
        // p50 180 s, p95 234 s (3m 54s); crm_load [90 s]. Runs count every attempt in the window.
        assertEquals(List.of(
                        List.of("Application", "Pipeline", "Runs", "Succeeded", "Failed", "p50", "p95", "Max", "Durations"),
                        List.of("customer", "crm_load", "5", "1", "3", "1m 30s", "1m 30s", "1m 30s", ""),
                        List.of("retail", "sales_load", "4", "3", "0", "3m 00s", "4m 48s", "5m 00s", ""),
                        List.of("retail", "top_salesmen", "4", "2", "1", "3m 00s", "3m 54s", "4m 00s", "")),
                table("durations"));
        assertEquals(List.of("90000", "90000", "90000", "180000", "288000", "300000", "180000", "234000", "240000"),
                dom.select("#durations td[data-ms]").eachAttr("data-ms"));
        // The bars are scaled by the longest run (300 s = 200 px): sales_load's p95 is 288/300 of it.
        Element salesLoad = dom.selectFirst("#durations tr[data-pipeline=sales_load]");
        assertEquals(192.0, Double.parseDouble(salesLoad.selectFirst("rect.p95").attr("width")), 0.01);
        assertEquals(120.0, Double.parseDouble(salesLoad.selectFirst("rect.p50").attr("width")), 0.01);
    }

    @Test
    void runningRunsWheneverTheyStarted() {
        // By start: o2 (74 h before now), job retail_daily-3 (23 h 05 min), c2 (1 h), c5 (30 min).
        assertEquals("Running now (4)", dom.selectFirst("#running h2").text());
        assertEquals(List.of(
                        List.of("Kind", "Application", "Pipeline or job", "Run id", "Attempt", "Status", "Started (UTC)", "Running for",
                                "SLA", "SLA status"),
                        List.of("pipeline", "customer", "crm_load", "o2", "1", "RUNNING", "2026-01-12 22:00:00", "3d 02h", "", "UNKNOWN"),
                        List.of("job", "retail", "retail_daily", "retail_daily-3", "", "RUNNING", "2026-01-15 00:55:00", "23h 05m", "PT2H",
                                "UNKNOWN"),
                        List.of("pipeline", "retail", "top_salesmen", "c2", "1", "RUNNING", "2026-01-15 23:00:00", "1h 00m", "PT1H", "UNKNOWN"),
                        List.of("pipeline", "customer", "crm_load", "c5", "1", "SUBMITTED", "2026-01-15 23:30:00", "30m 00s", "", "UNKNOWN")),
                table("running-runs"));
    }

    @Test
    void screenshotShowsTheBars() throws Exception {
        Path png = Path.of("target", "report-screenshot.png").toAbsolutePath();
        Files.deleteIfExists(png);
        chromium("--screenshot=" + png, "--window-size=1280,1600", "--hide-scrollbars", html.toUri().toString());
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(1280, image.getWidth());
        assertEquals(1600, image.getHeight());
        // Bars are filled with exact colours; count their pixels (a bar of one run is about 37 x 50 px on screen).
        assertTrue(pixels(image, HtmlReport.SUCCEEDED_COLOR) > 5_000, "green (succeeded, met) bars are drawn");
        assertTrue(pixels(image, HtmlReport.FAILED_COLOR) > 5_000, "red (failed, breached) bars are drawn");
        assertTrue(pixels(image, HtmlReport.OTHER_COLOR) > 1_000, "grey (other, unknown) bars are drawn");
    }

    @Test
    void oneApplicationAndAnEmptyHistory() throws IOException {
        Path data = work.resolve("data");
        Path customer = work.resolve("customer.html");
        Run run = report(new ReportCommand(Clock.fixed(RunHistorySeed.NOW, ZoneOffset.UTC)),
                "--data", data.toString(), "--app", "customer", "--days", "4", "--out", customer.toString());
        assertEquals(0, run.exitCode(), run.output());
        Document page = Jsoup.parse(customer.toFile());
        // customer: a3 b4 c4 failed, c3 succeeded, c5 submitted; SLA 1 of 2; jobs j6 breached only.
        assertEquals(List.of("5", "1", "3", "1", "50.0 %", "0.0 %"), page.select("#summary .tile .value").eachText());
        assertEquals(List.of("pipeline customer", "job customer"),
                page.select("#sla g.sla-row").stream().map(g -> g.attr("data-kind") + " " + g.attr("data-app")).toList());
        assertEquals("Running now (2)", page.selectFirst("#running h2").text());

        Path empty = work.resolve("empty.html");
        run = report(new ReportCommand(Clock.fixed(RunHistorySeed.NOW, ZoneOffset.UTC)),
                "--data", work.resolve("nothing").toString(), "--out", empty.toString());
        assertEquals(0, run.exitCode(), run.output());
        page = Jsoup.parse(empty.toFile());
        assertEquals(7, page.select("#runs-per-day g.day").size(), "the default window is 7 days");
        assertTrue(page.select("#runs-per-day rect.bar").isEmpty());
        assertEquals(List.of("No pipeline runs in this window.", "No failures in this window.", "No pipeline runs in this window.",
                "No job runs in this window.", "No pipeline runs in this window.", "Nothing is running."), page.select(".empty").eachText());
        assertEquals(List.of("0", "0", "0", "0", "no SLA outcome", "no SLA outcome"), page.select("#summary .tile .value").eachText());

        run = report(new ReportCommand(), "--data", data.toString(), "--days", "0", "--out", empty.toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.output().startsWith("--days must be between 1 and 366, was 0\n"), run.output());
    }

    @Test
    void durationsAndEscaping() {
        assertEquals(List.of("850 ms", "4.5 s", "59.9 s", "1m 00s", "4m 48s", "1h 00m", "23h 05m", "3d 02h"),
                List.of(850L, 4_500L, 59_999L, 60_000L, 288_000L, 3_600_000L, 83_100_000L, 266_400_000L).stream()
                        .map(HtmlReport::duration).toList());
        assertEquals("&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;", HtmlReport.esc("<a href=\"x\">Tom & Jerry's</a>"));
    }

    // ------------------------------------------------------------------ helpers

    private static double closeTo(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** The rows of a table by id, header first, each cell's text. */
    private static List<List<String>> table(String id) {
        List<List<String>> rows = new ArrayList<>();
        for (Element tr : dom.getElementById(id).select("tr")) {
            rows.add(tr.select("th, td").stream().map(Element::text).toList()); // eachText() would drop empty cells
        }
        return rows;
    }

    private static long pixels(BufferedImage image, String hex) {
        int rgb = Integer.parseInt(hex.substring(1), 16);
        long count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    count++;
                }
            }
        }
        return count;
    }

    /** Runs headless Chromium with a fresh profile and no network features; returns what it printed. */
    private static String chromium(String... args) throws IOException, InterruptedException {
        assertTrue(Files.isExecutable(CHROMIUM), "the HTML report test renders the page in headless Chromium, but " + CHROMIUM
                + " is missing: install Debian's chromium package (apt-get install -y chromium)");
        Path profile = Files.createTempDirectory(work, "chromium-profile");
        Path stdout = work.resolve(profile.getFileName() + ".out");
        Path stderr = work.resolve(profile.getFileName() + ".err");
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("chromium did not finish within 60 s: " + command + "\n" + Files.readString(stderr));
        }
        assertEquals(0, process.exitValue(), () -> "chromium failed: " + command + "\n" + read(stderr));
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
