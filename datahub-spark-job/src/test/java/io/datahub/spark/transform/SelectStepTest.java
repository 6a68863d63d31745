package io.datahub.spark.transform;

import static io.datahub.spark.transform.StepFixtures.dataset;
import static io.datahub.spark.transform.StepFixtures.row;
import static io.datahub.spark.transform.StepFixtures.rows;
import static io.datahub.spark.transform.StepFixtures.sorted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datahub.model.definition.Select;
import io.datahub.model.run.ErrorCategory;
import io.datahub.spark.api.DatahubException;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class SelectStepTest {

    private static Dataset<Row> orders() {
        return dataset("order_id INT, country_code STRING, amount INT",
                row(1, " de ", 10),
                row(2, "fr", 20),
                row(3, null, 30));
    }

    private static Dataset<Row> select(String columns) {
        String xml = StepFixtures.pipeline("orders", "<select source=\"orders\" columns=\"" + columns + "\"/>");
        return new SelectStep().apply(StepFixtures.step(xml, Select.class), List.of(orders()), StepFixtures.context(xml, Map.of())).output();
    }

    @Test
    void projectsExpressionsWithAliasesInOrder() {
        Dataset<Row> out = select("order_id, upper(trim(country_code)) AS country, amount * 2 AS double_amount, "
                + "concat('x', ',', 'y') AS joined, to_date('${runDate}') AS run_date");
        assertEquals(List.of("order_id", "country", "double_amount", "joined", "run_date"), StepFixtures.columns(out));
        assertEquals(sorted("1|DE|20|x,y|2026-01-15", "2|FR|40|x,y|2026-01-15", "3|null|60|x,y|2026-01-15"), rows(out));
    }

    @Test
    void starKeepsEveryColumn() {
        Dataset<Row> out = select("*, amount + 1 AS next");
        assertEquals(List.of("order_id", "country_code", "amount", "next"), StepFixtures.columns(out));
        assertEquals(sorted("1| de |10|11", "2|fr|20|21", "3|null|30|31"), rows(out));
    }

    @Test
    void aBadExpressionIsAConfigurationError() {
        DatahubException e = assertThrows(DatahubException.class, () -> select("order_id, upper(country_code"));
        assertEquals(ErrorCategory.CONFIGURATION, e.category());
        assertEquals("<select> columns: cannot parse 'upper(country_code': [PARSE_SYNTAX_ERROR] Syntax error at or near end of input: missing ')'.; line 1 pos 18",
                e.getMessage());
    }

    @Test
    void anUnknownColumnIsNamed() {
        DatahubException e = assertThrows(DatahubException.class, () -> select("order_id, country AS c"));
        assertEquals(ErrorCategory.UNKNOWN_COLUMN, e.category());
        assertEquals("<select> columns: column 'country' does not exist (columns: order_id, country_code, amount)", e.getMessage());
    }
}
