package io.datahub.model.definition;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MetricTest {

    private static String failure(String item) {
        return assertThrows(IllegalArgumentException.class, () -> Metric.parse(item)).getMessage();
    }

    @Test
    void functionsAreTheDocumentedEight() {
        assertEquals(List.of("count", "countDistinct", "sum", "avg", "min", "max", "first", "last"), Metric.FUNCTIONS);
    }

    @Test
    void countWithOnePartIsCountStarNamedByIt() {
        assertEquals(new Metric("count", null, "orders"), Metric.parse("count:orders"));
    }

    @Test
    void countWithColumnAndAlias() {
        assertEquals(new Metric("count", "customer_id", "customers"), Metric.parse("count:customer_id:customers"));
    }

    @Test
    void functionWithColumnAndAlias() {
        assertEquals(new Metric("sum", "amount", "revenue"), Metric.parse("sum:amount:revenue"));
    }

    @ParameterizedTest
    @CsvSource({
            "sum:revenue, sum, revenue, sum_revenue",
            "avg:amount, avg, amount, avg_amount",
            "min:ordered_at, min, ordered_at, min_ordered_at",
            "max:ordered_at, max, ordered_at, max_ordered_at",
            "first:status, first, status, first_status",
            "last:status, last, status, last_status",
            "countDistinct:customer_id, countDistinct, customer_id, countDistinct_customer_id",
    })
    void defaultAliasIsFunctionUnderscoreColumn(String item, String function, String column, String alias) {
        assertEquals(new Metric(function, column, alias), Metric.parse(item));
    }

    @ParameterizedTest
    @ValueSource(strings = {"countdistinct", "COUNTDISTINCT", "CountDistinct", "countDISTINCT"})
    void countDistinctIsCanonicalisedCaseInsensitively(String function) {
        assertEquals(new Metric("countDistinct", "customer_id", "countDistinct_customer_id"),
                Metric.parse(function + ":customer_id"));
    }

    @Test
    void otherFunctionsAreCanonicalisedToo() {
        assertEquals(new Metric("sum", "amount", "sum_amount"), Metric.parse("SUM:amount"));
        assertEquals(new Metric("count", null, "n"), Metric.parse("Count:n"));
        assertEquals(new Metric("max", "a", "top"), Metric.parse("MaX:a:top"));
    }

    @Test
    void blanksAroundPartsAreIgnored() {
        assertEquals(new Metric("sum", "amount", "revenue"), Metric.parse(" sum : amount : revenue "));
    }

    @Test
    void parseAllReadsTheReferenceExample() {
        assertEquals(List.of(
                        new Metric("count", null, "orders"),
                        new Metric("sum", "amount", "revenue"),
                        new Metric("countDistinct", "customer_id", "customers")),
                Metric.parseAll("count:orders,sum:amount:revenue,countDistinct:customer_id:customers"));
    }

    @Test
    void parseAllTrimsItems() {
        assertEquals(List.of(new Metric("count", null, "orders"), new Metric("sum", "amount", "sum_amount")),
                Metric.parseAll(" count:orders ,  sum:amount "));
    }

    @Test
    void parseAllOfNullOrBlankIsEmpty() {
        assertEquals(List.of(), Metric.parseAll(null));
        assertEquals(List.of(), Metric.parseAll(" "));
    }

    @Test
    void unknownFunctionListsAllFunctions() {
        assertEquals("metric 'median:amount': unknown function 'median' "
                        + "(use one of count, countDistinct, sum, avg, min, max, first, last)",
                failure("median:amount"));
    }

    @Test
    void countDistinctWithUnderscoreIsUnknown() {
        assertEquals("metric 'count_distinct:a:b': unknown function 'count_distinct' "
                        + "(use one of count, countDistinct, sum, avg, min, max, first, last)",
                failure("count_distinct:a:b"));
    }

    @Test
    void emptyFunctionIsUnknown() {
        assertEquals("metric ':amount': unknown function '' "
                        + "(use one of count, countDistinct, sum, avg, min, max, first, last)",
                failure(":amount"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"amount", "sum", "sum:a:b:c", "count:a:b:c:d", "", "   "})
    void wrongNumberOfPartsOrBlank(String item) {
        assertEquals("metric '" + item + "' is not fn:column[:alias] or count:alias", failure(item));
    }

    @Test
    void emptyColumn() {
        assertEquals("metric 'sum:': '' is not a column name", failure("sum:"));
    }

    @Test
    void emptyAlias() {
        assertEquals("metric 'sum:amount:': '' is not a column name", failure("sum:amount:"));
    }

    @Test
    void columnNotAnIdentifier() {
        assertEquals("metric 'sum:1amount': '1amount' is not a column name", failure("sum:1amount"));
        assertEquals("metric 'sum:orders.amount': 'orders.amount' is not a column name", failure("sum:orders.amount"));
        assertEquals("metric 'count:*': '*' is not a column name", failure("count:*"));
    }

    @Test
    void aliasNotAnIdentifier() {
        assertEquals("metric 'sum:amount:total revenue': 'total revenue' is not a column name",
                failure("sum:amount:total revenue"));
    }

    @Test
    void parseAllReportsTheEmptyItem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Metric.parseAll("count:orders,,sum:amount"));
        assertEquals("metric '' is not fn:column[:alias] or count:alias", e.getMessage());
    }

    @Test
    void parseAllReportsTheFirstBadItemTrimmed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Metric.parseAll("count:orders, total:amount , bad"));
        assertEquals("metric 'total:amount': unknown function 'total' "
                + "(use one of count, countDistinct, sum, avg, min, max, first, last)", e.getMessage());
    }
}
