package io.datahub.spark.transform;

import static io.datahub.spark.transform.StepTestSupport.assertColumns;
import static io.datahub.spark.transform.StepTestSupport.assertFails;
import static io.datahub.spark.transform.StepTestSupport.assertRows;
import static io.datahub.spark.transform.StepTestSupport.frame;
import static io.datahub.spark.transform.StepTestSupport.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datahub.model.definition.Merge;
import io.datahub.model.run.ErrorCategory;
import io.datahub.spark.api.DatahubException;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MergeStepTest {

    private static final Dataset<Row> EU = frame("id INT, amount INT, channel STRING",
            row(1, 10, "web"), row(2, 20, "shop"), row(3, 30, "web"));
    // Same columns in another order and case; its first row repeats EU's first.
    private static final Dataset<Row> US = frame("CHANNEL STRING, amount INT, id INT",
            row("web", 10, 1), row("app", 40, 4));
    private static final Dataset<Row> APAC = frame("id INT, amount INT, discount DOUBLE",
            row(5, 50, 0.5), row(1, 10, null));

    @TempDir
    Path data;

    @Test
    void unionByColumnNameKeepsDuplicates() {
        Dataset<Row> out = run("sources=\"eu, us\"", EU, US);
        assertColumns(out, "id", "amount", "channel");
        assertRows(out, "1|10|web", "1|10|web", "2|20|shop", "3|30|web", "4|40|app");
    }

    @Test
    void distinctRemovesDuplicateRows() {
        assertRows(run("sources=\"eu, us\" distinct=\"true\"", EU, US), "1|10|web", "2|20|shop", "3|30|web", "4|40|app");
    }

    @Test
    void differentColumnsFailWithoutAllowMissingColumns() {
        assertFails(ErrorCategory.SCHEMA_MISMATCH, "<merge> sources have different columns: 'eu' lacks discount; 'us' lacks discount;"
                        + " 'apac' lacks channel (allowMissingColumns=\"true\" fills missing columns with nulls)",
                () -> run("sources=\"eu, us, apac\"", EU, US, APAC));
    }

    @Test
    void allowMissingColumnsFillsNullsAndAppendsNewColumns() {
        Dataset<Row> out = run("sources=\"eu, us, apac\" allowMissingColumns=\"true\"", EU, US, APAC);
        assertColumns(out, "id", "amount", "channel", "discount");
        assertRows(out,
                "1|10|web|null", "2|20|shop|null", "3|30|web|null",
                "1|10|web|null", "4|40|app|null",
                "5|50|null|0.5", "1|10|null|null");
    }

    @Test
    void allowMissingColumnsWithDistinct() {
        Dataset<Row> out = run("sources=\"eu, apac, us\" allowMissingColumns=\"true\" distinct=\"true\"", EU, APAC, US);
        assertColumns(out, "id", "amount", "channel", "discount");
        assertRows(out, "1|10|web|null", "2|20|shop|null", "3|30|web|null", "4|40|app|null", "5|50|null|0.5", "1|10|null|null");
    }

    @Test
    void incompatibleTypesAreASchemaMismatch() {
        Dataset<Row> bad = frame("id INT, amount ARRAY<INT>, channel STRING", row(9, List.of(1).toArray(), "web"));
        DatahubException e = assertThrows(DatahubException.class, () -> run("sources=\"eu, bad\"", EU, bad));
        assertEquals(ErrorCategory.SCHEMA_MISMATCH, e.category());
        assertTrue(e.getMessage().startsWith("<merge> sources eu, bad: "), e.getMessage());
        assertTrue(e.getMessage().contains("ARRAY<INT>"), e.getMessage());
    }

    @SafeVarargs
    private Dataset<Row> run(String attributes, Dataset<Row>... inputs) {
        String xml = """
                <pipeline id="p" version="1.0.0" layer="staging">
                  <sources><csv id="eu" path="in/eu.csv"/><csv id="us" path="in/us.csv"/><csv id="apac" path="in/apac.csv"/>
                    <csv id="bad" path="in/bad.csv"/></sources>
                  <transformations><merge %s output="all"/></transformations>
                  <targets><csv path="out"/></targets>
                </pipeline>
                """.formatted(attributes);
        Merge step = StepTestSupport.step(xml);
        return new MergeStep().apply(step, List.of(inputs), StepTestSupport.context(xml, data)).output();
    }
}
