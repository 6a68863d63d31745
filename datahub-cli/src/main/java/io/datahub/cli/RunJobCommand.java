package io.datahub.cli;

import io.datahub.model.definition.JobPipelineDefinition;
import io.datahub.model.history.SlaEvaluator;
import io.datahub.model.job.Decision;
import io.datahub.model.job.JobGraphs;
import io.datahub.model.job.JobParameters;
import io.datahub.model.job.JobRun;
import io.datahub.model.job.JobRunIds;
import io.datahub.model.job.JobRunReport;
import io.datahub.model.job.JobStatus;
import io.datahub.model.job.LaunchRequest;
import io.datahub.model.run.ErrorCategory;
import io.datahub.model.run.PipelineRunResult;
import io.datahub.model.run.RunStatus;
import io.datahub.model.validation.ValidationError;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code datahub run-job JOB_ID --app APP ...}: a job pipeline in dependency order, driven by the
 * model's planner (the same state machine NiFi's JobPipelineRunner uses), one pipeline at a time
 * (the embedded Hive catalog is single-writer). Retry delays are waited out here: this is a command,
 * not a NiFi thread.
 */
@Command(name = "run-job", mixinStandardHelpOptions = true,
        description = "Run a job pipeline in-process: its pipelines in dependency order with their failure policies.")
public final class RunJobCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "JOB_ID", description = "The job pipeline to run.")
    String jobId;

    @Mixin
    EmbeddedOptions options;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PipelineRunner runner = options.runner(out);
        Optional<JobPipelineDefinition> found = runner.config().job(options.app, jobId);
        if (found.isEmpty()) {
            out.printf("application '%s' has no job '%s'%n", options.app, jobId);
            out.flush();
            return 2;
        }
        JobPipelineDefinition job = found.get();
        List<ValidationError> errors = runner.config().errorsOf(runner.config().fileOf(job).path());
        if (!errors.isEmpty()) {
            errors.forEach(e -> out.println(e.format()));
            out.printf("job '%s' is not valid%n", jobId);
            out.flush();
            return 1;
        }
        LocalDate runDate = options.runDate();
        String jobRunId = JobRunIds.newJobRunId(jobId, runDate);
        Map<String, String> parameters;
        try {
            parameters = JobParameters.resolve(job, options.parameters, jobRunId, runDate, options.app,
                    runner.config().fileOf(job).layer().folder(), options.data.toAbsolutePath().toString());
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
            out.flush();
            return 1;
        }
        String sla = job.metadata() == null || job.metadata().sla() == null ? null : job.metadata().sla().text();
        Instant started = Instant.now();
        JobRun run = JobRun.start(JobGraphs.of(job), jobRunId, started);
        runner.history().record(report(job, run, runDate, started, sla).toRecord());
        out.printf("Job %s (%s) run date %s, job run id %s%n", jobId, options.app, runDate, jobRunId);

        Deque<LaunchRequest> queue = new ArrayDeque<>();
        queue.addAll(record(run.begin(started), run, runner, runDate));
        while (!run.isFinished()) {
            if (queue.isEmpty()) {
                Optional<Instant> wake = run.nextWakeUp();
                if (wake.isEmpty()) {
                    break;
                }
                long waitMs = Duration.between(Instant.now(), wake.get()).toMillis();
                if (waitMs > 0) {
                    out.printf("  waiting %d s for a retry%n", waitMs / 1000);
                    out.flush();
                    Thread.sleep(waitMs);
                }
                queue.addAll(record(run.due(Instant.now()), run, runner, runDate));
                continue;
            }
            LaunchRequest launch = queue.poll();
            PipelineRunResult result = runner.run(options.app, launch.pipelineId(), runDate, parameters, launch.attempt(), jobRunId);
            RunSummary.print(result, out);
            Decision decision;
            if (result.status() == RunStatus.SUCCEEDED) {
                decision = run.succeeded(launch.pipelineId(), launch.attempt(), Instant.now());
            } else {
                String reason = "[" + result.errorCategory() + "] " + result.errorMessage();
                decision = run.failed(launch.pipelineId(), launch.attempt(), reason, Instant.now());
            }
            queue.addAll(record(decision, run, runner, runDate));
        }
        JobRunReport report = report(job, run, runDate, started, sla);
        runner.history().record(report.toRecord());
        RunStatus status = report.status();
        printJob(out, run, status, started, report.endedAt() == null ? Instant.now() : report.endedAt());
        return status == RunStatus.SUCCEEDED ? 0 : 1;
    }

    /** Records SKIPPED and CANCELLED pipelines as run rows (dashboards count them) and returns the launches. */
    private List<LaunchRequest> record(Decision decision, JobRun run, PipelineRunner runner, LocalDate runDate) {
        Instant now = Instant.now();
        for (String id : decision.newlySkipped()) {
            runner.history().record(JobRunReport.notRun(options.app, run.jobRunId(), id, run.attempt(id) + 1, RunStatus.SKIPPED, runDate,
                    EmbeddedEngine.SUBMIT_MODE, now, null, JobRunReport.NOT_RUN_SKIPPED));
        }
        for (String id : decision.newlyCancelled()) {
            runner.history().record(JobRunReport.notRun(options.app, run.jobRunId(), id, run.attempt(id) + 1, RunStatus.CANCELLED, runDate,
                    EmbeddedEngine.SUBMIT_MODE, now, ErrorCategory.CANCELLED, JobRunReport.NOT_RUN_HALTED));
        }
        return decision.launches();
    }

    /** The job's report; the SLA clock starts when the command started the run. */
    private JobRunReport report(JobPipelineDefinition job, JobRun run, LocalDate runDate, Instant started, String sla) {
        Instant end = run.finishedAt().orElse(null);
        return JobRunReport.of(run.graph(), run, options.app, job.version(), run.jobRunId(), runDate, null, started, sla,
                SlaEvaluator.evaluate(sla, started, end, Instant.now()));
    }

    private void printJob(PrintWriter out, JobRun run, RunStatus status, Instant started, Instant ended) {
        out.printf("%nJob %s: %s in %.1f s%n", jobId, status, Duration.between(started, ended).toMillis() / 1000.0);
        for (var step : run.graph().steps()) {
            String id = step.pipelineId();
            String recovered = run.recoveredBy(id).map(f -> " (recovered by " + f + ")").orElse("");
            out.printf("  %-40s %-10s attempt %d%s%n", id, run.stepStatus(id), run.attempt(id), recovered);
        }
        out.flush();
        if (run.status() == JobStatus.RUNNING) {
            throw new IllegalStateException("job run ended while the planner still reports RUNNING");
        }
    }
}
