package io.datahub.model.definition;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SelectItemTest {

    private static SelectItem only(String columns) {
        List<SelectItem> items = SelectItem.parseAll(columns);
        assertEquals(1, items.size(), () -> "items of " + columns + ": " + items);
        return items.get(0);
    }

    @Test
    void referenceExampleSplitsIntoFourItems() {
        assertEquals(List.of(
                        new SelectItem("order_id", null),
                        new SelectItem("customer_id", null),
                        new SelectItem("upper(trim(country_code))", "country_code"),
                        new SelectItem("amount", null)),
                SelectItem.parseAll("order_id, customer_id, upper(trim(country_code)) AS country_code, amount"));
    }

    @Test
    void commaInsideParenthesesDoesNotSplit() {
        assertEquals(List.of(new SelectItem("concat(a, b)", "ab"), new SelectItem("c", null)),
                SelectItem.parseAll("concat(a, b) AS ab, c"));
    }

    @Test
    void commaInsideNestedParenthesesDoesNotSplit() {
        assertEquals(List.of(new SelectItem("coalesce(nullif(a, ''), concat(b, c))", "d"), new SelectItem("e", null)),
                SelectItem.parseAll("coalesce(nullif(a, ''), concat(b, c)) AS d,e"));
    }

    @Test
    void commaInsideQuotesDoesNotSplit() {
        assertEquals(List.of(
                        new SelectItem("concat(last, ', ', first)", "full_name"),
                        new SelectItem("'a,b'", "lit"),
                        new SelectItem("\"x,y\"", null),
                        new SelectItem("`odd,name`", null)),
                SelectItem.parseAll("concat(last, ', ', first) AS full_name, 'a,b' AS lit, \"x,y\", `odd,name`"));
    }

    @Test
    void parenthesisInsideQuotesDoesNotChangeNesting() {
        assertEquals(List.of(new SelectItem("instr(name, '(')", "paren_pos"), new SelectItem("b", null)),
                SelectItem.parseAll("instr(name, '(') AS paren_pos, b"));
    }

    @Test
    void closingParenthesisInsideQuotesDoesNotChangeNesting() {
        assertEquals(List.of(new SelectItem("concat(x, ')')", "y"), new SelectItem("z", null)),
                SelectItem.parseAll("concat(x, ')') AS y, z"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "amount AS amt     | amount | amt",
            "amount as amt     | amount | amt",
            "amount As amt     | amount | amt",
            "amount aS amt     | amount | amt",
            "a + b   AS   total | a + b | total",
    })
    void aliasKeywordIsCaseInsensitive(String text, String expression, String alias) {
        assertEquals(new SelectItem(expression, alias), only(text));
    }

    @Test
    void aliasMayFollowANewline() {
        assertEquals(new SelectItem("upper(name)", "name_uc"), only("upper(name)\n  AS name_uc"));
    }

    @Test
    void backtickedAlias() {
        SelectItem item = only("x + 1 AS `total`");
        assertEquals(new SelectItem("x + 1", "total"), item);
        assertEquals("total", item.outputName());
    }

    @Test
    void asInsideParenthesesIsNotAnAlias() {
        SelectItem item = only("cast(amount AS decimal(10,2))");
        assertEquals(new SelectItem("cast(amount AS decimal(10,2))", null), item);
        assertNull(item.outputName());
    }

    @Test
    void castWithAlias() {
        assertEquals(new SelectItem("cast(amount AS int)", "amount_int"), only("cast(amount AS int) AS amount_int"));
    }

    @Test
    void aliasThatIsNotAnIdentifierIsNoAlias() {
        assertEquals(new SelectItem("a AS 1x", null), only("a AS 1x"));
    }

    @Test
    void plainColumnOutputNameIsTheColumn() {
        SelectItem item = only("amount");
        assertNull(item.alias());
        assertEquals("amount", item.outputName());
        assertEquals("_c1", only("_c1").outputName());
    }

    @Test
    void backtickedPlainColumnOutputNameIsTheColumnWithoutBackticks() {
        assertEquals("amount", only("`amount`").outputName());
    }

    @Test
    void aliasIsTheOutputName() {
        assertEquals("revenue", only("sum_amount AS revenue").outputName());
    }

    @Test
    void expressionWithoutAliasHasNoOutputName() {
        assertNull(only("upper(name)").outputName());
        assertNull(only("a + b").outputName());
        assertNull(only("orders.amount").outputName());
        assertNull(only("`odd name`").outputName());
        assertNull(only("'literal'").outputName());
    }

    @Test
    void star() {
        SelectItem star = only("*");
        assertTrue(star.isStar());
        assertNull(star.outputName());
        assertEquals(List.of(new SelectItem("*", null), new SelectItem("upper(a)", "a_uc")),
                SelectItem.parseAll(" * , upper(a) AS a_uc"));
    }

    @Test
    void onlyABareStarIsStar() {
        assertFalse(only("orders.*").isStar());
        assertFalse(only("count(*)").isStar());
        assertFalse(only("amount").isStar());
    }

    @Test
    void emptyItemsAreKeptForTheValidator() {
        assertEquals(List.of(new SelectItem("a", null), new SelectItem("", null), new SelectItem("b", null)),
                SelectItem.parseAll("a,,b"));
        assertEquals(List.of(new SelectItem("", null)), SelectItem.parseAll(""));
    }
}
