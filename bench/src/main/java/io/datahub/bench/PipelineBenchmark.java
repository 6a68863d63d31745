package io.datahub.bench;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;

import io.datahub.model.run.PipelineRunResult;
import io.datahub.model.run.RunRequest;
import io.datahub.model.run.RunStatus;
import io.datahub.model.schema.Column;
import io.datahub.model.schema.ColumnType;
import io.datahub.model.schema.TableSchema;
import io.datahub.spark.engine.EmbeddedSparkPipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.StructType;

/**
 * The engine against hand-written Spark jobs doing the same work, in one JVM on one session:
 * generates sales data once per size, then alternates engine and hand-written runs of two workloads
 * (retail top sales per city; deduplicate + join + aggregate), and prints medians and the ratio
 * engine / hand-written. Columns are declared nullable, so neither side checks NOT NULL (the same work).
 * Run it with {@code bench/run.sh [--rows N] [--runs K] [--work DIR]}.
 */
public final class PipelineBenchmark {

    private static final List<Column> SALES = List.of(
            new Column("sale_id", ColumnType.STRING, true),
            new Column("sale_ts", ColumnType.TIMESTAMP, true),
            new Column("sale_date", ColumnType.DATE, true),
            new Column("city", ColumnType.STRING, true),
            new Column("salesman_id", ColumnType.STRING, true),
            new Column("customer_id", ColumnType.STRING, true),
            new Column("product_id", ColumnType.STRING, true),
            new Column("quantity", ColumnType.INT, true),
            Column.decimal("amount", true, 12, 2));
    private static final List<Column> PRODUCTS = List.of(
            new Column("product_id", ColumnType.STRING, true),
            new Column("product_name", ColumnType.STRING, true),
            new Column("category", ColumnType.STRING, true));

