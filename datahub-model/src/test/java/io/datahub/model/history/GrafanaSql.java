package io.datahub.model.history;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns a panel's raw SQL into what Grafana 11 sends to PostgreSQL, in Grafana's two steps (documented
 * in docs/dashboards.md):
 *
 * <ol>
 * <li>Template variables (the browser, {@code SqlDatasource.interpolateVariable}): {@code $name} and
 *     {@code ${name}}; a multi-value or include-all variable becomes its values as quoted SQL literals
 *     joined by commas ({@code 'a','b'}, a {@code '} doubled), any other string variable its value with
 *     {@code '} doubled and no quotes. Names starting with {@code __} are Grafana's macros and stay.</li>
 * <li>Macros (the server, the PostgreSQL macro engine): {@code $__timeFilter(col)} becomes
 *     {@code col BETWEEN 'from' AND 'to'}, {@code $__timeFrom()} and {@code $__timeTo()} the quoted
 *     bound, each bound as Go's RFC 3339 (nanoseconds, trailing zeros dropped) in UTC.</li>
 * </ol>
 *
 * Anything else starting with {@code $} is an error here, so a panel cannot use a macro or variable
 * this test does not reproduce.
 */
final class GrafanaSql {

    /** A template variable's current value: several values (multi or include-all) or a single one. */
    record Variable(List<String> values, boolean multi) {
        static Variable single(String value) {
            return new Variable(List.of(value), false);
        }

        static Variable multi(String... values) {
            return new Variable(List.of(values), true);
        }
    }

    // Grafana's template variable syntax, less the [[name]] form and field paths no panel here uses.
    private static final Pattern VARIABLE = Pattern.compile("\\$(\\w+)|\\$\\{(\\w+)}");
    // The macro engine's expression: $name(arguments without a closing parenthesis).
    private static final Pattern MACRO = Pattern.compile("\\$([_a-zA-Z0-9]+)\\(([^)]*)\\)");

    private GrafanaSql() {
    }

    static String interpolate(String sql, Map<String, Variable> variables, Instant from, Instant to) {
        return macros(templateVariables(sql, variables), from, to);
    }

    static String templateVariables(String sql, Map<String, Variable> variables) {
        Matcher m = VARIABLE.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String replacement;
            if (name.startsWith("__")) {
                replacement = m.group();
            } else {
                Variable variable = variables.get(name);
                if (variable == null) {
                    throw new IllegalArgumentException("the SQL uses the unknown variable $" + name + ": " + sql);
                }
                replacement = variable.multi()
                        ? variable.values().stream().map(GrafanaSql::quoteLiteral).collect(Collectors.joining(","))
                        : variable.values().get(0).replace("'", "''");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String macros(String sql, Instant from, Instant to) {
        Matcher m = MACRO.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String[] args = m.group(2).split(",", -1);
            String replacement = switch (m.group(1)) {
                case "__timeFilter" -> args[0].strip() + " BETWEEN '" + rfc3339(from) + "' AND '" + rfc3339(to) + "'";
                case "__timeFrom" -> "'" + rfc3339(from) + "'";
                case "__timeTo" -> "'" + rfc3339(to) + "'";
                default -> throw new IllegalArgumentException("macro $" + m.group(1) + " is not reproduced by this test: " + sql);
            };
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        String result = out.toString();
        if (result.contains("$")) {
            throw new IllegalArgumentException("the SQL still holds a $ after interpolation: " + result);
        }
        return result;
    }

    static String quoteLiteral(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** Go's time.RFC3339Nano in UTC: fraction only when not zero, without trailing zeros. */
    static String rfc3339(Instant instant) {
        String text = DateTimeFormatter.ISO_INSTANT.format(instant);
        int dot = text.indexOf('.');
        if (dot < 0) {
            return text;
        }
        String fraction = text.substring(dot + 1, text.length() - 1).replaceAll("0+$", "");
        return text.substring(0, dot) + (fraction.isEmpty() ? "" : "." + fraction) + "Z";
    }
}
