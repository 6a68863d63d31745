package io.datahub.model.definition;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ParameterReferencesTest {

    @Test
    void namesInOrder() {
        assertEquals(List.of("runDate", "region"), ParameterReferences.names("landing/${runDate}/orders_${region}.csv"));
    }

    @Test
    void repeatedNamesAreAllListed() {
        assertEquals(List.of("a", "b", "a"), ParameterReferences.names("${a}-${b}-${a}"));
    }

    @Test
    void namesAreTrimmed() {
        assertEquals(List.of("region"), ParameterReferences.names("x_${ region }"));
    }

    @Test
    void blankNamesAreListedSoTheyCanBeReported() {
        assertEquals(List.of("", ""), ParameterReferences.names("${}/${  }"));
    }

    @Test
    void textWithoutReferences() {
        assertEquals(List.of(), ParameterReferences.names(null));
        assertEquals(List.of(), ParameterReferences.names(""));
        assertEquals(List.of(), ParameterReferences.names("amount > 0"));
        assertEquals(List.of(), ParameterReferences.names("$runDate and {runDate} and ${unclosed"));
        assertEquals(List.of(), ParameterReferences.names(":runDate"));
    }

    @Test
    void substituteReplacesEveryReference() {
        assertEquals("landing/orders/2026-01-15/EU_2026-01-15.csv",
                ParameterReferences.substitute("landing/orders/${runDate}/${region}_${runDate}.csv",
                        Map.of("runDate", "2026-01-15", "region", "EU")));
    }

    @Test
    void substituteWithBlanksInsideTheBraces() {
        assertEquals("amount >= 10", ParameterReferences.substitute("amount >= ${ minAmount }", Map.of("minAmount", "10")));
    }

    @Test
    void substituteWithoutReferencesReturnsTheText() {
        assertEquals("amount > 0", ParameterReferences.substitute("amount > 0", Map.of()));
        assertEquals("", ParameterReferences.substitute("", Map.of()));
    }

    @Test
    void substituteOfNullIsNull() {
        assertNull(ParameterReferences.substitute(null, Map.of("a", "b")));
    }

    @Test
    void valuesAreInsertedLiterally() {
        assertEquals("pw=a$1\\b${x}", ParameterReferences.substitute("pw=${p}", Map.of("p", "a$1\\b${x}")));
    }

    @Test
    void emptyValueIsAllowed() {
        assertEquals("ab", ParameterReferences.substitute("a${e}b", Map.of("e", "")));
    }

    @Test
    void unknownNameIsAnErrorNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ParameterReferences.substitute("path/${runDate}/${missing}", Map.of("runDate", "2026-01-15")));
        assertEquals("parameter 'missing' has no value", e.getMessage());
    }

    @Test
    void unknownNameIsReportedTrimmed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ParameterReferences.substitute("${ missing }", Map.of()));
        assertEquals("parameter 'missing' has no value", e.getMessage());
    }

    @Test
    void blankNameIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ParameterReferences.substitute("${ }", Map.of()));
        assertEquals("parameter '' has no value", e.getMessage());
    }

    @Test
    void namesAreCaseSensitive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ParameterReferences.substitute("${rundate}", Map.of("runDate", "2026-01-15")));
        assertEquals("parameter 'rundate' has no value", e.getMessage());
    }
}
