package io.datahub.spark.transform;

import static io.datahub.spark.transform.StepTestSupport.assertColumns;
import static io.datahub.spark.transform.StepTestSupport.assertFails;
import static io.datahub.spark.transform.StepTestSupport.frame;
import static io.datahub.spark.transform.StepTestSupport.orderedRows;
import static io.datahub.spark.transform.StepTestSupport.row;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datahub.model.definition.Sort;
import io.datahub.model.run.ErrorCategory;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SortStepTest {

    private static final Dataset<Row> INPUT = frame("name STRING, score INT, city STRING",
            row("ann", 3, "Oslo"),
            row("bob", null, "Bergen"),
            row("cid", 1, null),
            row("dan", 3, "Bergen"),
            row("eve", null, "Oslo"),
            row("fay", 2, "Oslo"));

    @TempDir
    Path data;

    @Test
    void mixedDirectionsWithSparkDefaultNullsLastForDescending() {
        Dataset<Row> out = run("orderBy=\"score desc, name\"");
        assertColumns(out, "name", "score", "city");
        assertEquals(List.of("ann|3|Oslo", "dan|3|Bergen", "fay|2|Oslo", "cid|1|null", "bob|null|Bergen", "eve|null|Oslo"), orderedRows(out));
    }

    @Test
    void nullsFirstAppliesToEveryItem() {
        assertEquals(List.of("bob", "eve", "ann", "dan", "fay", "cid"), names(run("orderBy=\"score desc, name\" nulls=\"first\"")));
    }

    @Test
    void directionIsTheDefaultOfItemsWithoutOneAndSparkPutsNullsFirstForAscending() {
        // city desc (from direction): nulls last; score asc: nulls first.
        assertEquals(List.of("eve", "fay", "ann", "bob", "dan", "cid"), names(run("orderBy=\"city, score asc\" direction=\"desc\"")));
    }

    @Test
    void nullsLastForMixedDirections() {
        assertEquals(List.of("fay", "ann", "eve", "dan", "bob", "cid"),
                names(run("orderBy=\"city, score asc\" direction=\"desc\" nulls=\"last\"")));
    }

    @Test
    void nullsFirstForMixedDirections() {
        assertEquals(List.of("cid", "eve", "fay", "ann", "bob", "dan"),
                names(run("orderBy=\"CITY desc, Score\" nulls=\"first\"")));
    }

    @Test
    void unknownColumn() {
        assertFails(ErrorCategory.UNKNOWN_COLUMN, "<sort> orderBy: column 'age' does not exist (columns: name, score, city)",
                () -> run("orderBy=\"name, age desc\""));
    }

    private static List<String> names(Dataset<Row> out) {
        return out.collectAsList().stream().map(r -> r.getString(0)).toList();
    }

    private Dataset<Row> run(String attributes) {
        String xml = """
                <pipeline id="p" version="1.0.0" layer="staging">
                  <sources><csv id="people" path="in/people.csv"/></sources>
                  <transformations><sort source="people" %s/></transformations>
                  <targets><csv path="out"/></targets>
                </pipeline>
                """.formatted(attributes);
        Sort step = StepTestSupport.step(xml);
        return new SortStep().apply(step, List.of(INPUT), StepTestSupport.context(xml, data)).output();
    }
}
