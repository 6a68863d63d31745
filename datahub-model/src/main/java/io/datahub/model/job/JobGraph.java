package io.datahub.model.job;

import io.datahub.model.graph.CycleFinder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The validated dependency DAG of one job pipeline. Immutable; a {@link JobRun} executes it.
 *
 * <p>Arrows in messages point the way work flows: {@code a -> b} means b depends on a.
 */
public final class JobGraph {

    private final String jobId;
    private final List<JobStep> steps;
    private final Map<String, Integer> indexById;
    private final Map<String, Integer> ownerByFallback;
    private final int[][] dependencies;
    private final List<List<String>> dependents;
    private final int[] topologicalOrder;

    private JobGraph(String jobId, List<JobStep> steps, Map<String, Integer> indexById,
                     Map<String, Integer> ownerByFallback) {
        this.jobId = jobId;
        this.steps = steps;
        this.indexById = indexById;
        this.ownerByFallback = ownerByFallback;
        this.dependencies = new int[steps.size()][];
        List<List<String>> dependentIds = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            dependentIds.add(new ArrayList<>());
        }
        for (int i = 0; i < steps.size(); i++) {
            List<String> deps = steps.get(i).dependsOn();
            dependencies[i] = new int[deps.size()];
            for (int d = 0; d < deps.size(); d++) {
                dependencies[i][d] = indexById.get(deps.get(d));
                dependentIds.get(dependencies[i][d]).add(steps.get(i).pipelineId());
            }
        }
        this.dependents = dependentIds.stream().map(List::copyOf).toList();
        this.topologicalOrder = sortTopologically();
    }

    /** Validates the steps and builds the graph; throws {@link JobGraphException} for the first problem found. */
    public static JobGraph of(String jobId, List<JobStep> steps) {
        Objects.requireNonNull(jobId, "jobId");
        List<JobStep> copy = List.copyOf(Objects.requireNonNull(steps, "steps"));
        if (copy.isEmpty()) {
            throw new JobGraphException("job '" + jobId + "' has no pipelineRef");
        }
        Map<String, Integer> indexById = new LinkedHashMap<>();
        for (JobStep step : copy) {
            if (indexById.putIfAbsent(step.pipelineId(), indexById.size()) != null) {
                throw new JobGraphException("pipelineRef '" + step.pipelineId() + "' is listed twice");
            }
        }
        Map<String, Integer> ownerByFallback = new HashMap<>();
        for (JobStep step : copy) {
            checkDependencies(jobId, step, indexById);
            checkFallback(jobId, step, indexById, ownerByFallback, copy);
        }
        Map<String, List<String>> flow = new HashMap<>();
        for (JobStep step : copy) {
            for (String dependency : step.dependsOn()) {
                flow.computeIfAbsent(dependency, k -> new ArrayList<>()).add(step.pipelineId());
            }
        }
        Optional<List<String>> cycle = CycleFinder.findCycle(List.copyOf(indexById.keySet()), flow);
        if (cycle.isPresent()) {
            throw new JobGraphException("dependency cycle: " + String.join(" -> ", cycle.get()));
        }
        return new JobGraph(jobId, copy, Map.copyOf(indexById), Map.copyOf(ownerByFallback));
    }

    private static void checkDependencies(String jobId, JobStep step, Map<String, Integer> indexById) {
        Set<String> seen = new HashSet<>();
        for (String dependency : step.dependsOn()) {
            if (!indexById.containsKey(dependency)) {
                throw new JobGraphException("pipelineRef '" + step.pipelineId() + "' depends on '" + dependency
                        + "', which is not a pipelineRef of job '" + jobId + "'");
            }
            if (!seen.add(dependency)) {
                throw new JobGraphException("pipelineRef '" + step.pipelineId() + "' lists '" + dependency
                        + "' twice in dependsOn");
            }
        }
    }

    /**
     * Completions name a run by pipeline id and attempt only, so a fallback pipeline must not also run as a
     * step of the job or as the fallback of another step: its completions could not be told apart.
     */
    private static void checkFallback(String jobId, JobStep step, Map<String, Integer> indexById,
                                      Map<String, Integer> ownerByFallback, List<JobStep> steps) {
        String id = step.pipelineId();
        String fallback = step.fallback();
        if (step.onFailure() != FailurePolicy.FALLBACK) {
            if (fallback != null) {
                throw new JobGraphException("pipelineRef '" + id + "' names fallback '" + fallback
                        + "' but its onFailure is " + step.onFailure().xmlValue()
                        + "; a fallback needs onFailure=fallback");
            }
            return;
        }
        if (fallback == null) {
            throw new JobGraphException("pipelineRef '" + id + "' has onFailure=fallback but names no fallback pipeline");
        }
        if (fallback.equals(id)) {
            throw new JobGraphException("pipelineRef '" + id + "' names itself as its fallback");
        }
        if (indexById.containsKey(fallback)) {
            throw new JobGraphException("pipelineRef '" + id + "' falls back to '" + fallback
                    + "', which is a pipelineRef of job '" + jobId + "' too; a fallback must be a pipeline outside the job");
        }
        Integer other = ownerByFallback.putIfAbsent(fallback, indexById.get(id));
        if (other != null) {
            throw new JobGraphException("pipelineRefs '" + steps.get(other).pipelineId() + "' and '" + id
                    + "' both fall back to '" + fallback + "'; each step needs its own fallback pipeline");
        }
    }

    /** Kahn's algorithm; among ready steps the earliest in document order goes first. */
    private int[] sortTopologically() {
        int[] waitingOn = new int[steps.size()];
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int i = 0; i < steps.size(); i++) {
            waitingOn[i] = dependencies[i].length;
            if (waitingOn[i] == 0) {
                ready.add(i);
            }
        }
        int[] order = new int[steps.size()];
        int n = 0;
        while (!ready.isEmpty()) {
            int i = ready.poll();
            order[n++] = i;
            for (String dependent : dependents.get(i)) {
                int d = indexById.get(dependent);
                if (--waitingOn[d] == 0) {
                    ready.add(d);
                }
            }
        }
        return order;
    }

    public String jobId() {
        return jobId;
    }

    /** The steps in document order. */
    public List<JobStep> steps() {
        return steps;
    }

    public JobStep step(String pipelineId) {
        return steps.get(requireIndex(pipelineId));
    }

    /** The steps that list {@code pipelineId} in their dependsOn, in document order (direct dependents only). */
    public List<String> dependents(String pipelineId) {
        return dependents.get(requireIndex(pipelineId));
    }

    /** Every step after all of its dependencies; document order breaks ties. */
    public List<String> topologicalOrder() {
        List<String> ids = new ArrayList<>(topologicalOrder.length);
        for (int i : topologicalOrder) {
            ids.add(steps.get(i).pipelineId());
        }
        return List.copyOf(ids);
    }

    int size() {
        return steps.size();
    }

    /** Document index of a step, or -1. */
    int indexOf(String pipelineId) {
        Integer index = indexById.get(pipelineId);
        return index == null ? -1 : index;
    }

    /** Document index of the step whose fallback is {@code pipelineId}, or -1. */
    int fallbackOwnerOf(String pipelineId) {
        Integer index = ownerByFallback.get(pipelineId);
        return index == null ? -1 : index;
    }

    int[] dependencyIndexes(int index) {
        return dependencies[index].clone();
    }

    int[] topologicalIndexes() {
        return topologicalOrder.clone();
    }

    private int requireIndex(String pipelineId) {
        int index = indexOf(pipelineId);
        if (index < 0) {
            throw new IllegalArgumentException("job '" + jobId + "' has no pipelineRef '" + pipelineId + "'");
        }
        return index;
    }
}
