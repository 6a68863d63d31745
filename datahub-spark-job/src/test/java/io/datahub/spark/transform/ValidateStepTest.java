package io.datahub.spark.transform;

import static io.datahub.spark.transform.StepFixtures.dataset;
import static io.datahub.spark.transform.StepFixtures.row;
import static io.datahub.spark.transform.StepFixtures.rows;
import static io.datahub.spark.transform.StepFixtures.sorted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datahub.model.definition.Validate;
import io.datahub.model.run.ErrorCategory;
import io.datahub.spark.api.DatahubException;
import io.datahub.spark.api.RunContext;
import io.datahub.spark.api.StepOutput;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class ValidateStepTest {

    private static final List<String> COLUMNS = List.of("customer_id", "email", "age", "status", "country_code", "signup");

    private static final String R1 = "1|ann@example.com|34|ACTIVE|DE|2025-06-01";
    private static final String R2 = "2|bob@example|17|INACTIVE|FR|2025-07-01";
    private static final String R3 = "3|null|131|ACTIVE|XX|2026-01-16";
    private static final String R4 = "4|dan@example.com|null|null|null|null";
    private static final String R5 = "5|eve@example.com.au|-1|BANNED|de|2025-01-01";
    private static final String R6 = "2|bob2@example.com|130|ACTIVE|FR|2026-01-15";
    private static final String R7 = "7|fay@example.com\n|0|PROSPECT|FR|2024-12-31";
    private static final String R8 = "null|gus@example.com|18|ACTIVE|DE|2025-02-02";
    private static final List<String> ALL = sorted(R1, R2, R3, R4, R5, R6, R7, R8);

    private static Dataset<Row> customers() {
        return dataset("customer_id INT, email STRING, age INT, status STRING, country_code STRING, signup DATE",
                row(1, "ann@example.com", 34, "ACTIVE", "DE", Date.valueOf("2025-06-01")),
                row(2, "bob@example", 17, "INACTIVE", "FR", Date.valueOf("2025-07-01")),
                row(3, null, 131, "ACTIVE", "XX", Date.valueOf("2026-01-16")),
                row(4, "dan@example.com", null, null, null, null),
                row(5, "eve@example.com.au", -1, "BANNED", "de", Date.valueOf("2025-01-01")),
                row(2, "bob2@example.com", 130, "ACTIVE", "FR", Date.valueOf("2026-01-15")),
                row(7, "fay@example.com\n", 0, "PROSPECT", "FR", Date.valueOf("2024-12-31")),
                row(null, "gus@example.com", 18, "ACTIVE", "DE", Date.valueOf("2025-02-02")));
    }

    private static Dataset<Row> countries(String column) {
        return dataset(column + " STRING", row("DE"), row("FR"), row("US"), row((Object) null));
    }

    private RunContext context;

    private StepOutput validate(String rules) {
        return validate(rules, List.of());
    }

    private StepOutput validate(String rules, Dataset<Row> reference) {
        return validate(rules, List.of(reference));
    }

    private StepOutput validate(String rules, List<Dataset<Row>> references) {
        String xml = StepFixtures.pipeline("customers, countries",
                "<validate source=\"customers\" quarantineOutput=\"rejected\">" + rules + "</validate>");
        context = StepFixtures.context(xml, Map.of());
        List<Dataset<Row>> inputs = new ArrayList<>(List.of(customers()));
        inputs.addAll(references);
        return new ValidateStep().apply(StepFixtures.step(xml, Validate.class), inputs, context);
    }

    /** Applies one quarantine rule; checks the output and quarantine columns; returns the quarantined rows. */
    private List<String> quarantined(String rule) {
        return quarantined(rule, List.of());
    }

    private List<String> quarantined(String rule, Dataset<Row> reference) {
        return quarantined(rule, List.of(reference));
    }

    private List<String> quarantined(String rule, List<Dataset<Row>> references) {
        StepOutput out = validate(rule, references);
        assertEquals(COLUMNS, StepFixtures.columns(out.output()));
        List<String> withRule = new ArrayList<>(COLUMNS);
        withRule.add("_dq_rule");
        assertEquals(withRule, StepFixtures.columns(out.quarantine()));
        List<String> rejected = rows(out.quarantine());
        List<String> kept = new ArrayList<>(ALL);
        rejected.forEach(r -> kept.remove(r.substring(0, r.lastIndexOf('|'))));
        assertEquals(sorted(kept.toArray(String[]::new)), rows(out.output()));
        assertEquals(Map.of("rejected", (long) rejected.size()), context.quarantined());
        assertEquals(List.of(), context.warnings());
        return rejected;
    }

    @Test
    void notNullRejectsNullsInAnyListedColumn() {
        assertEquals(sorted(R3 + "|notNull:customer_id+email", R8 + "|notNull:customer_id+email"),
                quarantined("<notNull columns=\"customer_id, email\" action=\"quarantine\"/>"));
    }

    @Test
    void uniqueRejectsEveryRowOfADuplicatedKeyAndNullKeysNeverConflict() {
        assertEquals(sorted(R2 + "|unique:customer_id", R6 + "|unique:customer_id"),
                quarantined("<unique columns=\"customer_id\" action=\"quarantine\"/>"));
        // the combination: (DE, ACTIVE) twice; (FR, ACTIVE) and (FR, INACTIVE) are different keys; r4's nulls pass
        assertEquals(sorted(R1 + "|unique:country_code+status", R8 + "|unique:country_code+status"),
                quarantined("<unique columns=\"country_code, status\" action=\"quarantine\"/>"));
    }

    @Test
    void rangeComparesNumbersNumericallyWithInclusiveBounds() {
        // as strings, "17" and "34" would be above "130"
        assertEquals(sorted(R3 + "|age_range", R5 + "|age_range"),
                quarantined("<range name=\"age_range\" column=\"age\" min=\"0\" max=\"130\" action=\"quarantine\"/>"));
    }

    @Test
    void rangeComparesDatesAsDatesWithParameters() {
        assertEquals(sorted(R3 + "|range:signup", R7 + "|range:signup"),
                quarantined("<range column=\"signup\" min=\"2025-01-01\" max=\"${runDate}\" action=\"quarantine\"/>"));
    }

    @Test
    void rangeComparesOtherColumnsAsStrings() {
        // "ACTIVE" < "B"; "PROSPECT" > "J"; "BANNED" and "INACTIVE" inside
        assertEquals(sorted(R1 + "|range:status", R3 + "|range:status", R6 + "|range:status", R7 + "|range:status", R8 + "|range:status"),
                quarantined("<range column=\"status\" min=\"B\" max=\"J\" action=\"quarantine\"/>"));
    }

    @Test
    void patternMustMatchTheWholeValue() {
        // r5 contains a match but is longer; r7 ends with a line break, which $ would have accepted
        assertEquals(sorted(R2 + "|pattern:email", R5 + "|pattern:email", R6 + "|pattern:email", R7 + "|pattern:email"),
                quarantined("<pattern column=\"email\" regex=\"[a-z]+@example\\.com\" action=\"quarantine\"/>"));
    }

    @Test
    void allowedValuesComparesExactStrings() {
        assertEquals(sorted(R5 + "|allowedValues:status"),
                quarantined("<allowedValues column=\"status\" values=\"ACTIVE, INACTIVE,PROSPECT\" action=\"quarantine\"/>"));
    }

    @Test
    void referenceLooksValuesUpInTheSecondDataset() {
        assertEquals(sorted(R3 + "|reference:country_code", R5 + "|reference:country_code"),
                quarantined("<reference column=\"country_code\" dataset=\"countries\" datasetColumn=\"iso_code\" action=\"quarantine\"/>",
                        countries("iso_code")));
        // without datasetColumn: the same column name
        assertEquals(sorted(R3 + "|reference:country_code", R5 + "|reference:country_code"),
                quarantined("<reference column=\"country_code\" dataset=\"countries\" action=\"quarantine\"/>", countries("country_code")));
    }

    @Test
    void aRowBreakingSeveralQuarantineRulesAppearsOnceWithEveryNameInDocumentOrder() {
        StepOutput out = validate("<notNull columns=\"email\" action=\"quarantine\"/>"
                + "<allowedValues name=\"known_status\" column=\"status\" values=\"ACTIVE,INACTIVE,PROSPECT\" action=\"quarantine\"/>"
                + "<range column=\"age\" min=\"0\" max=\"130\" action=\"quarantine\"/>");
        assertEquals(sorted(R3 + "|notNull:email,range:age", R5 + "|known_status,range:age"), rows(out.quarantine()));
        assertEquals(sorted(R1, R2, R4, R6, R7, R8), rows(out.output()));
        assertEquals(Map.of("rejected", 2L), context.quarantined());
    }

    @Test
    void warnKeepsTheRowsAndRecordsAWarning() {
        StepOutput out = validate("<pattern column=\"email\" regex=\"[a-z0-9]+@example\\.com\" action=\"warn\"/>"
                + "<allowedValues column=\"status\" values=\"ACTIVE,INACTIVE,PROSPECT,BANNED\" action=\"warn\"/>");
        assertEquals(ALL, rows(out.output()));
        assertEquals(List.of("<validate> rule pattern:email: 3 rows broke it (kept, action warn)"), context.warnings());
        // quarantineOutput without quarantine rules: an empty dataset with the _dq_rule column
        assertEquals(List.of(), rows(out.quarantine()));
        assertEquals(Map.of("rejected", 0L), context.quarantined());
    }

    @Test
    void failReportsTheCountAndUpToThreeExampleRows() {
        DatahubException e = assertThrows(DatahubException.class,
                () -> validate("<pattern column=\"email\" regex=\"[a-z]+@example\\.com\" action=\"warn\"/>"
                        + "<notNull columns=\"email\"/>"
                        + "<pattern name=\"strict_email\" column=\"email\" regex=\"[a-z]+@example\\.com\"/>"));
        assertEquals(ErrorCategory.DATA_QUALITY, e.category());
        // the first failing rule in document order; warnings are recorded before it fails
        assertEquals("<validate> rule notNull:email failed for 1 row, e.g. customer_id=3, email=null, age=131, status=ACTIVE, "
                + "country_code=XX, signup=2026-01-16", e.getMessage());
        assertEquals(List.of("<validate> rule pattern:email: 4 rows broke it (kept, action warn)"), context.warnings());

        DatahubException many = assertThrows(DatahubException.class,
                () -> validate("<pattern name=\"strict_email\" column=\"email\" regex=\"[a-z]+@example\\.com\"/>"));
        // at most three examples, sorted: r6 before r2 ("2" < "@"), r7 left out
        assertEquals("<validate> rule strict_email failed for 4 rows, e.g. "
                + "customer_id=2, email=bob2@example.com, age=130, status=ACTIVE, country_code=FR, signup=2026-01-15; "
                + "customer_id=2, email=bob@example, age=17, status=INACTIVE, country_code=FR, signup=2025-07-01; "
                + "customer_id=5, email=eve@example.com.au, age=-1, status=BANNED, country_code=de, signup=2025-01-01", many.getMessage());
    }

    @Test
    void passingFailRulesKeepEveryRow() {
        StepOutput out = validate("<unique columns=\"email\"/><allowedValues column=\"country_code\" values=\"DE,FR,XX,de\"/>"
                + "<range column=\"signup\" max=\"2026-01-16\"/>");
        assertEquals(ALL, rows(out.output()));
        assertEquals(List.of(), context.warnings());
    }

    @Test
    void nullsPassEveryRuleButNotNull() {
        StepOutput out = validate("<unique columns=\"age\" action=\"quarantine\"/><range column=\"age\" min=\"100\" action=\"quarantine\"/>"
                + "<pattern column=\"status\" regex=\"X\" action=\"quarantine\"/><allowedValues column=\"country_code\" values=\"X\" action=\"quarantine\"/>"
                + "<reference column=\"signup\" dataset=\"countries\" datasetColumn=\"iso_code\" action=\"quarantine\"/>",
                countries("iso_code"));
        assertEquals(sorted(R4), rows(out.output()));
    }

    @Test
    void unknownColumnsAreNamed() {
        DatahubException e = assertThrows(DatahubException.class, () -> validate("<notNull columns=\"customer_id, mail\"/>"));
        assertEquals(ErrorCategory.UNKNOWN_COLUMN, e.category());
        assertEquals("<validate> rule notNull:customer_id+mail: column 'mail' does not exist "
                + "(columns: customer_id, email, age, status, country_code, signup)", e.getMessage());

        DatahubException ref = assertThrows(DatahubException.class,
                () -> validate("<reference column=\"country_code\" dataset=\"countries\" datasetColumn=\"code\"/>", countries("iso_code")));
        assertEquals(ErrorCategory.UNKNOWN_COLUMN, ref.category());
        assertEquals("<validate> rule reference:country_code (dataset 'countries'): column 'code' does not exist (columns: iso_code)",
                ref.getMessage());
    }

    @Test
    void withoutQuarantineOutputThereIsNoQuarantineDataset() {
        String xml = StepFixtures.pipeline("customers", "<validate source=\"customers\"><notNull columns=\"customer_id\" action=\"warn\"/></validate>");
        RunContext run = StepFixtures.context(xml, Map.of());
        StepOutput out = new ValidateStep().apply(StepFixtures.step(xml, Validate.class), List.of(customers()), run);
        assertNull(out.quarantine());
        assertEquals(ALL, rows(out.output()));
        assertEquals(List.of("<validate> rule notNull:customer_id: 1 row broke it (kept, action warn)"), run.warnings());
        assertEquals(Map.of(), run.quarantined());
    }
}
