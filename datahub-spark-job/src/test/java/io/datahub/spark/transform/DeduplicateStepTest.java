package io.datahub.spark.transform;

import static io.datahub.spark.transform.StepTestSupport.assertColumns;
import static io.datahub.spark.transform.StepTestSupport.assertFails;
import static io.datahub.spark.transform.StepTestSupport.assertRows;
import static io.datahub.spark.transform.StepTestSupport.frame;
import static io.datahub.spark.transform.StepTestSupport.row;
import static io.datahub.spark.transform.StepTestSupport.ts;

import io.datahub.model.definition.Deduplicate;
import io.datahub.model.run.ErrorCategory;
import io.datahub.spark.api.RunContext;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeduplicateStepTest {

    private static final String SCHEMA = "id INT, customer STRING, region STRING, updated_at TIMESTAMP, amount INT";

    // Input order is the list order. Ids are deliberately not in input order, so that "id asc" and
    // "input order" break ties differently: c1 has 4 and 3 tied on updated_at, c2 has 5 and 2.
    private static final Dataset<Row> INPUT = frame(SCHEMA,
            row(1, "c1", "EU", ts("2026-01-01 10:00:00"), 10),
            row(5, "c2", "US", ts("2026-01-02 10:00:00"), 50),
            row(4, "c1", "US", ts("2026-01-03 10:00:00"), 40),
            row(2, "c2", "US", ts("2026-01-02 10:00:00"), 20),
            row(3, "c1", "EU", ts("2026-01-03 10:00:00"), 30),
            row(6, "c3", "EU", null, 60),
            row(7, "c3", "EU", ts("2026-01-01 09:00:00"), 70),
            row(8, "c1", "EU", ts("2026-01-02 12:00:00"), 80),
            row(9, null, "EU", ts("2026-01-05 00:00:00"), 90),
            row(10, null, "EU", ts("2026-01-06 00:00:00"), 100));

    private static final String R1 = "1|c1|EU|2026-01-01T10:00|10";
    private static final String R2 = "2|c2|US|2026-01-02T10:00|20";
    private static final String R3 = "3|c1|EU|2026-01-03T10:00|30";
    private static final String R4 = "4|c1|US|2026-01-03T10:00|40";
    private static final String R5 = "5|c2|US|2026-01-02T10:00|50";
    private static final String R6 = "6|c3|EU|null|60";
    private static final String R7 = "7|c3|EU|2026-01-01T09:00|70";
    private static final String R8 = "8|c1|EU|2026-01-02T12:00|80";
    private static final String R9 = "9|null|EU|2026-01-05T00:00|90";
    private static final String R10 = "10|null|EU|2026-01-06T00:00|100";

    @TempDir
    Path data;

    @Test
    void keepFirstIsTheFirstRowReadPerKeyAndNullKeysFormOneGroup() {
        Dataset<Row> out = run("keys=\"customer\" keep=\"first\"", INPUT);
        assertColumns(out, "id", "customer", "region", "updated_at", "amount");
        assertRows(out, R1, R5, R6, R9);
    }

    @Test
    void firstIsTheDefault() {
        assertRows(run("keys=\"customer\"", INPUT), R1, R5, R6, R9);
    }

    @Test
    void keepLastIsTheLastRowReadPerKey() {
        Dataset<Row> out = run("keys=\"customer\" keep=\"last\"", INPUT);
        assertColumns(out, "id", "customer", "region", "updated_at", "amount");
        assertRows(out, R8, R2, R7, R10);
    }

    @Test
    void multiColumnKeysAreMatchedCaseInsensitively() {
        assertRows(run("keys=\"CUSTOMER, Region\" keep=\"first\"", INPUT), R1, R5, R4, R6, R9);
        assertRows(run("keys=\"customer,region\" keep=\"last\"", INPUT), R8, R2, R4, R7, R10);
    }

    @Test
    void latestIsTheFirstRowByOrderByDescendingByDefaultTiesByInputOrderNullsLast() {
        // c1: 4 and 3 share the newest updated_at, 4 was read first; c3: 6 has no updated_at, so 7 wins.
        assertRows(run("keys=\"customer\" keep=\"latest\" orderBy=\"updated_at\"", INPUT), R4, R5, R7, R10);
    }

    @Test
    void latestWithSeveralOrderItemsAndDirections() {
        assertRows(run("keys=\"customer\" keep=\"latest\" orderBy=\"updated_at desc, id asc\"", INPUT), R3, R2, R7, R10);
        assertRows(run("keys=\"customer\" keep=\"latest\" orderBy=\"updated_at desc, id\"", INPUT), R4, R5, R7, R10);
    }

    @Test
    void latestAscendingKeepsTheOldestAndStillSortsNullsLast() {
        // c2: 5 and 2 tie on the oldest updated_at; 5 was read first. c3: 7, not the null of 6.
        assertRows(run("keys=\"customer\" keep=\"latest\" orderBy=\"updated_at asc\"", INPUT), R1, R5, R7, R9);
    }

    @Test
    void latestWithMultiColumnKeys() {
        assertRows(run("keys=\"customer, region\" keep=\"latest\" orderBy=\"updated_at desc, id asc\"", INPUT),
                R3, R2, R4, R7, R10);
    }

    @Test
    void aColumnNamedLikeTheHelperColumnSurvives() {
        Dataset<Row> input = frame("_dh_seq STRING, k INT",
                row("a", 1), row("b", 1), row("c", 2));
        Dataset<Row> out = run("keys=\"k\" keep=\"last\"", input);
        assertColumns(out, "_dh_seq", "k");
        assertRows(out, "b|1", "c|2");
    }

    @Test
    void unknownKeyColumn() {
        assertFails(ErrorCategory.UNKNOWN_COLUMN,
                "<deduplicate> keys: column 'order_no' does not exist (columns: id, customer, region, updated_at, amount)",
                () -> run("keys=\"customer, order_no\"", INPUT));
    }

    @Test
    void unknownOrderByColumn() {
        assertFails(ErrorCategory.UNKNOWN_COLUMN,
                "<deduplicate> orderBy: column 'changed_at' does not exist (columns: id, customer, region, updated_at, amount)",
                () -> run("keys=\"customer\" keep=\"latest\" orderBy=\"changed_at desc\"", INPUT));
    }

    @Test
    void badOrderByItem() {
        assertFails(ErrorCategory.CONFIGURATION,
                "<deduplicate> orderBy item 'updated_at newest': direction must be asc or desc",
                () -> run("keys=\"customer\" keep=\"latest\" orderBy=\"updated_at newest\"", INPUT));
    }

    private Dataset<Row> run(String attributes, Dataset<Row> input) {
        String xml = """
                <pipeline id="p" version="1.0.0" layer="staging">
                  <sources><csv id="orders" path="in/orders.csv"/></sources>
                  <transformations><deduplicate source="orders" %s/></transformations>
                  <targets><csv path="out"/></targets>
                </pipeline>
                """.formatted(attributes);
        Deduplicate step = StepTestSupport.step(xml);
        RunContext context = StepTestSupport.context(xml, data);
        return new DeduplicateStep().apply(step, List.of(input), context).output();
    }
}
