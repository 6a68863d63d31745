package io.datahub.cli;

import io.datahub.model.run.PipelineRunResult;
import io.datahub.model.run.RunStatus;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code datahub run PIPELINE_ID --app APP ...}: one pipeline, in-process on local[*]. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run one pipeline in-process on local Spark (embedded mode), record the run, print a summary.")
public final class RunCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "PIPELINE_ID", description = "The pipeline to run.")
    String pipelineId;

    @Mixin
    EmbeddedOptions options;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        EmbeddedRunner runner = options.runner(out);
        PipelineRunResult result = runner.run(options.app, pipelineId, options.runDate(), options.parameters, 1, null);
        RunSummary.print(result, out);
        return result.status() == RunStatus.SUCCEEDED ? 0 : 1;
    }
}
