package io.datahub.model.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class FailurePolicyTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"retry, RETRY", "halt, HALT", "skip, SKIP", "continue, CONTINUE", "fallback, FALLBACK"})
    void xmlValuesMapToPolicies(String xml, FailurePolicy policy) {
        assertEquals(policy, FailurePolicy.fromXml(xml));
        assertEquals(xml, policy.xmlValue());
    }

    @ParameterizedTest(name = "''{0}''")
    @NullAndEmptySource
    @ValueSource(strings = {"RETRY", "Halt", " skip", "abort"})
    void otherValuesAreRejected(String xml) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FailurePolicy.fromXml(xml));
        assertEquals("onFailure '" + xml + "' is not one of retry, halt, skip, continue, fallback", e.getMessage());
    }
}
