package io.datahub.model.definition;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The declared type of a parameter and how a text value becomes a typed value. One place, so the
 * validator (does the default parse?) and the run (bind the value) agree.
 */
public enum ParameterType {
    STRING, INT, LONG, DOUBLE, DECIMAL, BOOLEAN, DATE, TIMESTAMP;

    private static final Pattern RELATIVE_DATE = Pattern.compile("today(?:([+-])(\\d+)d)?|yesterday");

    public static ParameterType fromXml(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    public String xmlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code text} as this type. Dates accept ISO {@code yyyy-MM-dd}, {@code today}, {@code yesterday},
     * {@code today-Nd} and {@code today+Nd} relative to {@code today}; timestamps accept ISO instants and local date-times.
     *
     * @throws IllegalArgumentException naming the expected form
     */
    public Object parse(String text, LocalDate today) {
        String value = text.strip();
        try {
            return switch (this) {
                case STRING -> text;
                case INT -> Integer.parseInt(value);
                case LONG -> Long.parseLong(value);
                case DOUBLE -> Double.parseDouble(value);
                case DECIMAL -> new BigDecimal(value);
                case BOOLEAN -> parseBoolean(value);
                case DATE -> parseDate(value, today);
                case TIMESTAMP -> value.endsWith("Z") || value.matches(".*[+-]\\d\\d:\\d\\d$") ? Instant.parse(value) : LocalDateTime.parse(value);
            };
        } catch (NumberFormatException | DateTimeException | ArithmeticException e) {
            // DateTimeException covers unparsable text and today±Nd beyond the calendar; ArithmeticException, overflow of N
            throw new IllegalArgumentException("'" + text + "' is not " + (this == INT ? "an " : "a ") + xmlName() + expected());
        }
    }

    private String expected() {
        return switch (this) {
            case DATE -> " (expected yyyy-MM-dd, today, yesterday or today-Nd)";
            case TIMESTAMP -> " (expected an ISO-8601 timestamp such as 2026-01-15T10:30:00 or 2026-01-15T10:30:00Z)";
            case BOOLEAN -> " (expected true or false)";
            default -> "";
        };
    }

    private static Boolean parseBoolean(String value) {
        if (value.equals("true") || value.equals("false")) {
            return Boolean.valueOf(value);
        }
        throw new NumberFormatException(value);
    }

    private static LocalDate parseDate(String value, LocalDate today) {
        Matcher m = RELATIVE_DATE.matcher(value);
        if (m.matches()) {
            if (value.equals("yesterday")) {
                return today.minusDays(1);
            }
            if (m.group(1) == null) {
                return today;
            }
            long days = Long.parseLong(m.group(2));
            return m.group(1).equals("-") ? today.minusDays(days) : today.plusDays(days);
        }
        return LocalDate.parse(value);
    }
}
