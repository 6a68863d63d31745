package io.datahub.model.definition;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ParameterTypeTest {

    /** A fixed "today": 15 January 2026. */
    private static final LocalDate TODAY = LocalDate.of(2026, 1, 15);

    private static final String DATE_FORMS = " (expected yyyy-MM-dd, today, yesterday or today-Nd)";
    private static final String TIMESTAMP_FORMS =
            " (expected an ISO-8601 timestamp such as 2026-01-15T10:30:00 or 2026-01-15T10:30:00Z)";

    private static String failure(ParameterType type, String text) {
        return assertThrows(IllegalArgumentException.class, () -> type.parse(text, TODAY)).getMessage();
    }

    @ParameterizedTest
    @CsvSource({
            "string, STRING", "int, INT", "long, LONG", "double, DOUBLE", "decimal, DECIMAL",
            "boolean, BOOLEAN", "date, DATE", "timestamp, TIMESTAMP", "Date, DATE", "TIMESTAMP, TIMESTAMP",
    })
    void fromXml(String xml, ParameterType type) {
        assertEquals(type, ParameterType.fromXml(xml));
    }

    @Test
    void fromXmlOfAnUnknownTypeFails() {
        assertThrows(IllegalArgumentException.class, () -> ParameterType.fromXml("text"));
    }

    @Test
    void xmlNameIsLowerCase() {
        assertEquals("string", ParameterType.STRING.xmlName());
        assertEquals("int", ParameterType.INT.xmlName());
        assertEquals("timestamp", ParameterType.TIMESTAMP.xmlName());
    }

    @Test
    void stringIsTheTextAsGiven() {
        assertEquals("EU", ParameterType.STRING.parse("EU", TODAY));
        assertEquals(" a b ", ParameterType.STRING.parse(" a b ", TODAY));
        assertEquals("", ParameterType.STRING.parse("", TODAY));
    }

    @Test
    void intValues() {
        assertEquals(42, ParameterType.INT.parse("42", TODAY));
        assertEquals(-7, ParameterType.INT.parse(" -7 ", TODAY));
        assertEquals(Integer.MAX_VALUE, ParameterType.INT.parse("2147483647", TODAY));
    }

    @Test
    void intErrors() {
        assertEquals("'4.2' is not an int", failure(ParameterType.INT, "4.2"));
        assertEquals("'2147483648' is not an int", failure(ParameterType.INT, "2147483648"));
        assertEquals("'' is not an int", failure(ParameterType.INT, ""));
        assertEquals("' x ' is not an int", failure(ParameterType.INT, " x "));
    }

    @Test
    void longValues() {
        assertEquals(2147483648L, ParameterType.LONG.parse("2147483648", TODAY));
        assertEquals(Long.MIN_VALUE, ParameterType.LONG.parse("-9223372036854775808", TODAY));
    }

    @Test
    void longErrors() {
        assertEquals("'9223372036854775808' is not a long", failure(ParameterType.LONG, "9223372036854775808"));
        assertEquals("'1L' is not a long", failure(ParameterType.LONG, "1L"));
    }

    @Test
    void doubleValues() {
        assertEquals(1.5, ParameterType.DOUBLE.parse("1.5", TODAY));
        assertEquals(1000.0, ParameterType.DOUBLE.parse("1e3", TODAY));
        assertEquals(-0.25, ParameterType.DOUBLE.parse(" -0.25 ", TODAY));
    }

    @Test
    void doubleErrors() {
        assertEquals("'1,5' is not a double", failure(ParameterType.DOUBLE, "1,5"));
        assertEquals("'abc' is not a double", failure(ParameterType.DOUBLE, "abc"));
    }

    @Test
    void decimalKeepsItsScale() {
        assertEquals(new BigDecimal("0.00"), ParameterType.DECIMAL.parse("0.00", TODAY));
        assertEquals(new BigDecimal("1234567890.123456789"), ParameterType.DECIMAL.parse("1234567890.123456789", TODAY));
        assertEquals(new BigDecimal("-5"), ParameterType.DECIMAL.parse("-5", TODAY));
    }

    @Test
    void decimalErrors() {
        assertEquals("'1,5' is not a decimal", failure(ParameterType.DECIMAL, "1,5"));
        assertEquals("'ten' is not a decimal", failure(ParameterType.DECIMAL, "ten"));
    }

    @Test
    void booleanValues() {
        assertEquals(Boolean.TRUE, ParameterType.BOOLEAN.parse("true", TODAY));
        assertEquals(Boolean.FALSE, ParameterType.BOOLEAN.parse(" false ", TODAY));
    }

    @ParameterizedTest
    @ValueSource(strings = {"TRUE", "False", "1", "0", "yes", ""})
    void booleanErrors(String text) {
        assertEquals("'" + text + "' is not a boolean (expected true or false)", failure(ParameterType.BOOLEAN, text));
    }

    @ParameterizedTest
    @CsvSource({
            "2026-03-01, 2026-03-01",
            "2024-02-29, 2024-02-29",
            "today, 2026-01-15",
            "yesterday, 2026-01-14",
            "today-3d, 2026-01-12",
            "today+2d, 2026-01-17",
            "today-0d, 2026-01-15",
            "today-15d, 2025-12-31",
            "today+17d, 2026-02-01",
            "today-365d, 2025-01-15",
            "today-007d, 2026-01-08",
    })
    void dates(String text, LocalDate expected) {
        assertEquals(expected, ParameterType.DATE.parse(text, TODAY));
    }

    @Test
    void dateAroundBlanks() {
        assertEquals(LocalDate.of(2026, 1, 14), ParameterType.DATE.parse("  yesterday ", TODAY));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tomorrow", "Today", "today-3", "today - 3d", "today-3w", "yesterday-1d", "today-d",
            "2026-02-30", "2025-02-29", "15/01/2026", "2026-1-5", "20260115", ""})
    void dateErrors(String text) {
        assertEquals("'" + text + "' is not a date" + DATE_FORMS, failure(ParameterType.DATE, text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"today+999999999999d", "today-999999999999d", "today+9223372036854775807d",
            "today-9223372036854775807d", "today-99999999999999999999d"})
    void dateOffsetsOutsideTheCalendarAreErrorsNotCrashes(String text) {
        assertEquals("'" + text + "' is not a date" + DATE_FORMS, failure(ParameterType.DATE, text));
    }

    @Test
    void localTimestamps() {
        assertEquals(LocalDateTime.of(2026, 1, 15, 10, 30, 0), ParameterType.TIMESTAMP.parse("2026-01-15T10:30:00", TODAY));
        assertEquals(LocalDateTime.of(2026, 1, 15, 10, 30), ParameterType.TIMESTAMP.parse("2026-01-15T10:30", TODAY));
        assertEquals(LocalDateTime.of(2026, 1, 15, 10, 30, 5, 123_000_000),
                ParameterType.TIMESTAMP.parse("2026-01-15T10:30:05.123", TODAY));
    }

    @Test
    void utcInstant() {
        assertEquals(LocalDateTime.of(2026, 1, 15, 10, 30).toInstant(ZoneOffset.UTC),
                ParameterType.TIMESTAMP.parse("2026-01-15T10:30:00Z", TODAY));
    }

    @Test
    void instantWithOffsetIsConvertedToUtc() {
        assertEquals(LocalDateTime.of(2026, 1, 15, 9, 30).toInstant(ZoneOffset.UTC),
                ParameterType.TIMESTAMP.parse("2026-01-15T10:30:00+01:00", TODAY));
        assertEquals(LocalDateTime.of(2026, 1, 15, 15, 30).toInstant(ZoneOffset.UTC),
                ParameterType.TIMESTAMP.parse("2026-01-15T10:30:00-05:00", TODAY));
        assertEquals(LocalDateTime.of(2026, 1, 14, 23, 0).toInstant(ZoneOffset.UTC),
                ParameterType.TIMESTAMP.parse("2026-01-15T01:00:00+02:00", TODAY));
    }

    @Test
    void timestampKinds() {
        assertEquals(Instant.class, ParameterType.TIMESTAMP.parse("2026-01-15T10:30:00Z", TODAY).getClass());
        assertEquals(LocalDateTime.class, ParameterType.TIMESTAMP.parse("2026-01-15T10:30:00", TODAY).getClass());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-01-15 10:30:00", "2026-01-15", "10:30", "2026-01-15T25:00:00", "2026-01-15T10:30:00+0100",
            "2026-01-15T10:30:00Y", "now", ""})
    void timestampErrors(String text) {
        assertEquals("'" + text + "' is not a timestamp" + TIMESTAMP_FORMS, failure(ParameterType.TIMESTAMP, text));
    }
}
