package io.datahub.cli;

import io.datahub.model.definition.JobPipelineDefinition;
import io.datahub.model.history.JobRunRecord;
import io.datahub.model.history.PipelineRunRecord;
import io.datahub.model.history.SlaEvaluator;
import io.datahub.model.history.SlaStatus;
import io.datahub.model.job.Decision;
import io.datahub.model.job.JobGraphs;
import io.datahub.model.job.JobRun;
import io.datahub.model.job.JobStatus;
import io.datahub.model.job.LaunchRequest;
import io.datahub.model.job.StepStatus;
import io.datahub.model.run.PipelineRunResult;
import io.datahub.model.run.RunParameters;
import io.datahub.model.run.RunStatus;
import io.datahub.model.validation.ValidationError;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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
        String jobRunId = jobId + "-" + runDate + "-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> parameters = new LinkedHashMap<>(options.parameters);
        try {
            parameters.putAll(RunParameters.resolve(job.parameters(), options.parameters, jobRunId, runDate, options.app,
                    job.layer() == null ? "" : job.layer(), options.data.toAbsolutePath().toString()));
        } catch (IllegalArgumentException e) {
            out.println("job '" + jobId + "': " + e.getMessage());
            out.flush();
            return 1;
        }
        String sla = job.metadata() == null || job.metadata().sla() == null ? null : job.metadata().sla().text();
        Instant started = Instant.now();
        JobRun run = JobRun.start(JobGraphs.of(job), jobRunId, started);
        runner.history().record(jobRecord(job, jobRunId, runDate, run, RunStatus.RUNNING, started, null, sla, Map.of()));
        out.printf("Job %s (%s) run date %s, job run id %s%n", jobId, options.app, runDate, jobRunId);

        Map<String, String> failures = new LinkedHashMap<>();
        Deque<LaunchRequest> queue = new ArrayDeque<>();
        queue.addAll(record(run.begin(started), runner, runDate, jobRunId));
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
                queue.addAll(record(run.due(Instant.now()), runner, runDate, jobRunId));
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
                failures.put(launch.pipelineId(), reason);
                decision = run.failed(launch.pipelineId(), launch.attempt(), reason, Instant.now());
            }
            queue.addAll(record(decision, runner, runDate, jobRunId));
        }
        Instant ended = Instant.now();
        RunStatus status = switch (run.status()) {
            case SUCCEEDED -> RunStatus.SUCCEEDED;
            case CANCELLED -> RunStatus.CANCELLED;
            default -> RunStatus.FAILED;
        };
        Map<String, String> failed = new LinkedHashMap<>();
        run.failedSteps().forEach(id -> failed.put(id, failures.getOrDefault(id, "failed")));
        runner.history().record(jobRecord(job, jobRunId, runDate, run, status, started, ended, sla, failed));
        printJob(out, run, status, started, ended);
        return status == RunStatus.SUCCEEDED ? 0 : 1;
    }

    /** Records SKIPPED and CANCELLED pipelines as run rows (dashboards count them) and returns the launches. */
    private List<LaunchRequest> record(Decision decision, PipelineRunner runner, LocalDate runDate, String jobRunId) {
        Instant now = Instant.now();
        for (String id : decision.newlySkipped()) {
            runner.history().record(notRun(id, RunStatus.SKIPPED, runDate, jobRunId, now));
        }
        for (String id : decision.newlyCancelled()) {
            runner.history().record(notRun(id, RunStatus.CANCELLED, runDate, jobRunId, now));
        }
        return decision.launches();
    }

    private PipelineRunRecord notRun(String pipelineId, RunStatus status, LocalDate runDate, String jobRunId, Instant now) {
        return new PipelineRunRecord(jobRunId + "-" + pipelineId, 1, jobRunId, options.app, null, pipelineId, null, runDate,
                EmbeddedEngine.SUBMIT_MODE, null, status, now, now, 0L, null, null, null, null, null, SlaStatus.UNKNOWN);
    }

    private JobRunRecord jobRecord(JobPipelineDefinition job, String jobRunId, LocalDate runDate, JobRun run, RunStatus status,
                                   Instant started, Instant ended, String sla, Map<String, String> failed) {
        Map<StepStatus, Integer> counts = run.counts();
        return new JobRunRecord(jobRunId, options.app, job.id(), job.version(), runDate, status, started, ended,
                ended == null ? null : Duration.between(started, ended).toMillis(), job.pipelines().size(),
                counts.getOrDefault(StepStatus.SUCCEEDED, 0), counts.getOrDefault(StepStatus.FAILED, 0),
                counts.getOrDefault(StepStatus.SKIPPED, 0), counts.getOrDefault(StepStatus.CANCELLED, 0), failed,
                failed.isEmpty() ? null : String.join("; ", failed.keySet()) + " failed", sla,
                SlaEvaluator.evaluate(sla, started, ended, Instant.now()));
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
