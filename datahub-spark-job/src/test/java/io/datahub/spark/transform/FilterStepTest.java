package io.datahub.spark.transform;

import static io.datahub.spark.transform.StepFixtures.dataset;
import static io.datahub.spark.transform.StepFixtures.row;
import static io.datahub.spark.transform.StepFixtures.rows;
import static io.datahub.spark.transform.StepFixtures.sorted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datahub.model.definition.Filter;
import io.datahub.model.run.ErrorCategory;
import io.datahub.spark.api.DatahubException;
import java.sql.Date;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class FilterStepTest {

    private static Dataset<Row> orders() {
        return dataset("order_id INT, status STRING, amount DOUBLE, order_date DATE",
                row(1, "NEW", 10.5, Date.valueOf("2026-01-15")),
                row(2, "CANCELLED", 20.0, Date.valueOf("2026-01-15")),
                row(3, "NEW", 0.0, Date.valueOf("2026-01-14")),
                row(4, "SHIPPED", 7.25, Date.valueOf("2026-01-14")),
                row(5, "NEW", null, Date.valueOf("2026-01-15")),
                row(6, null, 3.0, Date.valueOf("2026-01-15")));
    }

    private static Dataset<Row> filter(String condition) {
        String xml = StepFixtures.pipeline("orders", "<filter source=\"orders\" condition=\"" + condition + "\"/>");
        return new FilterStep().apply(StepFixtures.step(xml, Filter.class), List.of(orders()), StepFixtures.context(xml, Map.of())).output();
    }

    @Test
    void keepsRowsWhereTheConditionIsTrueAndDropsFalseAndNull() {
        Dataset<Row> out = filter("status &lt;&gt; 'CANCELLED' AND amount &gt; 0");
        assertEquals(List.of("order_id", "status", "amount", "order_date"), StepFixtures.columns(out));
        // row 5: amount null -> condition null -> dropped; row 6: status null -> dropped
        assertEquals(sorted("1|NEW|10.5|2026-01-15", "4|SHIPPED|7.25|2026-01-14"), rows(out));
    }

    @Test
    void substitutesTheRunDate() {
        assertEquals(sorted("1|NEW|10.5|2026-01-15", "2|CANCELLED|20.0|2026-01-15", "5|NEW|null|2026-01-15", "6|null|3.0|2026-01-15"),
                rows(filter("order_date = DATE '${runDate}'")));
    }

    @Test
    void aBadExpressionIsAConfigurationErrorWithSparksParseMessage() {
        DatahubException e = assertThrows(DatahubException.class, () -> filter("amount &gt;"));
        assertEquals(ErrorCategory.CONFIGURATION, e.category());
        assertEquals("<filter> condition: cannot parse 'amount >': [PARSE_SYNTAX_ERROR] Syntax error at or near end of input.; line 1 pos 8",
                e.getMessage());
    }

    @Test
    void anUnknownColumnIsNamedWithTheColumnsThatExist() {
        DatahubException e = assertThrows(DatahubException.class, () -> filter("amnt &gt; 0"));
        assertEquals(ErrorCategory.UNKNOWN_COLUMN, e.category());
        assertEquals("<filter> condition: column 'amnt' does not exist (columns: order_id, status, amount, order_date)", e.getMessage());
    }
}
