package io.datahub.model.definition;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SqlParametersTest {

    private static void assertParsed(String sql, String expectedJdbcSql, String... expectedNames) {
        SqlParameters parsed = SqlParameters.parse(sql);
        assertEquals(expectedJdbcSql, parsed.jdbcSql());
        assertEquals(List.of(expectedNames), parsed.names());
    }

    @Test
    void namedParametersBecomeQuestionMarksInOrder() {
        assertParsed("SELECT * FROM sales.orders WHERE order_date = :runDate AND amount >= :minAmount",
                "SELECT * FROM sales.orders WHERE order_date = ? AND amount >= ?",
                "runDate", "minAmount");
    }

    @Test
    void repeatedParameterGetsOneQuestionMarkPerOccurrence() {
        assertParsed("WHERE a = :x OR b = :y OR c = :x",
                "WHERE a = ? OR b = ? OR c = ?",
                "x", "y", "x");
    }

    @Test
    void sqlWithoutParametersIsUnchanged() {
        assertParsed("SELECT id, name FROM customer", "SELECT id, name FROM customer");
    }

    @Test
    void emptySql() {
        assertParsed("", "");
    }

    @Test
    void parameterAtTheVeryStart() {
        assertParsed(":limit", "?", "limit");
        assertParsed(":a = 1", "? = 1", "a");
    }

    @Test
    void parameterAtTheVeryEndAndBeforePunctuation() {
        assertParsed("IN (:a,:b)", "IN (?,?)", "a", "b");
    }

    @Test
    void namesMayContainDigitsAndUnderscores() {
        assertParsed("WHERE d BETWEEN :from_date2 AND :_to_date_3",
                "WHERE d BETWEEN ? AND ?",
                "from_date2", "_to_date_3");
    }

    @Test
    void colonFollowedByDigitIsNotAParameter() {
        assertParsed("SELECT 10:30, :p", "SELECT 10:30, ?", "p");
    }

    @Test
    void colonDirectlyAfterAnIdentifierIsNotAParameter() {
        assertParsed("SELECT a:b FROM t WHERE x = :p", "SELECT a:b FROM t WHERE x = ?", "p");
    }

    @Test
    void timeLiteralInsideStringIsUntouched() {
        assertParsed("WHERE t > '10:30' AND d = :day", "WHERE t > '10:30' AND d = ?", "day");
    }

    @Test
    void colonNameInsideStringLiteralIsNotAParameter() {
        assertParsed("SELECT ':notParam' AS s, :p", "SELECT ':notParam' AS s, ?", "p");
    }

    @Test
    void doubledQuoteStaysInsideStringLiteral() {
        assertParsed("SELECT 'it''s :notParam' AS s FROM t WHERE a = :p",
                "SELECT 'it''s :notParam' AS s FROM t WHERE a = ?",
                "p");
    }

    @Test
    void literalConsistingOfDoubledQuoteOnly() {
        assertParsed("SELECT '''' || :p", "SELECT '''' || ?", "p");
    }

    @Test
    void doubleQuotedIdentifierIsSkipped() {
        assertParsed("SELECT \"col:x\", \"a\"\":b\" FROM t WHERE a = :p",
                "SELECT \"col:x\", \"a\"\":b\" FROM t WHERE a = ?",
                "p");
    }

    @Test
    void backtickedIdentifierIsSkipped() {
        assertParsed("SELECT `col:x` FROM t WHERE a = :p", "SELECT `col:x` FROM t WHERE a = ?", "p");
    }

    @Test
    void lineCommentIsSkippedUpToEndOfLine() {
        assertParsed("SELECT 1 -- :commented out\nFROM t WHERE a = :p",
                "SELECT 1 -- :commented out\nFROM t WHERE a = ?",
                "p");
    }

    @Test
    void lineCommentAtEndOfTextWithoutNewline() {
        assertParsed("SELECT :p -- :q", "SELECT ? -- :q", "p");
    }

    @Test
    void blockCommentIsSkipped() {
        assertParsed("SELECT /* :c, 'x */ :p FROM t /* :d\n :e */ WHERE b = :q",
                "SELECT /* :c, 'x */ ? FROM t /* :d\n :e */ WHERE b = ?",
                "p", "q");
    }

    @Test
    void unterminatedBlockCommentRunsToTheEnd() {
        assertParsed("SELECT :p /* :q", "SELECT ? /* :q", "p");
    }

    @Test
    void quoteInsideCommentDoesNotOpenALiteral() {
        assertParsed("-- don't\nSELECT :p", "-- don't\nSELECT ?", "p");
    }

    @Test
    void postgresCastIsNotAParameter() {
        assertParsed("SELECT x::int, y::timestamp FROM t", "SELECT x::int, y::timestamp FROM t");
    }

    @Test
    void parameterFollowedByPostgresCast() {
        assertParsed("WHERE d = :runDate::date AND n = :n::numeric(10,2)",
                "WHERE d = ?::date AND n = ?::numeric(10,2)",
                "runDate", "n");
    }

    @Test
    void multiLineQueryAsInTheReference() {
        assertParsed("\n  SELECT customer_id, status, updated_at\n  FROM customer\n  WHERE updated_at >= :runDate\n",
                "\n  SELECT customer_id, status, updated_at\n  FROM customer\n  WHERE updated_at >= ?\n",
                "runDate");
    }

    @Test
    void namesAreImmutable() {
        List<String> names = SqlParameters.parse(":a").names();
        assertThrows(UnsupportedOperationException.class, () -> names.add("b"));
    }
}
