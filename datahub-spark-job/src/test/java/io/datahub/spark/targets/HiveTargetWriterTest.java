package io.datahub.spark.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datahub.model.definition.HiveTarget;
import io.datahub.model.run.ErrorCategory;
import io.datahub.spark.SparkTestSupport;
import io.datahub.spark.api.DatahubException;
import io.datahub.spark.api.RunContext;
import io.datahub.spark.api.TargetCommit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HiveTargetWriterTest {

    /** This class's own database, dropped at the end. */
    private static final String DB = "hive_targets_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

    private static final StructType SCHEMA = new StructType()
            .add("id", DataTypes.IntegerType)
            .add("name", DataTypes.StringType)
            .add("day", DataTypes.StringType);

    @TempDir
    Path data;

    private final HiveTargetWriter writer = new HiveTargetWriter();

    @AfterAll
    static void dropDatabase() {
        SparkTestSupport.spark().sql("DROP DATABASE IF EXISTS " + DB + " CASCADE");
    }

    @Test
    void appendCreatesTheTableAndARerunOfTheSameRunIdAddsNothing() {
        String xml = pipeline("<hive table=\"" + DB + ".appended\"/>");
        commit(xml, "run-1", rows("1,a,d1", "2,b,d1"));
        commit(xml, "run-1", rows("1,a,d1", "2,b,d1"));
        commit(xml, "run-2", rows("3,c,d2"));
        assertEquals(List.of("[1,a,d1]", "[2,b,d1]", "[3,c,d2]"), table("appended"));
        List<String> properties = spark().sql("SHOW TBLPROPERTIES " + DB + ".appended").collectAsList().stream()
                .filter(r -> r.getString(0).startsWith("datahub.")).map(r -> r.getString(0) + "=" + r.getString(1)).sorted().toList();
        assertEquals(List.of("datahub.appended.run-1=true", "datahub.appended.run-2=true"), properties);
        assertEquals(List.of(), stagingTables());
    }

    @Test
    void appendMatchesColumnsByName() {
        String xml = pipeline("<hive table=\"" + DB + ".by_name\"/>");
        commit(xml, "run-1", rows("1,a,d1"));
        Dataset<Row> reordered = rows("2,b,d2").select("day", "name", "id");
        commit(xml, "run-2", reordered);
        assertEquals(List.of("[1,a,d1]", "[2,b,d2]"), table("by_name"));
    }

    @Test
    void overwriteWithoutPartitionByReplacesTheWholeTable() {
        String xml = pipeline("<hive table=\"" + DB + ".replaced\" mode=\"overwrite\"/>");
        commit(xml, "run-1", rows("1,a,d1", "2,b,d2"));
        commit(xml, "run-2", rows("3,c,d3"));
        assertEquals(List.of("[3,c,d3]"), table("replaced"));
    }

    @Test
    void overwriteWithPartitionByReplacesOnlyTheWrittenPartitions() {
        String xml = pipeline("<hive table=\"" + DB + ".by_day\" mode=\"overwrite\" partitionBy=\"day\"/>");
        commit(xml, "run-1", rows("1,a,d1", "2,b,d2", "3,c,d2"));
        commit(xml, "run-2", rows("4,d,d2", "5,e,d3"));
        assertEquals(List.of("[1,a,d1]", "[4,d,d2]", "[5,e,d3]"), table("by_day"));
        assertEquals(List.of("day=d1", "day=d2", "day=d3"), partitions("by_day"));
    }

    @Test
    void mergeReplacesRowsWithTheSameKeysAndKeepsTheOthers() {
        String xml = pipeline("<hive table=\"" + DB + ".merged\" mode=\"merge\" keys=\"id\"/>");
        commit(xml, "run-1", rows("1,a,d1", "2,b,d1", "3,c,d2", "4,d,d2"));
        commit(xml, "run-2", rows("2,b2,d1", "4,d2,d3", "5,e,d3"));
        assertEquals(List.of("[1,a,d1]", "[2,b2,d1]", "[3,c,d2]", "[4,d2,d3]", "[5,e,d3]"), table("merged"));
        assertEquals(List.of(), stagingTables());
    }

    @Test
    void mergeOnAPartitionedTableRewritesTheAffectedPartitionsAndDropsEmptiedOnes() {
        String xml = pipeline("<hive table=\"" + DB + ".merged_by_day\" mode=\"merge\" keys=\"id\" partitionBy=\"day\"/>");
        commit(xml, "run-1", rows("1,a,d1", "2,b,d2", "3,c,d2", "4,d,d4"));
        // id 4 moves from d4 to d3 (d4 is left empty), id 2 changes within d2, id 6 is new; d1 is untouched.
        commit(xml, "run-2", rows("2,b2,d2", "4,d2,d3", "6,f,d3"));
        assertEquals(List.of("[1,a,d1]", "[2,b2,d2]", "[3,c,d2]", "[4,d2,d3]", "[6,f,d3]"), table("merged_by_day"));
        assertEquals(List.of("day=d1", "day=d2", "day=d3"), partitions("merged_by_day"));
    }

    @Test
    void orcFormatCreatesAnOrcTable() {
        String xml = pipeline("<hive table=\"" + DB + ".in_orc\" format=\"orc\" mode=\"overwrite\"/>");
        commit(xml, "run-1", rows("1,a,d1", "2,b,d2"));
        String provider = spark().sql("DESCRIBE TABLE EXTENDED " + DB + ".in_orc").collectAsList().stream()
                .filter(r -> "Provider".equals(r.getString(0))).map(r -> r.getString(1)).findFirst().orElse("?");
        assertEquals("orc", provider);
        assertEquals(List.of("[1,a,d1]", "[2,b,d2]"), table("in_orc"));
    }

    @Test
    void abortDropsTheStagingTableAndLeavesTheTable() {
        String xml = pipeline("<hive table=\"" + DB + ".aborted\" mode=\"overwrite\"/>");
        commit(xml, "run-1", rows("1,a,d1"));
        TargetCommit commit = writer.prepare(target(xml), rows("9,z,d9"), context(xml, "run-2"));
        assertEquals(List.of("__staging_aborted_run_2"), stagingTables());
        assertEquals(List.of("[1,a,d1]"), table("aborted"), "prepare must not change the table");
        commit.abort();
        assertEquals(List.of(), stagingTables());
        assertEquals(List.of("[1,a,d1]"), table("aborted"));
    }

    @Test
    void dataThatDoesNotMatchTheTableIsASchemaMismatch() {
        String xml = pipeline("<hive id=\"snap\" table=\"" + DB + ".shaped\"/>");
        commit(xml, "run-1", rows("1,a,d1"));
        Dataset<Row> other = rows("2,b,d2").withColumnRenamed("name", "full_name").drop("day");
        DatahubException e = assertThrows(DatahubException.class, () -> writer.prepare(target(xml), other, context(xml, "run-2")));
        assertEquals(ErrorCategory.SCHEMA_MISMATCH, e.category());
        assertEquals("<hive id=\"snap\">: the data does not match table `" + DB + "`.`shaped`: missing columns day, name;"
                + " columns not in the table full_name", e.getMessage());
        assertEquals(List.of(), stagingTables());
    }

    @Test
    void anUnknownPartitionColumnIsReported() {
        String xml = pipeline("<hive table=\"" + DB + ".unknown\" partitionBy=\"region\"/>");
        DatahubException e = assertThrows(DatahubException.class, () -> writer.prepare(target(xml), rows("1,a,d1"), context(xml, "run-1")));
        assertEquals(ErrorCategory.UNKNOWN_COLUMN, e.category());
        assertEquals("<hive table=\"" + DB + ".unknown\"> partitionBy: column 'region' does not exist (columns: id, name, day)",
                e.getMessage());
    }

    // --- helpers

    private void commit(String xml, String runId, Dataset<Row> rows) {
        writer.prepare(target(xml), rows, context(xml, runId)).commit();
    }

    private static SparkSession spark() {
        return SparkTestSupport.spark();
    }

    private static String pipeline(String target) {
        return """
                <pipeline id="p" version="1.0.0" layer="staging">
                  <sources><csv id="a" path="in/a.csv"/></sources>
                  <targets>%s</targets>
                </pipeline>
                """.formatted(target);
    }

    private static HiveTarget target(String xml) {
        return SparkTestSupport.firstTarget(xml, HiveTarget.class);
    }

    private RunContext context(String xml, String runId) {
        return SparkTestSupport.context(xml, data, runId, Map.of());
    }

    /** Rows written as "id,name,day". */
    private static Dataset<Row> rows(String... rows) {
        List<Row> list = new ArrayList<>();
        for (String row : rows) {
            String[] v = row.split(",");
            list.add(RowFactory.create(Integer.parseInt(v[0]), v[1], v[2]));
        }
        return spark().createDataFrame(list, SCHEMA);
    }

    /** The table's rows as [id,name,day], sorted. */
    private static List<String> table(String name) {
        return spark().table(DB + "." + name).select("id", "name", "day").collectAsList().stream().map(Row::toString).sorted().toList();
    }

    private static List<String> partitions(String name) {
        return spark().sql("SHOW PARTITIONS " + DB + "." + name).collectAsList().stream().map(r -> r.getString(0)).sorted().toList();
    }

    private static List<String> stagingTables() {
        return spark().sql("SHOW TABLES IN " + DB).collectAsList().stream().map(r -> r.getString(1))
                .filter(n -> n.startsWith("__staging_")).sorted().toList();
    }
}
