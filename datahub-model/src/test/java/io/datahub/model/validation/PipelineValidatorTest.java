package io.datahub.model.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datahub.model.definition.DefinitionReader;
import io.datahub.model.definition.ParsedDefinition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Behaviour of the semantic rules that the broken-definition corpus does not show: what is accepted, and how columns flow. */
class PipelineValidatorTest {

    @TempDir
    static Path config;

    private static final String HEAD = "<pipeline id=\"p\" version=\"1.0.0\" layer=\"staging\">\n"
            + "  <sources><csv id=\"orders\" path=\"o.csv\" schemaRef=\"orders.json\"/></sources>\n";

    @BeforeAll
    static void tree() throws IOException {
        Files.createDirectories(config.resolve("applications/shop/staging/pipelines"));
        Files.createDirectories(config.resolve("common/schemas"));
        Files.writeString(config.resolve("common/schemas/orders.json"), """
                {"type": "object", "properties": {
                  "order_id": {"type": "integer"}, "status": {"type": "string"},
                  "amount": {"type": "number"}, "order_ts": {"type": "string", "format": "date-time"}}}
                """);
    }

    private static List<String> validate(String body) {
        String xml = HEAD + body + "</pipeline>\n";
        ParsedDefinition parsed = new DefinitionReader().read("p.xml", xml.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(), parsed.errors(), "XSD");
        ConfigTreeFixture fixture = new ConfigTreeFixture(config);
        return new PipelineValidator().validate(parsed.pipeline().orElseThrow(), "p.xml", fixture.context())
                .stream().map(e -> e.line() + ": " + e.message()).toList();
    }

    @Test
    void aForwardReferenceIsResolvedByDataDependency() {
        assertEquals(List.of(), validate("""
                  <transformations>
                    <sort source="recent" orderBy="order_id"/>
                    <filter source="orders" output="recent" condition="order_ts >= '${runDate}'"/>
                  </transformations>
                  <targets><hive table="t" source="recent"/></targets>
                """));
    }

    @Test
    void branchesJoinAgainAndTargetsReadTheFinalVersion() {
        assertEquals(List.of(), validate("""
                  <transformations>
                    <aggregate source="orders" output="totals" groupBy="status" metrics="sum:amount:total,count:n"/>
                    <join left="orders" right="totals" type="left" condition="orders.status = totals.status"/>
                    <sort source="orders" orderBy="total desc, order_id"/>
                  </transformations>
                  <targets>
                    <hive table="orders_with_totals" mode="merge" keys="order_id" partitionBy="status"/>
                    <csv source="totals" path="exports/totals/%Y/%m/%d"/>
                  </targets>
                """));
    }

    @Test
    void selectKnowsAliasesAndPlainColumnsOnly() {
        assertEquals(List.of("5: <sort> orderBy: column 'amount' is not in dataset 'orders' (columns: order_id, status_uc)"), validate("""
                  <transformations>
                    <select source="orders" columns="order_id, upper(status) AS status_uc"/>
                    <sort source="orders" orderBy="amount"/>
                  </transformations>
                  <targets><hive table="t"/></targets>
                """));
        // An expression without alias is named by Spark: from there on, columns are unknown and not checked.
        assertEquals(List.of(), validate("""
                  <transformations>
                    <select source="orders" columns="order_id, upper(status)"/>
                    <sort source="orders" orderBy="anything"/>
                  </transformations>
                  <targets><hive table="t"/></targets>
                """));
    }

    @Test
    void quarantinedRowsAreADatasetWithTheRuleColumn() {
        assertEquals(List.of(), validate("""
                  <transformations>
                    <validate source="orders" quarantineOutput="rejects">
                      <notNull columns="order_id"/>
                      <allowedValues column="status" values="NEW,PAID" action="quarantine"/>
                      <range column="amount" min="0" action="warn"/>
                    </validate>
                  </transformations>
                  <targets>
                    <hive table="orders"/>
                    <hive table="order_rejects" source="rejects" partitionBy="_dq_rule"/>
                  </targets>
                """));
    }

    @Test
    void theDefaultTargetSourceIsTheLastTransformationsOutput() {
        assertEquals(List.of("7: <hive> partitionBy: column 'status' is not in dataset 'by_day' (columns: order_id, window_start, n)"), validate("""
                  <transformations>
                    <derive source="orders" column="order_day" expression="to_date(order_ts)"/>
                    <aggregate source="orders" output="by_day" groupBy="order_id" metrics="count:n" window="daily" timeColumn="order_ts"/>
                  </transformations>
                  <targets><hive table="t" partitionBy="status"/></targets>
                """));
    }

    @Test
    void withoutATreeOnlyTheFileItselfIsChecked() {
        String xml = HEAD + """
                  <transformations><lookup source="orders" reference="country" outputFields="name"/></transformations>
                  <targets><hive table="t"/></targets>
                </pipeline>
                """;
        ParsedDefinition parsed = new DefinitionReader().read("p.xml", xml.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("p.xml:3:85: <lookup> reference 'country' is neither a dataset of this pipeline nor a lookup definition"),
                new PipelineValidator().validate(parsed.pipeline().orElseThrow(), "p.xml", PipelineContext.standalone())
                        .stream().map(ValidationError::format).toList());
    }

    /** A context over the temporary tree: app "shop", layer staging, schemas resolved, no lookups. */
    private record ConfigTreeFixture(Path root) {
        PipelineContext context() {
            return new PipelineContext("shop", io.datahub.model.config.Layer.STAGING,
                    new SchemaRefResolver(io.datahub.model.config.ConfigTree.scan(root)), (app, layer, id) -> java.util.Optional.empty());
        }
    }
}
