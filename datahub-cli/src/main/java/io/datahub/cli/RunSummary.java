package io.datahub.cli;

import io.datahub.model.run.PipelineRunResult;
import io.datahub.model.run.StepMetrics;
import java.io.PrintWriter;

/** The table printed after a pipeline run: rows and time per step, then the outcome. */
final class RunSummary {

    private RunSummary() {
    }

    static void print(PipelineRunResult r, PrintWriter out) {
        out.printf("%nPipeline %s (%s/%s) run date %s, run id %s%n", r.pipelineId(), r.app(), r.layer(), r.runDate(), r.runId());
        if (r.steps() != null && !r.steps().isEmpty()) {
            int width = Math.max(40, r.steps().stream().mapToInt(s -> s.kind().length() + s.name().length() + 1).max().orElse(40));
            out.printf("  %-" + width + "s %12s %10s%n", "step", "rows", "ms");
            for (StepMetrics s : r.steps()) {
                out.printf("  %-" + width + "s %12s %10d%n", s.kind() + " " + s.name(), s.rows() < 0 ? "-" : String.valueOf(s.rows()), s.millis());
            }
        }
        long read = r.rowsRead() == null ? 0 : r.rowsRead().values().stream().mapToLong(Long::longValue).sum();
        long written = r.rowsWritten() == null ? 0 : r.rowsWritten().values().stream().mapToLong(Long::longValue).sum();
        out.printf("Outcome: %s in %.1f s (rows read %d, rows written %d", r.status(), r.durationMs() / 1000.0, read, written);
        if (r.rowsQuarantined() != null && !r.rowsQuarantined().isEmpty()) {
            out.printf(", quarantined %s", r.rowsQuarantined());
        }
        if (r.rowsRejected() != null && !r.rowsRejected().isEmpty()) {
            out.printf(", rejected %s", r.rowsRejected());
        }
        out.println(")");
        if (r.warnings() != null) {
            r.warnings().forEach(w -> out.println("  warning: " + w));
        }
        if (r.errorCategory() != null) {
            out.println("  error [" + r.errorCategory() + "]: " + r.errorMessage());
        }
        out.flush();
    }
}
