package io.datahub.spark.transform;

import static io.datahub.spark.transform.StepFixtures.dataset;
import static io.datahub.spark.transform.StepFixtures.row;
import static io.datahub.spark.transform.StepFixtures.rows;
import static io.datahub.spark.transform.StepFixtures.sorted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datahub.model.definition.Derive;
import io.datahub.model.run.ErrorCategory;
import io.datahub.spark.api.DatahubException;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class DeriveStepTest {

    private static Dataset<Row> orders() {
        return dataset("order_id INT, amount INT, status STRING",
                row(1, 10, "NEW"),
                row(2, null, "SHIPPED"));
    }

    private static Dataset<Row> derive(String column, String expression) {
        String xml = StepFixtures.pipeline("orders", "<derive source=\"orders\" column=\"" + column + "\" expression=\"" + expression + "\"/>");
        return new DeriveStep().apply(StepFixtures.step(xml, Derive.class), List.of(orders()), StepFixtures.context(xml, Map.of())).output();
    }

    @Test
    void addsAColumnWithTheRunDateSubstituted() {
        Dataset<Row> out = derive("ingest_date", "to_date('${runDate}')");
        assertEquals(List.of("order_id", "amount", "status", "ingest_date"), StepFixtures.columns(out));
        assertEquals(sorted("1|10|NEW|2026-01-15", "2|null|SHIPPED|2026-01-15"), rows(out));
    }

    @Test
    void replacesAColumnOfTheSameNameInPlace() {
        Dataset<Row> out = derive("amount", "coalesce(amount, 0) * 100");
        assertEquals(List.of("order_id", "amount", "status"), StepFixtures.columns(out));
        assertEquals(sorted("1|1000|NEW", "2|0|SHIPPED"), rows(out));
    }

    @Test
    void theNameMatchesCaseInsensitivelyAndTakesTheNewSpelling() {
        Dataset<Row> out = derive("STATUS", "lower(status)");
        assertEquals(List.of("order_id", "amount", "STATUS"), StepFixtures.columns(out));
        assertEquals(sorted("1|10|new", "2|null|shipped"), rows(out));
    }

    @Test
    void aBadExpressionIsAConfigurationError() {
        DatahubException e = assertThrows(DatahubException.class, () -> derive("x", "amount +"));
        assertEquals(ErrorCategory.CONFIGURATION, e.category());
        assertEquals("<derive> expression of 'x': cannot parse 'amount +': [PARSE_SYNTAX_ERROR] Syntax error at or near end of input.; line 1 pos 8",
                e.getMessage());
    }

    @Test
    void anUnknownColumnIsNamed() {
        DatahubException e = assertThrows(DatahubException.class, () -> derive("x", "amout * 2"));
        assertEquals(ErrorCategory.UNKNOWN_COLUMN, e.category());
        assertEquals("<derive> expression of 'x': column 'amout' does not exist (columns: order_id, amount, status)", e.getMessage());
    }
}
