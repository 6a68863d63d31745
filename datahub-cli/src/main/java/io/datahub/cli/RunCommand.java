package io.datahub.cli;

import io.datahub.model.run.PipelineRunResult;
import io.datahub.model.run.RunStatus;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code datahub run PIPELINE_ID --app APP ...}: one pipeline, in-process on local[*], or with {@code --submit} on
 * Spark through Livy or spark-submit, waiting for its end. Either way the same summary and the same run history.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run one pipeline in-process on local Spark (embedded mode), or with --submit through Livy or spark-submit; "
                + "wait for its end, record the run, print a summary.")
public final class RunCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "PIPELINE_ID", description = "The pipeline to run.")
    String pipelineId;

    @Mixin
    EmbeddedOptions options;

    @Mixin
    SubmitOptions submit;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        submit.validate(spec.commandLine(), System.getenv());
        if (!submit.submitted()) {
            return finish(options.runner(out).run(options.app, pipelineId, options.runDate(), options.parameters, 1, null), out);
        }
        Path data = options.data.toAbsolutePath().normalize();
        try (SubmittedEngine engine = submit.engine(spec.commandLine(), System.getenv(), data, options.secrets(), out)) {
            PipelineRunner runner = options.runner(out, engine, submit.dataRoot(data));
            return finish(runner.run(options.app, pipelineId, options.runDate(), options.parameters, 1, null), out);
        }
    }

    private static int finish(PipelineRunResult result, PrintWriter out) {
        RunSummary.print(result, out);
        return result.status() == RunStatus.SUCCEEDED ? 0 : 1;
    }
}
