package io.datahub.spark.transform;

import static io.datahub.spark.transform.StepTestSupport.assertColumns;
import static io.datahub.spark.transform.StepTestSupport.assertFails;
import static io.datahub.spark.transform.StepTestSupport.assertRows;
import static io.datahub.spark.transform.StepTestSupport.assertSameAsDuckdb;
import static io.datahub.spark.transform.StepTestSupport.frame;
import static io.datahub.spark.transform.StepTestSupport.readCsv;
import static io.datahub.spark.transform.StepTestSupport.row;
import static io.datahub.spark.transform.StepTestSupport.writeCsv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datahub.model.definition.Join;
import io.datahub.model.run.ErrorCategory;
import io.datahub.spark.api.DatahubException;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JoinStepTest {

    private static final String ORDERS_SCHEMA = "id INT, customer_id INT, amount INT, status STRING";
    private static final String CUSTOMERS_SCHEMA = "id INT, name STRING, status STRING";

    // Order 4's customer does not exist, order 5 has none; customer 40 has no orders. Both sides have id and status.
    private static final Dataset<Row> ORDERS = frame(ORDERS_SCHEMA,
            row(1, 10, 100, "open"),
            row(2, 20, 200, "paid"),
            row(3, 10, 300, "paid"),
            row(4, 30, 400, "open"),
            row(5, null, 500, "open"));
    private static final Dataset<Row> CUSTOMERS = frame(CUSTOMERS_SCHEMA,
            row(10, "Ann", "active"),
            row(20, "Bob", "inactive"),
            row(40, "Dan", "active"));

    private static final String CONDITION = "orders.customer_id = customers.id";
    private static final String[] JOINED = {"id", "customer_id", "amount", "status", "customers_id", "name", "customers_status"};
    private static final String O1 = "1|10|100|open|10|Ann|active";
    private static final String O2 = "2|20|200|paid|20|Bob|inactive";
    private static final String O3 = "3|10|300|paid|10|Ann|active";
    private static final String O4 = "4|30|400|open|null|null|null";
    private static final String O5 = "5|null|500|open|null|null|null";
    private static final String DAN = "null|null|null|null|40|Dan|active";

    @TempDir
    Path data;

    @Test
    void innerRenamesClashingRightColumnsAfterTheRightDataset() {
        Dataset<Row> out = run("inner", CONDITION, ORDERS, CUSTOMERS);
        assertColumns(out, JOINED);
        assertRows(out, O1, O2, O3);
    }

    @Test
    void leftKeepsUnmatchedLeftRows() {
        Dataset<Row> out = run("left", CONDITION, ORDERS, CUSTOMERS);
        assertColumns(out, JOINED);
        assertRows(out, O1, O2, O3, O4, O5);
    }

    @Test
    void rightKeepsUnmatchedRightRows() {
        Dataset<Row> out = run("right", CONDITION, ORDERS, CUSTOMERS);
        assertColumns(out, JOINED);
        assertRows(out, O1, O2, O3, DAN);
    }

    @Test
    void fullKeepsBoth() {
        Dataset<Row> out = run("full", CONDITION, ORDERS, CUSTOMERS);
        assertColumns(out, JOINED);
        assertRows(out, O1, O2, O3, O4, O5, DAN);
    }

    @Test
    void semiKeepsMatchedLeftRowsWithLeftColumnsOnly() {
        Dataset<Row> out = run("semi", CONDITION, ORDERS, CUSTOMERS);
        assertColumns(out, "id", "customer_id", "amount", "status");
        assertRows(out, "1|10|100|open", "2|20|200|paid", "3|10|300|paid");
    }

    @Test
    void antiKeepsUnmatchedLeftRows() {
        Dataset<Row> out = run("anti", CONDITION, ORDERS, CUSTOMERS);
        assertColumns(out, "id", "customer_id", "amount", "status");
        assertRows(out, "4|30|400|open", "5|null|500|open");
    }

    @Test
    void conditionIsAnySparkSqlExpressionOverBothSides() {
        assertRows(run("inner", "orders.customer_id = customers.id AND customers.status = 'active' AND orders.amount > 100",
                ORDERS, CUSTOMERS), O3);
    }

    @Test
    void withoutClashesNothingIsRenamed() {
        Dataset<Row> regions = frame("code INT, region STRING", row(10, "north"), row(30, "south"));
        Dataset<Row> out = run("inner", "orders.customer_id = customers.code", ORDERS, regions);
        assertColumns(out, "id", "customer_id", "amount", "status", "code", "region");
        assertRows(out, "1|10|100|open|10|north", "3|10|300|paid|10|north", "4|30|400|open|30|south");
    }

    @Test
    void clashIsCaseInsensitive() {
        Dataset<Row> right = frame("ID INT, Amount INT", row(1, 7));
        Dataset<Row> out = run("inner", "orders.id = customers.ID", ORDERS, right);
        assertColumns(out, "id", "customer_id", "amount", "status", "customers_ID", "customers_Amount");
        assertRows(out, "1|10|100|open|1|7");
    }

    @Test
    void renamedColumnThatIsTakenTooFails() {
        Dataset<Row> left = frame("id INT, customers_id INT", row(1, 10));
        assertFails(ErrorCategory.SCHEMA_MISMATCH, "<join> column 'id' is on both sides and its new name 'customers_id' is taken too"
                        + " (columns of orders: id, customers_id; of customers: id, name, status); rename a column before the join",
                () -> run("inner", "orders.customers_id = customers.id", left, CUSTOMERS));
    }

    @Test
    void unknownColumnInCondition() {
        assertFails(ErrorCategory.UNKNOWN_COLUMN, "<join> condition: column 'customers.customer_id' does not exist (columns: orders.id,"
                        + " orders.customer_id, orders.amount, orders.status, customers.id, customers.name, customers.status)",
                () -> run("left", "orders.customer_id = customers.customer_id", ORDERS, CUSTOMERS));
    }

    @Test
    void unknownDatasetQualifierIsAnUnknownColumn() {
        assertFails(ErrorCategory.UNKNOWN_COLUMN, "<join> condition: column 'clients.id' does not exist (columns: orders.id,"
                        + " orders.customer_id, orders.amount, orders.status, customers.id, customers.name, customers.status)",
                () -> run("inner", "orders.customer_id = clients.id", ORDERS, CUSTOMERS));
    }

    @Test
    void ambiguousColumnIsAConfigurationErrorWithSparksReason() {
        DatahubException e = assertThrows(DatahubException.class, () -> run("inner", "customer_id = id", ORDERS, CUSTOMERS));
        assertEquals(ErrorCategory.CONFIGURATION, e.category());
        assertTrue(e.getMessage().startsWith("<join> condition 'customer_id = id': [AMBIGUOUS_REFERENCE]"), e.getMessage());
    }

    @Test
    void aDatasetJoinedWithItselfCannotBeQualified() {
        String xml = """
                <pipeline id="p" version="1.0.0" layer="staging">
                  <sources><csv id="orders" path="in/orders.csv"/></sources>
                  <transformations><join left="orders" right="orders" condition="orders.id = orders.id" output="joined"/></transformations>
                  <targets><csv path="out"/></targets>
                </pipeline>
                """;
        Join step = StepTestSupport.step(xml);
        assertFails(ErrorCategory.CONFIGURATION, "<join> left and right are both 'orders': a condition qualified by dataset id cannot"
                        + " tell the sides apart (give one side another name with output)",
                () -> new JoinStep().apply(step, List.of(ORDERS, ORDERS), StepTestSupport.context(xml, data)));
    }

    /** The same files joined by DuckDB, with the renaming rule written out in SQL, give the same rows. */
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "inner; SELECT o.*, c.id AS customers_id, c.name, c.status AS customers_status FROM o JOIN c ON o.customer_id = c.id",
            "left;  SELECT o.*, c.id AS customers_id, c.name, c.status AS customers_status FROM o LEFT JOIN c ON o.customer_id = c.id",
            "right; SELECT o.*, c.id AS customers_id, c.name, c.status AS customers_status FROM o RIGHT JOIN c ON o.customer_id = c.id",
            "full;  SELECT o.*, c.id AS customers_id, c.name, c.status AS customers_status FROM o FULL JOIN c ON o.customer_id = c.id",
            "semi;  SELECT o.* FROM o WHERE EXISTS (SELECT 1 FROM c WHERE o.customer_id = c.id)",
            "anti;  SELECT o.* FROM o WHERE NOT EXISTS (SELECT 1 FROM c WHERE o.customer_id = c.id)"})
    void agreesWithDuckdb(String type, String query) {
        Path orders = writeCsv(data, "orders.csv", "id,customer_id,amount,status",
                "1,10,100,open", "2,20,200,paid", "3,10,300,paid", "4,30,400,open", "5,,500,open", "6,20,600,", "7,50,700,paid");
        Path customers = writeCsv(data, "customers.csv", "id,name,status",
                "10,Ann,active", "20,Bob,inactive", "40,Dan,active", "50,,active", ",Nobody,active");
        String sql = "WITH o AS (SELECT * FROM read_csv('" + orders + "', header = true, columns = {'id': 'INTEGER',"
                + " 'customer_id': 'INTEGER', 'amount': 'INTEGER', 'status': 'VARCHAR'})),"
                + " c AS (SELECT * FROM read_csv('" + customers + "', header = true, columns = {'id': 'INTEGER', 'name': 'VARCHAR',"
                + " 'status': 'VARCHAR'})) " + query;
        assertSameAsDuckdb(sql, run(type, CONDITION, readCsv(orders, ORDERS_SCHEMA), readCsv(customers, CUSTOMERS_SCHEMA)));
    }

    private Dataset<Row> run(String type, String condition, Dataset<Row> left, Dataset<Row> right) {
        String xml = """
                <pipeline id="p" version="1.0.0" layer="staging">
                  <sources><csv id="orders" path="in/orders.csv"/><csv id="customers" path="in/customers.csv"/></sources>
                  <transformations><join left="orders" right="customers" type="%s" condition="%s" output="joined"/></transformations>
                  <targets><csv path="out"/></targets>
                </pipeline>
                """.formatted(type, condition.replace("'", "&apos;").replace(">", "&gt;"));
        Join step = StepTestSupport.step(xml);
        return new JoinStep().apply(step, List.of(left, right), StepTestSupport.context(xml, data)).output();
    }
}
