package io.datahub.model.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a cycle in a directed graph of string ids, deterministically, so that an error message
 * names the same path on every run. Shared by the job planner (pipelineRef dependencies) and the
 * semantic validator (transformation data flow).
 */
public final class CycleFinder {

    private static final int UNSEEN = 0;
    private static final int ON_PATH = 1;
    private static final int DONE = 2;

    private CycleFinder() {
    }

    /**
     * Returns one cycle, or empty when the graph is acyclic.
     *
     * <p>The search starts from each node in document order and follows each node's edges in the
     * order given. The cycle it meets first is returned as a path that follows the edges, starts at
     * the node of that cycle that comes first in document order, and repeats that node at the end
     * ({@code [a, b, c, a]}; a self-loop is {@code [a, a]}).
     *
     * @param nodesInDocumentOrder every node, in the order a reader meets them (a repeated node keeps
     *                             its first position)
     * @param edges                node to the nodes it points at; a node missing from the map has no
     *                             edges; edges to nodes not in {@code nodesInDocumentOrder} are ignored
     *                             (the caller reports unknown references on its own)
     */
    public static Optional<List<String>> findCycle(List<String> nodesInDocumentOrder,
                                                   Map<String, List<String>> edges) {
        Map<String, Integer> order = new HashMap<>();
        List<String> roots = new ArrayList<>();
        for (String node : nodesInDocumentOrder) {
            if (order.putIfAbsent(node, order.size()) == null) {
                roots.add(node);
            }
        }
        Map<String, Integer> mark = new HashMap<>();
        for (String root : roots) {
            if (mark.getOrDefault(root, UNSEEN) == UNSEEN) {
                Optional<List<String>> cycle = search(root, edges, order, mark);
                if (cycle.isPresent()) {
                    return cycle;
                }
            }
        }
        return Optional.empty();
    }

    /** Iterative depth-first search, so a long chain cannot overflow the call stack. */
    private static Optional<List<String>> search(String root, Map<String, List<String>> edges,
                                                 Map<String, Integer> order, Map<String, Integer> mark) {
        List<String> path = new ArrayList<>();
        Deque<Integer> nextEdge = new ArrayDeque<>();
        path.add(root);
        nextEdge.push(0);
        mark.put(root, ON_PATH);
        while (!path.isEmpty()) {
            String node = path.get(path.size() - 1);
            List<String> targets = edges.getOrDefault(node, List.of());
            int i = nextEdge.pop();
            if (i == targets.size()) {
                mark.put(node, DONE);
                path.remove(path.size() - 1);
                continue;
            }
            nextEdge.push(i + 1);
            String target = targets.get(i);
            if (!order.containsKey(target)) {
                continue;
            }
            int state = mark.getOrDefault(target, UNSEEN);
            if (state == ON_PATH) {
                return Optional.of(closedPath(path.subList(path.indexOf(target), path.size()), order));
            }
            if (state == UNSEEN) {
                mark.put(target, ON_PATH);
                path.add(target);
                nextEdge.push(0);
            }
        }
        return Optional.empty();
    }

    /** Rotates the cycle to start at its earliest node in document order and closes it. */
    private static List<String> closedPath(List<String> cycle, Map<String, Integer> order) {
        int start = 0;
        for (int i = 1; i < cycle.size(); i++) {
            if (order.get(cycle.get(i)) < order.get(cycle.get(start))) {
                start = i;
            }
        }
        List<String> result = new ArrayList<>(cycle.size() + 1);
        for (int i = 0; i < cycle.size(); i++) {
            result.add(cycle.get((start + i) % cycle.size()));
        }
        result.add(cycle.get(start));
        return List.copyOf(result);
    }
}
