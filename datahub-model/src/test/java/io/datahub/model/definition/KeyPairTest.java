package io.datahub.model.definition;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KeyPairTest {

    @Test
    void singleColumnIsTheSameNameOnBothSides() {
        assertEquals(List.of(new KeyPair("country_code", "country_code")), KeyPair.parseAll("country_code"));
    }

    @Test
    void pairNamesSourceThenLookupColumn() {
        assertEquals(List.of(new KeyPair("segment_code", "code")), KeyPair.parseAll("segment_code=code"));
    }

    @Test
    void mixedListWithBlanksAroundItemsAndSides() {
        assertEquals(List.of(new KeyPair("a", "b"), new KeyPair("c", "c"), new KeyPair("_d1", "e_2")),
                KeyPair.parseAll(" a = b , c,_d1=e_2 "));
    }

    @Test
    void nullOrBlankGivesNoKeys() {
        assertEquals(List.of(), KeyPair.parseAll(null));
        assertEquals(List.of(), KeyPair.parseAll(" "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a=b=c", "a=", "=b", "=", "1a", "a=1b", "t.a", "a b", "a-b"})
    void malformedItemIsReportedWithItsText(String item) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeyPair.parseAll(item));
        assertEquals("key '" + item + "' is not 'column' or 'sourceColumn=lookupColumn'", e.getMessage());
    }

    @Test
    void emptyItemIsReported() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeyPair.parseAll("a,,b"));
        assertEquals("key '' is not 'column' or 'sourceColumn=lookupColumn'", e.getMessage());
    }

    @Test
    void messageNamesTheTrimmedBadItemOfAList() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeyPair.parseAll("a=b, c=d=e "));
        assertEquals("key 'c=d=e' is not 'column' or 'sourceColumn=lookupColumn'", e.getMessage());
    }
}
