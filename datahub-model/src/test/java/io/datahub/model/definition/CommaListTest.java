package io.datahub.model.definition;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CommaListTest {

    @Test
    void nullGivesEmptyList() {
        assertEquals(List.of(), CommaList.split(null));
    }

    @Test
    void emptyOrBlankGivesEmptyList() {
        assertEquals(List.of(), CommaList.split(""));
        assertEquals(List.of(), CommaList.split("   "));
        assertEquals(List.of(), CommaList.split(" \t\n "));
    }

    @Test
    void singleItem() {
        assertEquals(List.of("customer_id"), CommaList.split("customer_id"));
    }

    @Test
    void itemsAreTrimmed() {
        assertEquals(List.of("a", "b", "c"), CommaList.split(" a , b ,c "));
        assertEquals(List.of("a", "b"), CommaList.split("a,\n\t b"));
    }

    @Test
    void emptyItemsAreKept() {
        assertEquals(List.of("a", "", "b"), CommaList.split("a,,b"));
        assertEquals(List.of("a", "", "b"), CommaList.split("a, ,b"));
    }

    @Test
    void leadingAndTrailingCommasGiveEmptyItems() {
        assertEquals(List.of("", "a"), CommaList.split(",a"));
        assertEquals(List.of("a", ""), CommaList.split("a,"));
        assertEquals(List.of("", ""), CommaList.split(","));
    }

    @Test
    void innerBlanksOfAnItemAreKept() {
        assertEquals(List.of("updated_at desc", "id"), CommaList.split("updated_at desc, id"));
    }

    @Test
    void resultIsImmutable() {
        List<String> items = CommaList.split("a,b");
        assertThrows(UnsupportedOperationException.class, () -> items.add("c"));
    }
}
