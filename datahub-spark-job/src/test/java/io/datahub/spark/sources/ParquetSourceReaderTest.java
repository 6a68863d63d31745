package io.datahub.spark.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datahub.model.definition.ParquetSource;
import io.datahub.model.run.ErrorCategory;
import io.datahub.model.schema.Column;
import io.datahub.model.schema.ColumnType;
import io.datahub.model.schema.TableSchema;
import io.datahub.spark.SparkTestSupport;
import io.datahub.spark.api.DatahubException;
import io.datahub.spark.api.RunContext;
import java.nio.file.Path;
import java.sql.Date;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetSourceReaderTest {

    @TempDir
    Path data;

    @Test
    void readsBackWhatSparkWrote() {
        writeEvents("in/events");
        Dataset<Row> rows = read(context("""
                <parquet id="events" path="in/events"/>""", Map.of()));
        assertEquals(StructType.fromDDL("id int, kind string, day date"), rows.schema());
        assertEquals(Rows.sorted("[1,click,2026-01-15]", "[2,view,2026-01-14]", "[3,null,2026-01-15]"), Rows.sorted(rows));
    }

    @Test
    void aSchemaRefSelectsTheDeclaredColumnsInOrderCastToTheirTypes() {
        writeEvents("in/events");
        TableSchema schema = new TableSchema("events.avsc", List.of(
                new Column("DAY", ColumnType.STRING, true), new Column("id", ColumnType.LONG, false)));
        Dataset<Row> rows = read(context("""
                <parquet id="events" path="in/events" schemaRef="events.avsc"/>""", Map.of("events.avsc", schema)));
        assertEquals(StructType.fromDDL("DAY string, id bigint"), rows.schema());
        assertEquals(Rows.sorted("[2026-01-15,1]", "[2026-01-14,2]", "[2026-01-15,3]"), Rows.sorted(rows));
    }

    @Test
    void aDeclaredColumnTheFilesLackIsUnknownColumn() {
        writeEvents("in/events");
        TableSchema schema = new TableSchema("events.avsc", List.of(
                new Column("id", ColumnType.INT, true), new Column("user", ColumnType.STRING, true), new Column("ts", ColumnType.TIMESTAMP, true)));
        RunContext context = context("""
                <parquet id="events" path="in/events" schemaRef="events.avsc"/>""", Map.of("events.avsc", schema));
        DatahubException e = assertThrows(DatahubException.class, () -> read(context));
        assertEquals(ErrorCategory.UNKNOWN_COLUMN, e.category());
        assertEquals("<parquet> source 'events': schema events.avsc: columns 'user', 'ts' do not exist (columns: id, kind, day)",
                e.getMessage());
    }

    @Test
    void mergeSchemaUnitesTheColumnsOfAllFiles() {
        SparkTestSupport.spark().createDataFrame(List.of(RowFactory.create(1, "a")), StructType.fromDDL("id int, kind string"))
                .write().parquet(layer().resolve("in/merged/part=1").toString());
        SparkTestSupport.spark().createDataFrame(List.of(RowFactory.create(2, 9L)), StructType.fromDDL("id int, score bigint"))
                .write().parquet(layer().resolve("in/merged/part=2").toString());
        Dataset<Row> rows = read(context("""
                <parquet id="events" path="in/merged" mergeSchema="true"/>""", Map.of()));
        assertEquals(List.of("id", "kind", "score", "part"), List.of(rows.columns()));
        assertEquals(Rows.sorted("[1,a,null,1]", "[2,null,9,2]"), Rows.sorted(rows));
    }

    @Test
    void aPathThatMatchesNoFileIsInputNotFound() {
        RunContext context = context("""
                <parquet id="events" path="in/events/dt=${runDate}"/>""", Map.of());
        DatahubException e = assertThrows(DatahubException.class, () -> read(context));
        assertEquals(ErrorCategory.INPUT_NOT_FOUND, e.category());
        assertEquals("<parquet> source 'events': path " + layer() + "/in/events/dt=2026-01-15 matches no file", e.getMessage());
    }

    // ------------------------------------------------------------------ helpers

    private void writeEvents(String relative) {
        List<Row> rows = List.of(
                RowFactory.create(1, "click", Date.valueOf("2026-01-15")),
                RowFactory.create(2, "view", Date.valueOf("2026-01-14")),
                RowFactory.create(3, null, Date.valueOf("2026-01-15")));
        SparkTestSupport.spark().createDataFrame(rows, StructType.fromDDL("id int, kind string, day date"))
                .write().parquet(layer().resolve(relative).toString());
    }

    private Path layer() {
        return SparkTestSupport.layer(data);
    }

    private RunContext context(String element, Map<String, TableSchema> schemas) {
        return SparkTestSupport.sourceContext(element, data, schemas);
    }

    private static Dataset<Row> read(RunContext context) {
        return new ParquetSourceReader().read((ParquetSource) context.pipeline().sources().get(0), context);
    }
}
