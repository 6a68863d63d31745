package io.datahub.model.definition;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OrderItemTest {

    @Test
    void itemsWithoutDirectionTakeTheDefault() {
        assertEquals(List.of(new OrderItem("country_code", false), new OrderItem("updated_at", true)),
                OrderItem.parseAll("country_code, updated_at desc", "asc"));
    }

    @Test
    void defaultDirectionDesc() {
        assertEquals(List.of(new OrderItem("updated_at", true), new OrderItem("id", false)),
                OrderItem.parseAll("updated_at, id asc", "desc"));
    }

    @Test
    void directionIsCaseInsensitive() {
        assertEquals(List.of(new OrderItem("a", true), new OrderItem("b", false), new OrderItem("c", true)),
                OrderItem.parseAll("a DESC, b Asc, c dEsC", "asc"));
    }

    @Test
    void anyWhitespaceSeparatesColumnAndDirection() {
        assertEquals(List.of(new OrderItem("a", true), new OrderItem("b_2", false)),
                OrderItem.parseAll("  a \t  desc ,\n b_2   asc", "desc"));
    }

    @Test
    void nullOrBlankGivesNoItems() {
        assertEquals(List.of(), OrderItem.parseAll(null, "asc"));
        assertEquals(List.of(), OrderItem.parseAll("  ", "asc"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a desc nulls", "1a", "t.a", "a-b desc", "asc a b"})
    void malformedItem(String item) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OrderItem.parseAll(item, "asc"));
        assertEquals("orderBy item '" + item + "' is not 'column [asc|desc]'", e.getMessage());
    }

    @Test
    void emptyItem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OrderItem.parseAll("a,,b", "asc"));
        assertEquals("orderBy item '' is not 'column [asc|desc]'", e.getMessage());
    }

    @Test
    void unknownDirection() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OrderItem.parseAll("a asc, b descending", "asc"));
        assertEquals("orderBy item 'b descending': direction must be asc or desc", e.getMessage());
    }

    @Test
    void invalidDefaultDirectionIsReportedForAnItemWithoutDirection() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OrderItem.parseAll("a", "up"));
        assertEquals("orderBy item 'a': direction must be asc or desc", e.getMessage());
    }

    @Test
    void invalidDefaultIsIrrelevantWhenEveryItemNamesItsDirection() {
        assertEquals(List.of(new OrderItem("a", false)), OrderItem.parseAll("a asc", "up"));
    }
}
