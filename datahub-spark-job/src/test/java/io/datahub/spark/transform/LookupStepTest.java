package io.datahub.spark.transform;

import static io.datahub.spark.transform.StepTestSupport.assertColumns;
import static io.datahub.spark.transform.StepTestSupport.assertFails;
import static io.datahub.spark.transform.StepTestSupport.assertRows;
import static io.datahub.spark.transform.StepTestSupport.frame;
import static io.datahub.spark.transform.StepTestSupport.row;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datahub.model.definition.Lookup;
import io.datahub.model.run.ErrorCategory;
import io.datahub.model.run.RunRequest;
import io.datahub.spark.SparkTestSupport;
import io.datahub.spark.api.RunContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LookupStepTest {

    // Order 3's country is not in the reference, order 4 has none.
    private static final Dataset<Row> ORDERS = frame("order_id INT, country STRING, segment STRING",
            row(1, "DE", "A"),
            row(2, "FR", "B"),
            row(3, "XX", "A"),
            row(4, null, "B"),
            row(5, "DE", "C"));

    // Two rows without a code: they can never match, so they are no duplicate key.
    private static final Dataset<Row> COUNTRIES = frame("code STRING, country_name STRING, region STRING",
            row("DE", "Germany", "EU"),
            row("FR", "France", "EU"),
            row("US", "United States", "NA"),
            row(null, "Unknown", "??"),
            row(null, "Nowhere", "??"));

    @TempDir
    Path data;

    @Test
    void leftKeepsUnmatchedRowsWithNullsAndMapsKeyNames() {
        Dataset<Row> out = runOnDataset("keys=\"country=code\" outputFields=\"country_name, region\"", ORDERS, COUNTRIES);
        assertColumns(out, "order_id", "country", "segment", "country_name", "region");
        assertRows(out,
                "1|DE|A|Germany|EU",
                "2|FR|B|France|EU",
                "3|XX|A|null|null",
                "4|null|B|null|null",
                "5|DE|C|Germany|EU");
    }

    @Test
    void innerDropsUnmatchedRows() {
        Dataset<Row> out = runOnDataset("keys=\"country=code\" outputFields=\"region\" joinType=\"inner\"", ORDERS, COUNTRIES);
        assertColumns(out, "order_id", "country", "segment", "region");
        assertRows(out, "1|DE|A|EU", "2|FR|B|EU", "5|DE|C|EU");
    }

    @Test
    void severalKeysAndCaseInsensitiveNames() {
        Dataset<Row> prices = frame("Country STRING, SEGMENT STRING, price INT",
                row("DE", "A", 11), row("DE", "C", 13), row("FR", "A", 21));
        Dataset<Row> out = runOnDataset("keys=\"COUNTRY, segment\" outputFields=\"Price\"", ORDERS, prices);
        assertColumns(out, "order_id", "country", "segment", "price");
        assertRows(out, "1|DE|A|11", "2|FR|B|null", "3|XX|A|null", "4|null|B|null", "5|DE|C|13");
    }

    @Test
    void lookupDefinitionGivesDefaultKeysAndIsBroadcast() {
        Dataset<Row> reference = frame("country STRING, country_name STRING", row("DE", "Germany"), row("FR", "France"));
        Dataset<Row> out = runOnDefinition("outputFields=\"country_name\"", "broadcast=\"true\"", reference);
        assertColumns(out, "order_id", "country", "segment", "country_name");
        assertRows(out, "1|DE|A|Germany", "2|FR|B|France", "3|XX|A|null", "4|null|B|null", "5|DE|C|Germany");
        assertTrue(out.queryExecution().optimizedPlan().toString().contains("strategy=broadcast"));
    }

    @Test
    void lookupDefinitionWithoutBroadcastHasNoHintAndStepKeysOverrideItsKeys() {
        Dataset<Row> reference = frame("iso STRING, country_name STRING", row("DE", "Germany"));
        Dataset<Row> out = runOnDefinition("keys=\"country=iso\" outputFields=\"country_name\" joinType=\"inner\"", "broadcast=\"false\"", reference);
        assertRows(out, "1|DE|A|Germany", "5|DE|C|Germany");
        assertFalse(out.queryExecution().optimizedPlan().toString().contains("strategy=broadcast"));
    }

    @Test
    void duplicateReferenceKeyFails() {
        Dataset<Row> countries = frame("code STRING, country_name STRING",
                row("DE", "Germany"), row("FR", "France"), row("DE", "Deutschland"));
        assertFails(ErrorCategory.DATA_QUALITY,
                "<lookup> reference 'countries' is not unique on its keys: code=DE occurs in 2 rows (a lookup must have one row per key)",
                () -> runOnDataset("keys=\"country=code\" outputFields=\"country_name\"", ORDERS, countries));
    }

    @Test
    void unknownReferenceKeyColumn() {
        assertFails(ErrorCategory.UNKNOWN_COLUMN,
                "<lookup> keys: column 'iso' does not exist in reference 'countries' (columns: code, country_name, region)",
                () -> runOnDataset("keys=\"country=iso\" outputFields=\"country_name\"", ORDERS, COUNTRIES));
    }

    @Test
    void unknownSourceKeyColumn() {
        assertFails(ErrorCategory.UNKNOWN_COLUMN,
                "<lookup> keys: column 'land' does not exist in source 'orders' (columns: order_id, country, segment)",
                () -> runOnDataset("keys=\"land=code\" outputFields=\"country_name\"", ORDERS, COUNTRIES));
    }

    @Test
    void unknownOutputField() {
        assertFails(ErrorCategory.UNKNOWN_COLUMN,
                "<lookup> outputFields: column 'population' does not exist in reference 'countries' (columns: code, country_name, region)",
                () -> runOnDataset("keys=\"country=code\" outputFields=\"country_name, population\"", ORDERS, COUNTRIES));
    }

    @Test
    void outputFieldAlreadyInTheSourceFails() {
        Dataset<Row> reference = frame("country STRING, segment STRING", row("DE", "Z"));
        assertFails(ErrorCategory.CONFIGURATION,
                "<lookup> outputFields: 'segment' is already a column in source 'orders' (columns: order_id, country, segment)",
                () -> runOnDefinition("outputFields=\"segment\"", "", reference));
    }

    @Test
    void pipelineDatasetNeedsKeys() {
        assertFails(ErrorCategory.CONFIGURATION, "<lookup> keys: required when reference 'countries' is a dataset of the pipeline",
                () -> runOnDataset("outputFields=\"country_name\"", ORDERS, COUNTRIES));
    }

    private Dataset<Row> runOnDataset(String attributes, Dataset<Row> source, Dataset<Row> reference) {
        String xml = """
                <pipeline id="p" version="1.0.0" layer="staging">
                  <sources><csv id="orders" path="in/orders.csv"/><csv id="countries" path="in/countries.csv"/></sources>
                  <transformations><lookup source="orders" reference="countries" %s/></transformations>
                  <targets><csv source="orders" path="out"/></targets>
                </pipeline>
                """.formatted(attributes);
        Lookup step = StepTestSupport.step(xml);
        return new LookupStep().apply(step, List.of(source, reference), StepTestSupport.context(xml, data)).output();
    }

    /** {@code reference="country_dim"} is a lookup definition; input 1 is its data, as the engine reads it. */
    private Dataset<Row> runOnDefinition(String attributes, String broadcast, Dataset<Row> reference) {
        String xml = """
                <pipeline id="p" version="1.0.0" layer="staging">
                  <sources><csv id="orders" path="in/orders.csv"/></sources>
                  <transformations><lookup source="orders" reference="country_dim" %s/></transformations>
                  <targets><csv path="out"/></targets>
                </pipeline>
                """.formatted(attributes);
        String lookupXml = """
                <lookup id="country_dim" keys="country" %s>
                  <csv id="countries" path="reference/countries.csv"/>
                </lookup>
                """.formatted(broadcast);
        RunRequest request = SparkTestSupport.request(xml, data, Map.of(), Map.of(), Map.of("country_dim", lookupXml), Map.of());
        RunContext context = SparkTestSupport.context(request, Map.of());
        Lookup step = StepTestSupport.step(xml);
        return new LookupStep().apply(step, List.of(ORDERS, reference), context).output();
    }
}