    private PipelineBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        long rows = 1_000_000;
        int runs = 5;
        Path work = Path.of("bench/target/work");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--rows" -> rows = Long.parseLong(args[i + 1].replace("_", ""));
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                case "--work" -> work = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("usage: [--rows N] [--runs K] [--work DIR]");
            }
        }
        Path root = work.toAbsolutePath();
        Path data = root.resolve("rows-" + rows);
        EmbeddedSparkPipeline engine = new EmbeddedSparkPipeline(root, Map.of());
        SparkSession spark = EmbeddedSparkPipeline.session(root);
        spark.sparkContext().setLogLevel("ERROR");
        generate(spark, data, rows);

        System.out.printf(Locale.ROOT, "Machine: %d cores, JVM max heap %d MiB, Java %s, Spark %s; %,d sales rows; %d runs per side after a warm-up%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.version"), spark.version(), rows, runs);
        Workload topSales = new Workload("retail top sales per city",
                topSalesXml(data, root.resolve("out/engine-top-sales")), () -> topSalesByHand(spark, data, root.resolve("out/hand-top-sales")),
                root.resolve("out/hand-top-sales"));
        Workload dedupeJoin = new Workload("dedupe + join + aggregate",
                dedupeJoinXml(data, root.resolve("out/engine-dedupe-join")), () -> dedupeJoinByHand(spark, data, root.resolve("out/hand-dedupe-join")),
                root.resolve("out/hand-dedupe-join"));
        for (Workload w : List.of(topSales, dedupeJoin)) {
            measure(w, engine, root, runs);
        }
    }

    private record Workload(String name, String pipelineXml, Runnable byHand, Path handOutput) {
    }

    private static void measure(Workload w, EmbeddedSparkPipeline engine, Path work, int runs) {
        List<Long> engineMs = new ArrayList<>();
        List<Long> handMs = new ArrayList<>();
        for (int i = 0; i <= runs; i++) {
            long start = System.nanoTime();
            PipelineRunResult result = engine.run(request(w.pipelineXml(), work, i));
            long engineTime = (System.nanoTime() - start) / 1_000_000;
            if (result.status() != RunStatus.SUCCEEDED) {
                throw new IllegalStateException(w.name() + ": engine run failed: " + result.errorCategory() + " " + result.errorMessage());
            }
            start = System.nanoTime();
            w.byHand().run();
            long handTime = (System.nanoTime() - start) / 1_000_000;
            // Counted outside the timed part: the engine counts its rows while writing.
            long handRows = SparkSession.active().read().option("header", "true").csv(w.handOutput().toString()).count();
            long engineRows = result.rowsWritten().values().iterator().next();
            if (engineRows != handRows) {
                throw new IllegalStateException(w.name() + ": engine wrote " + engineRows + " rows, hand-written " + handRows);
            }
            if (i > 0) { // run 0 warms both up
                engineMs.add(engineTime);
                handMs.add(handTime);
            }
        }
        long e = median(engineMs);
        long h = median(handMs);
        System.out.printf(Locale.ROOT, "%-28s engine median %6d ms  hand-written median %6d ms  ratio %.3f   (engine %s, hand %s)%n",
                w.name(), e, h, (double) e / h, engineMs, handMs);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static RunRequest request(String xml, Path work, int i) {
        return new RunRequest("bench-" + i + "-" + System.nanoTime(), 1, null, "bench", "service", "bench", LocalDate.of(2026, 1, 15),
                Map.of(), work.toString(), xml, Map.of("sales.json", new TableSchema("sales.json", SALES),
                "products.json", new TableSchema("products.json", PRODUCTS)), Map.of(), Map.of());
    }

    // ----- data

    private static void generate(SparkSession spark, Path data, long rows) throws IOException {
        if (Files.isDirectory(data.resolve("sales")) && Files.isDirectory(data.resolve("products"))) {
            return;
        }
        // About 2% of sale ids repeat with a later timestamp (resent records), for the dedupe to remove.
        spark.range(rows).selectExpr(
                        "concat('S', lpad(cast(id % " + Math.max(1, rows * 98 / 100) + " as string), 10, '0')) as sale_id",
                        "timestamp_seconds(1767225600 + (id * 7919) % 2592000) as sale_ts",
                        "to_date(timestamp_seconds(1767225600 + (id * 7919) % 2592000)) as sale_date",
                        "element_at(array('Berlin','Paris','Madrid','Rome','Vienna','Prague','Lisbon','Oslo'), cast(id % 8 + 1 as int)) as city",
                        "concat('M', cast(id % 250 as string)) as salesman_id",
                        "concat('C', cast((id * 31) % 50000 as string)) as customer_id",
                        "concat('P', cast((id * 17) % 1000 as string)) as product_id",
                        "cast(id % 9 + 1 as int) as quantity",
                        "cast(((id * 13) % 100000) / 100.0 as decimal(12,2)) as amount")
                .write().option("header", "true").csv(data.resolve("sales").toString());
        spark.range(1000).selectExpr("concat('P', cast(id as string)) as product_id", "concat('Product ', cast(id as string)) as product_name",
                        "concat('Category ', cast(id % 20 as string)) as category")
                .coalesce(1).write().option("header", "true").csv(data.resolve("products").toString());
    }

    private static StructType schema(List<Column> columns) {
        return StructType.fromDDL(new TableSchema("x", columns).ddl());
    }

    // ----- workload 1: top sales per city

    private static String topSalesXml(Path data, Path out) {
        return """
                <pipeline id="bench_top_sales" version="1.0.0" layer="service">
                  <sources><csv id="sales" path="%s" schemaRef="sales.json"/></sources>
                  <transformations>
                    <aggregate source="sales" groupBy="city,sale_date"
                               metrics="sum:amount:total_sales,count:sales_count,avg:amount:avg_sale,max:amount:max_sale"/>
                    <sort source="sales" orderBy="city, sale_date"/>
                  </transformations>
                  <targets><csv id="top_sales" path="%s" mode="overwrite"/></targets>
                </pipeline>
                """.formatted(data.resolve("sales"), out);
    }

    private static void topSalesByHand(SparkSession spark, Path data, Path out) {
        Dataset<Row> result = spark.read().schema(schema(SALES)).option("header", "true").option("mode", "FAILFAST")
                .csv(data.resolve("sales").toString())
                .groupBy("city", "sale_date")
                .agg(sum("amount").as("total_sales"), count(lit(1)).as("sales_count"), avg("amount").as("avg_sale"), max("amount").as("max_sale"))
                .orderBy("city", "sale_date");
        result.write().mode("overwrite").option("header", "true").csv(out.toString());
    }

    // ----- workload 2: dedupe + join + aggregate

    private static String dedupeJoinXml(Path data, Path out) {
        return """
                <pipeline id="bench_dedupe_join" version="1.0.0" layer="service">
                  <sources>
                    <csv id="sales" path="%s" schemaRef="sales.json"/>
                    <csv id="products" path="%s" schemaRef="products.json"/>
                  </sources>
                  <transformations>
                    <deduplicate source="sales" keys="sale_id" keep="latest" orderBy="sale_ts"/>
                    <join left="sales" right="products" type="inner" condition="sales.product_id = products.product_id"/>
                    <aggregate source="sales" groupBy="category" metrics="sum:amount:revenue,count:sales,countDistinct:customer_id:customers"/>
                  </transformations>
                  <targets><csv id="by_category" path="%s" mode="overwrite"/></targets>
                </pipeline>
                """.formatted(data.resolve("sales"), data.resolve("products"), out);
    }

    private static void dedupeJoinByHand(SparkSession spark, Path data, Path out) {
        Dataset<Row> sales = spark.read().schema(schema(SALES)).option("header", "true").option("mode", "FAILFAST")
                .csv(data.resolve("sales").toString());
        Dataset<Row> products = spark.read().schema(schema(PRODUCTS)).option("header", "true").option("mode", "FAILFAST")
                .csv(data.resolve("products").toString());
        // Same semantics as the engine's keep="latest": latest sale_ts first, ties by input order.
        Dataset<Row> latest = sales.withColumn("_order", monotonically_increasing_id())
                .withColumn("_rank", row_number().over(Window.partitionBy("sale_id").orderBy(col("sale_ts").desc_nulls_last(), col("_order"))))
                .filter(col("_rank").equalTo(1)).drop("_rank", "_order");
        Dataset<Row> joined = latest.as("s").join(products.as("p"), expr("s.product_id = p.product_id"))
                .select(col("s.*"), col("p.product_name"), col("p.category"));
        joined.groupBy("category")
                .agg(sum("amount").as("revenue"), count(lit(1)).as("sales"), countDistinct("customer_id").as("customers"))
                .write().mode("overwrite").option("header", "true").csv(out.toString());
    }
}
