package io.datahub.spark.transform;

import static io.datahub.spark.transform.StepTestSupport.assertColumns;
import static io.datahub.spark.transform.StepTestSupport.assertFails;
import static io.datahub.spark.transform.StepTestSupport.assertRows;
import static io.datahub.spark.transform.StepTestSupport.assertSameAsDuckdb;
import static io.datahub.spark.transform.StepTestSupport.frame;
import static io.datahub.spark.transform.StepTestSupport.readCsv;
import static io.datahub.spark.transform.StepTestSupport.row;
import static io.datahub.spark.transform.StepTestSupport.ts;
import static io.datahub.spark.transform.StepTestSupport.writeCsv;

import io.datahub.model.definition.Aggregate;
import io.datahub.model.run.ErrorCategory;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AggregateStepTest {

    private static final String SCHEMA = "order_id INT, country STRING, customer_id INT, amount INT, discount DOUBLE, ordered_at TIMESTAMP";

    // 2026-01-03 is a Saturday, 01-04 a Sunday, 01-05 a Monday (a week starts); 01-31 Sat, 02-01 Sun, 02-02 Mon.
    // The CSV lines below are the same rows, in the same order.
    private static final Object[][] ROWS = {
            row(1, "DE", 100, 10, 1.5, ts("2026-01-03 09:00:00")),
            row(2, "DE", 101, 20, null, ts("2026-01-03 23:30:00")),
            row(3, "FR", 100, 30, 2.5, ts("2026-01-04 08:00:00")),
            row(4, "DE", 100, 40, 0.5, ts("2026-01-05 00:00:00")),
            row(5, "FR", 102, 50, 1.0, ts("2026-01-05 12:00:00")),
            row(6, "DE", 103, 60, 3.0, ts("2026-01-31 10:00:00")),
            row(7, "FR", 102, null, null, ts("2026-02-01 11:00:00")),
            row(8, "DE", 101, 80, 2.0, ts("2026-02-02 09:00:00")),
            row(9, null, 104, 90, 1.0, ts("2026-01-05 18:00:00"))};
    private static final String[] CSV = {
            "order_id,country,customer_id,amount,discount,ordered_at",
            "1,DE,100,10,1.5,2026-01-03 09:00:00",
            "2,DE,101,20,,2026-01-03 23:30:00",
            "3,FR,100,30,2.5,2026-01-04 08:00:00",
            "4,DE,100,40,0.5,2026-01-05 00:00:00",
            "5,FR,102,50,1.0,2026-01-05 12:00:00",
            "6,DE,103,60,3.0,2026-01-31 10:00:00",
            "7,FR,102,,,2026-02-01 11:00:00",
            "8,DE,101,80,2.0,2026-02-02 09:00:00",
            "9,,104,90,1.0,2026-01-05 18:00:00"};
    private static final String COLUMNS = "order_id, country, customer_id, amount, discount, ordered_at";

    private static final Dataset<Row> ORDERS = frame(SCHEMA, ROWS);

    @TempDir
    Path data;

    @Test
    void everyFunctionPerGroup() {
        Dataset<Row> out = run("groupBy=\"country\" metrics=\"count:orders, count:amount:amounts, countDistinct:customer_id:customers,"
                + " sum:amount, avg:amount, min:amount, max:amount, first:amount, last:amount, sum:discount\"", ORDERS);
        assertColumns(out, "country", "orders", "amounts", "customers", "sum_amount", "avg_amount", "min_amount", "max_amount",
                "first_amount", "last_amount", "sum_discount");
        // FR's last row (order 7) has no amount: last is null; count:amount:amounts and avg skip it.
        assertRows(out,
                "DE|5|5|3|210|42.0|10|80|10|80|7.0",
                "FR|3|2|2|80|40.0|30|50|30|null|3.5",
                "null|1|1|1|90|90.0|90|90|90|90|1.0");
    }

    @Test
    void countWithOnePartIsCountStarNamedByIt() {
        Dataset<Row> out = run("groupBy=\"country\" metrics=\"count:amount, count:amount:non_null_amounts\"", ORDERS);
        assertColumns(out, "country", "amount", "non_null_amounts");
        assertRows(out, "DE|5|5", "FR|3|2", "null|1|1");
    }

    @Test
    void firstAndLastFollowInputOrderNotValues() {
        Dataset<Row> input = frame("k STRING, v STRING",
                row("a", "zz"), row("b", null), row("a", "aa"), row("b", "x"), row("a", "mm"));
        Dataset<Row> out = run("groupBy=\"k\" metrics=\"first:v, last:v, min:v, max:v\"", input);
        assertColumns(out, "k", "first_v", "last_v", "min_v", "max_v");
        assertRows(out, "a|zz|mm|aa|zz", "b|null|x|x|x");
    }

    @Test
    void withoutGroupByOneRow() {
        Dataset<Row> out = run("metrics=\"count:orders, sum:amount:total, countDistinct:country:countries, avg:discount\"", ORDERS);
        assertColumns(out, "orders", "total", "countries", "avg_discount");
        assertRows(out, "9|380|2|1.6428571428571428");
    }

    @Test
    void dailyWindow() {
        Dataset<Row> out = run("groupBy=\"country\" metrics=\"count:orders, sum:amount:revenue\" window=\"daily\" timeColumn=\"ordered_at\"", ORDERS);
        assertColumns(out, "country", "window_start", "orders", "revenue");
        assertRows(out,
                "DE|2026-01-03|2|30", "DE|2026-01-05|1|40", "DE|2026-01-31|1|60", "DE|2026-02-02|1|80",
                "FR|2026-01-04|1|30", "FR|2026-01-05|1|50", "FR|2026-02-01|1|null",
                "null|2026-01-05|1|90");
    }

    @Test
    void weeklyWindowStartsOnMonday() {
        Dataset<Row> out = run("groupBy=\"country\" metrics=\"count:orders, sum:amount:revenue\" window=\"weekly\" timeColumn=\"ordered_at\"", ORDERS);
        assertColumns(out, "country", "window_start", "orders", "revenue");
        assertRows(out,
                "DE|2025-12-29|2|30", "DE|2026-01-05|1|40", "DE|2026-01-26|1|60", "DE|2026-02-02|1|80",
                "FR|2025-12-29|1|30", "FR|2026-01-05|1|50", "FR|2026-01-26|1|null",
                "null|2026-01-05|1|90");
    }

    @Test
    void monthlyWindowWithoutGroupBy() {
        Dataset<Row> out = run("metrics=\"count:orders, sum:amount:revenue, max:ordered_at:last_order\" window=\"monthly\" timeColumn=\"ordered_at\"", ORDERS);
        assertColumns(out, "window_start", "orders", "revenue", "last_order");
        assertRows(out, "2026-01-01|7|300|2026-01-31T10:00", "2026-02-01|2|80|2026-02-02T09:00");
    }

    @Test
    void duplicateOutputColumn() {
        assertFails(ErrorCategory.CONFIGURATION,
                "<aggregate> output column 'country' appears twice (groupBy columns, window_start and metric aliases must differ)",
                () -> run("groupBy=\"country\" metrics=\"count:country\"", ORDERS));
    }

    @Test
    void unknownMetricColumn() {
        assertFails(ErrorCategory.UNKNOWN_COLUMN, "<aggregate> metrics: column 'price' does not exist (columns: " + COLUMNS + ")",
                () -> run("groupBy=\"country\" metrics=\"count:orders, sum:price\"", ORDERS));
    }

    @Test
    void unknownGroupByColumn() {
        assertFails(ErrorCategory.UNKNOWN_COLUMN, "<aggregate> groupBy: column 'region' does not exist (columns: " + COLUMNS + ")",
                () -> run("groupBy=\"country, region\" metrics=\"count:orders\"", ORDERS));
    }

    @Test
    void unknownTimeColumn() {
        assertFails(ErrorCategory.UNKNOWN_COLUMN, "<aggregate> timeColumn: column 'created_at' does not exist (columns: " + COLUMNS + ")",
                () -> run("metrics=\"count:orders\" window=\"daily\" timeColumn=\"created_at\"", ORDERS));
    }

    /**
     * DuckDB over the same CSV file computes the same groups. The file is small, so Spark reads it as one
     * partition in file order, and order_id rises with the line number: DuckDB's first/last ordered by
     * order_id are the file's first/last rows.
     */
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "groupBy=\"country\";;"
                    + " SELECT country, count(*) AS orders, count(amount) AS amounts, count(DISTINCT customer_id) AS customers,"
                    + " sum(amount) AS sum_amount, avg(amount) AS avg_amount, min(amount) AS min_amount, max(amount) AS max_amount,"
                    + " first(amount ORDER BY order_id) AS first_amount, last(amount ORDER BY order_id) AS last_amount,"
                    + " sum(discount) AS sum_discount FROM o GROUP BY country",
            ";;"
                    + " SELECT count(*) AS orders, count(amount) AS amounts, count(DISTINCT customer_id) AS customers,"
                    + " sum(amount) AS sum_amount, avg(amount) AS avg_amount, min(amount) AS min_amount, max(amount) AS max_amount,"
                    + " first(amount ORDER BY order_id) AS first_amount, last(amount ORDER BY order_id) AS last_amount,"
                    + " sum(discount) AS sum_discount FROM o",
            "groupBy=\"country, customer_id\"; daily;"
                    + " SELECT country, customer_id, date_trunc('day', ordered_at)::DATE AS window_start, count(*) AS orders,"
                    + " count(amount) AS amounts, count(DISTINCT customer_id) AS customers,"
                    + " sum(amount) AS sum_amount, avg(amount) AS avg_amount, min(amount) AS min_amount, max(amount) AS max_amount,"
                    + " first(amount ORDER BY order_id) AS first_amount, last(amount ORDER BY order_id) AS last_amount,"
                    + " sum(discount) AS sum_discount FROM o GROUP BY ALL",
            "groupBy=\"country\"; weekly;"
                    + " SELECT country, date_trunc('week', ordered_at)::DATE AS window_start, count(*) AS orders,"
                    + " count(amount) AS amounts, count(DISTINCT customer_id) AS customers,"
                    + " sum(amount) AS sum_amount, avg(amount) AS avg_amount, min(amount) AS min_amount, max(amount) AS max_amount,"
                    + " first(amount ORDER BY order_id) AS first_amount, last(amount ORDER BY order_id) AS last_amount,"
                    + " sum(discount) AS sum_discount FROM o GROUP BY ALL",
            "; monthly;"
                    + " SELECT date_trunc('month', ordered_at)::DATE AS window_start, count(*) AS orders,"
                    + " count(amount) AS amounts, count(DISTINCT customer_id) AS customers,"
                    + " sum(amount) AS sum_amount, avg(amount) AS avg_amount, min(amount) AS min_amount, max(amount) AS max_amount,"
                    + " first(amount ORDER BY order_id) AS first_amount, last(amount ORDER BY order_id) AS last_amount,"
                    + " sum(discount) AS sum_discount FROM o GROUP BY ALL"})
    void agreesWithDuckdb(String groupBy, String window, String query) {
        Path file = writeCsv(data, "orders.csv", CSV);
        String attributes = (groupBy == null ? "" : groupBy)
                + " metrics=\"count:orders, count:amount:amounts, countDistinct:customer_id:customers, sum:amount, avg:amount,"
                + " min:amount, max:amount, first:amount, last:amount, sum:discount\""
                + (window == null ? "" : " window=\"" + window + "\" timeColumn=\"ordered_at\"");
        String sql = "WITH o AS (SELECT * FROM read_csv('" + file + "', header = true, columns = {'order_id': 'INTEGER',"
                + " 'country': 'VARCHAR', 'customer_id': 'INTEGER', 'amount': 'INTEGER', 'discount': 'DOUBLE', 'ordered_at': 'TIMESTAMP'})) "
                + query;
        assertSameAsDuckdb(sql, run(attributes, readCsv(file, SCHEMA)));
    }

    private Dataset<Row> run(String attributes, Dataset<Row> input) {
        String xml = """
                <pipeline id="p" version="1.0.0" layer="staging">
                  <sources><csv id="orders" path="in/orders.csv"/></sources>
                  <transformations><aggregate source="orders" %s output="totals"/></transformations>
                  <targets><csv path="out"/></targets>
                </pipeline>
                """.formatted(attributes);
        Aggregate step = StepTestSupport.step(xml);
        return new AggregateStep().apply(step, List.of(input), StepTestSupport.context(xml, data)).output();
    }
}
