package io.datahub.cli;

import io.datahub.model.history.RunHistoryRepository;
import io.datahub.model.history.RunStatistics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code datahub report [--app APP] [--days N] [--data DIR] --out FILE.html}: the dashboards' views of the
 * embedded run history as one self-contained HTML page (see docs/cli.md and docs/dashboards.md).
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write the embedded run history as one self-contained HTML page: runs per day, failure reasons, "
                + "SLA compliance, duration percentiles, running runs. No scripts, no network.")
public final class ReportCommand implements Callable<Integer> {

    @Option(names = "--app", paramLabel = "APP", description = "Only this application.")
    String app;

    @Option(names = "--days", paramLabel = "N", defaultValue = "7", description = "How many days back, today (UTC) included (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data", description = "The data root (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "The HTML file to write.")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Clock clock;

    public ReportCommand() {
        this(Clock.systemUTC());
    }

    ReportCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        if (days < 1 || days > 366) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--days must be between 1 and 366, was " + days);
        }
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate from = today.minusDays(days - 1L);
        RunHistoryRepository history = EmbeddedRunner.history(data);
        RunStatistics statistics = new RunStatistics(history);
        HtmlReport.Data report = new HtmlReport.Data(app, from, today, now,
                history.daily(app, from), history.failureReasons(app, from, 10), statistics.pipelines(app, from),
                statistics.pipelineSla(app, from), statistics.jobSla(app, from),
                statistics.runningPipelines(app), statistics.runningJobs(app));
        try {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(out, HtmlReport.render(report), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + out + ": " + e.getMessage(), e);
        }
        PrintWriter printer = spec.commandLine().getOut();
        printer.printf("Report %s, %s to %s (UTC): %d runs, %d succeeded, %d failed; running now: %d pipeline runs, %d job runs."
                        + " Written to %s%n", app == null ? "of all applications" : "of " + app, from, today, report.runs(),
                report.succeeded(), report.failed(), report.runningPipelines().size(), report.runningJobs().size(), out);
        printer.flush();
        return 0;
    }
}
