package io.datahub.model.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CycleFinderTest {

    private static Optional<List<String>> find(List<String> nodes, Map<String, List<String>> edges) {
        return CycleFinder.findCycle(nodes, edges);
    }

    @Test
    void emptyAndEdgelessGraphsHaveNoCycle() {
        assertEquals(Optional.empty(), find(List.of(), Map.of()));
        assertEquals(Optional.empty(), find(List.of("a", "b"), Map.of()));
    }

    @Test
    void nodeReachedTwiceIsNotACycle() {
        // diamond a -> b, a -> c, b -> d, c -> d
        assertEquals(Optional.empty(), find(List.of("a", "b", "c", "d"),
                Map.of("a", List.of("b", "c"), "b", List.of("d"), "c", List.of("d"))));
    }

    @Test
    void selfLoop() {
        assertEquals(Optional.of(List.of("b", "b")), find(List.of("a", "b"), Map.of("a", List.of("b"), "b", List.of("b"))));
    }

    @Test
    void twoCycle() {
        assertEquals(Optional.of(List.of("a", "b", "a")), find(List.of("a", "b"),
                Map.of("a", List.of("b"), "b", List.of("a"))));
    }

    @Test
    void pathStartsAtTheCycleNodeThatComesFirstInDocumentOrder() {
        // the search enters the cycle at c (from x), but b comes first in the document
        assertEquals(Optional.of(List.of("b", "c", "d", "b")), find(List.of("x", "b", "c", "d"),
                Map.of("x", List.of("c"), "c", List.of("d"), "d", List.of("b"), "b", List.of("c"))));
    }

    @Test
    void firstCycleInDocumentOrderIsReported() {
        assertEquals(Optional.of(List.of("p", "q", "p")), find(List.of("p", "q", "x", "y"),
                Map.of("x", List.of("y"), "y", List.of("x"), "p", List.of("q"), "q", List.of("p"))));
    }

    @Test
    void edgesToUnlistedNodesAreIgnored() {
        assertEquals(Optional.empty(), find(List.of("a"), Map.of("a", List.of("ghost"), "ghost", List.of("a"))));
    }

    @Test
    void repeatedNodeKeepsItsFirstPosition() {
        assertEquals(Optional.of(List.of("a", "b", "a")), find(List.of("a", "b", "a"),
                Map.of("b", List.of("a"), "a", List.of("b"))));
    }

    @Test
    void longChainsDoNotOverflowTheStack() {
        List<String> nodes = new ArrayList<>();
        Map<String, List<String>> edges = new HashMap<>();
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            nodes.add("n" + i);
            if (i + 1 < n) {
                edges.put("n" + i, List.of("n" + (i + 1)));
            }
        }
        assertEquals(Optional.empty(), find(nodes, edges));
        edges.put("n" + (n - 1), List.of("n0"));
        List<String> cycle = find(nodes, edges).orElseThrow();
        assertEquals(n + 1, cycle.size());
        assertEquals("n0", cycle.get(0));
        assertEquals("n0", cycle.get(n));
        assertEquals("n99999", cycle.get(n - 1));
    }
}
