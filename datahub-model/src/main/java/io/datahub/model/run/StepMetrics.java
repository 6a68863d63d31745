package io.datahub.model.run;

/**
 * What one element of a pipeline did in a run.
 *
 * @param name     the element's label: a source id, {@code <element> -> output}, or a target label
 * @param kind     source, transformation or target
 * @param rows     rows read (source), written (target) or produced (transformation, when counted; -1 when not)
 * @param millis   wall time spent in the element's own work (planning for lazy steps, the write for targets)
 */
public record StepMetrics(String name, String kind, long rows, long millis) {
}
