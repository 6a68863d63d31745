package io.datahub.cli;

import io.datahub.model.history.DailySummary;
import io.datahub.model.history.FailureReason;
import io.datahub.model.history.RunHistoryRepository;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code datahub history [--app APP] [--days N] [--data DIR]}: runs per day, outcomes and failure reasons. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Show the embedded run history: runs per day, successes and failures, failure reasons.")
public final class HistoryCommand implements Callable<Integer> {

    @Option(names = "--app", paramLabel = "APP", description = "Only this application.")
    String app;

    @Option(names = "--days", paramLabel = "N", defaultValue = "7", description = "How many days back, today included (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data", description = "The data root (default: ${DEFAULT-VALUE}).")
    Path data;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        RunHistoryRepository history = PipelineRunner.history(data);
        LocalDate from = LocalDate.now(ZoneOffset.UTC).minusDays(Math.max(days, 1) - 1L);
        List<DailySummary> daily = history.daily(app, from);
        out.printf("Runs since %s%s%n", from, app == null ? "" : " for " + app);
        out.printf("  %-10s  %-20s %6s %10s %7s %12s%n", "day", "app", "runs", "succeeded", "failed", "SLA breached");
        for (DailySummary d : daily) {
            out.printf("  %-10s  %-20s %6d %10d %7d %12d%n", d.day(), d.app(), d.runs(), d.succeeded(), d.failed(), d.slaBreached());
        }
        long runs = daily.stream().mapToLong(DailySummary::runs).sum();
        long succeeded = daily.stream().mapToLong(DailySummary::succeeded).sum();
        long failed = daily.stream().mapToLong(DailySummary::failed).sum();
        out.printf("  total: %d runs, %d succeeded, %d failed%n", runs, succeeded, failed);
        List<FailureReason> reasons = history.failureReasons(app, from, 10);
        if (!reasons.isEmpty()) {
            out.println("Failure reasons");
            for (FailureReason r : reasons) {
                out.printf("  %-20s %5d  e.g. %s%n", r.category(), r.count(), r.example());
            }
        }
        out.flush();
        return 0;
    }
}
