package io.datahub.model.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobStepTest {

    @Test
    void dependsOnIsCopied() {
        List<String> dependsOn = new ArrayList<>(List.of("a"));
        JobStep step = new JobStep("b", dependsOn, FailurePolicy.HALT, 0, Duration.ZERO, null);
        dependsOn.add("c");
        assertEquals(List.of("a"), step.dependsOn());
        assertThrows(UnsupportedOperationException.class, () -> step.dependsOn().add("c"));
    }

    @Test
    void requiredValuesAreChecked() {
        List<String> none = List.of();
        Duration zero = Duration.ZERO;
        assertThrows(NullPointerException.class, () -> new JobStep(null, none, FailurePolicy.HALT, 0, zero, null));
        assertThrows(NullPointerException.class, () -> new JobStep("b", null, FailurePolicy.HALT, 0, zero, null));
        assertThrows(NullPointerException.class,
                () -> new JobStep("b", Arrays.asList("a", null), FailurePolicy.HALT, 0, zero, null));
        assertThrows(NullPointerException.class, () -> new JobStep("b", none, null, 0, zero, null));
        assertThrows(NullPointerException.class, () -> new JobStep("b", none, FailurePolicy.RETRY, 1, null, null));
    }

    @Test
    void valuesOutOfRangeAreRejected() {
        List<String> none = List.of();
        assertEquals("pipelineId is blank", assertThrows(IllegalArgumentException.class,
                () -> new JobStep(" ", none, FailurePolicy.HALT, 0, Duration.ZERO, null)).getMessage());
        assertEquals("pipelineRef 'b': maxRetries must be >= 0, got -1", assertThrows(IllegalArgumentException.class,
                () -> new JobStep("b", none, FailurePolicy.RETRY, -1, Duration.ZERO, null)).getMessage());
        assertEquals("pipelineRef 'b': retryDelay must not be negative, got PT-1S",
                assertThrows(IllegalArgumentException.class,
                        () -> new JobStep("b", none, FailurePolicy.RETRY, 1, Duration.ofSeconds(-1), null))
                        .getMessage());
        assertEquals("pipelineRef 'b': fallback is blank", assertThrows(IllegalArgumentException.class,
                () -> new JobStep("b", none, FailurePolicy.FALLBACK, 0, Duration.ZERO, "")).getMessage());
    }
}
