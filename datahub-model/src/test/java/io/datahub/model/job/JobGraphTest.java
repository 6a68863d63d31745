package io.datahub.model.job;

import static io.datahub.model.job.Fixtures.fallback;
import static io.datahub.model.job.Fixtures.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JobGraphTest {

    private static final FailurePolicy HALT = FailurePolicy.HALT;

    /** Written out of order on purpose: d first, a last. */
    private final JobGraph diamond = Fixtures.graph(
            step("d", HALT, "b", "c"),
            step("c", HALT, "a"),
            step("b", HALT, "a"),
            step("a", HALT));

    @Test
    void accessors() {
        assertEquals("j", diamond.jobId());
        assertEquals(List.of("d", "c", "b", "a"), diamond.steps().stream().map(JobStep::pipelineId).toList());
        assertEquals(List.of("a"), diamond.step("c").dependsOn());
        assertEquals(List.of("c", "b"), diamond.dependents("a"));
        assertEquals(List.of("d"), diamond.dependents("b"));
        assertEquals(List.of(), diamond.dependents("d"));
    }

    @Test
    void topologicalOrderPutsDependenciesFirstAndBreaksTiesByDocumentOrder() {
        // c and b become ready together; c comes first in the document
        assertEquals(List.of("a", "c", "b", "d"), diamond.topologicalOrder());
        assertEquals(List.of("x", "y", "z"), Fixtures.graph(step("x", HALT), step("y", HALT), step("z", HALT))
                .topologicalOrder());
    }

    @Test
    void unknownStepIsRejectedByAccessors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> diamond.step("zz"));
        assertEquals("job 'j' has no pipelineRef 'zz'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> diamond.dependents("zz"));
    }

    static Stream<Arguments> invalidJobs() {
        return Stream.of(
                invalid("no steps", List.of(), "job 'j' has no pipelineRef"),
                invalid("duplicate step", List.of(step("x", HALT), step("y", HALT), step("x", HALT)),
                        "pipelineRef 'x' is listed twice"),
                invalid("unknown dependency", List.of(step("a", HALT), step("b", HALT, "a", "zz")),
                        "pipelineRef 'b' depends on 'zz', which is not a pipelineRef of job 'j'"),
                invalid("dependency listed twice", List.of(step("a", HALT), step("b", HALT, "a", "a")),
                        "pipelineRef 'b' lists 'a' twice in dependsOn"),
                invalid("3-cycle, each step after the previous one",
                        List.of(step("a", HALT, "c"), step("b", HALT, "a"), step("c", HALT, "b")),
                        "dependency cycle: a -> b -> c -> a"),
                invalid("3-cycle, each step before the previous one",
                        List.of(step("a", HALT, "b"), step("b", HALT, "c"), step("c", HALT, "a")),
                        "dependency cycle: a -> c -> b -> a"),
                invalid("cycle behind an acyclic start",
                        List.of(step("s", HALT), step("b", HALT, "s", "c"), step("c", HALT, "b")),
                        "dependency cycle: b -> c -> b"),
                invalid("self-dependency", List.of(step("s", HALT), step("a", HALT, "a")),
                        "dependency cycle: a -> a"),
                invalid("fallback policy without fallback", List.of(fallback("b", null)),
                        "pipelineRef 'b' has onFailure=fallback but names no fallback pipeline"),
                invalid("fallback to itself", List.of(fallback("b", "b")),
                        "pipelineRef 'b' names itself as its fallback"),
                invalid("fallback without fallback policy",
                        List.of(new JobStep("b", List.of(), FailurePolicy.SKIP, 0, Duration.ZERO, "b2")),
                        "pipelineRef 'b' names fallback 'b2' but its onFailure is skip;"
                                + " a fallback needs onFailure=fallback"),
                invalid("fallback that is a step of the job", List.of(fallback("b", "c"), step("c", HALT)),
                        "pipelineRef 'b' falls back to 'c', which is a pipelineRef of job 'j' too;"
                                + " a fallback must be a pipeline outside the job"),
                invalid("fallback shared by two steps", List.of(fallback("b", "fb"), fallback("c", "fb")),
                        "pipelineRefs 'b' and 'c' both fall back to 'fb'; each step needs its own fallback pipeline"));
    }

    private static Arguments invalid(String name, List<JobStep> steps, String message) {
        return Arguments.of(name, steps, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidJobs")
    void invalidJobIsRejectedWithAClearMessage(String name, List<JobStep> steps, String message) {
        JobGraphException e = assertThrows(JobGraphException.class, () -> JobGraph.of("j", steps));
        assertEquals(message, e.getMessage());
    }
}
