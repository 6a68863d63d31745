package io.datahub.model.definition;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One aggregate metric: {@code fn:column[:alias]}, or {@code count:alias} for count(*).
 *
 * @param function the function, one of {@link #FUNCTIONS}
 * @param column   the column aggregated, or null for count(*)
 * @param alias    the output column name
 */
public record Metric(String function, String column, String alias) {

    public static final List<String> FUNCTIONS = List.of("count", "countDistinct", "sum", "avg", "min", "max", "first", "last");

    /** Parses a {@code metrics} attribute; throws IllegalArgumentException with a message naming the bad item. */
    public static List<Metric> parseAll(String metrics) {
        List<Metric> out = new ArrayList<>();
        for (String item : CommaList.split(metrics)) {
            out.add(parse(item));
        }
        return out;
    }

    public static Metric parse(String item) {
        String[] parts = item.split(":", -1);
        if (item.isBlank() || parts.length < 2 || parts.length > 3) {
            throw new IllegalArgumentException("metric '" + item + "' is not fn:column[:alias] or count:alias");
        }
        String function = canonical(parts[0].strip());
        for (int i = 1; i < parts.length; i++) {
            if (!parts[i].strip().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("metric '" + item + "': '" + parts[i].strip() + "' is not a column name");
            }
        }
        if (function == null) {
            throw new IllegalArgumentException("metric '" + item + "': unknown function '" + parts[0].strip()
                    + "' (use one of " + String.join(", ", FUNCTIONS) + ")");
        }
        if (parts.length == 2) {
            String name = parts[1].strip();
            return function.equals("count") ? new Metric(function, null, name) : new Metric(function, name, function + "_" + name);
        }
        return new Metric(function, parts[1].strip(), parts[2].strip());
    }

    private static String canonical(String function) {
        for (String f : FUNCTIONS) {
            if (f.toLowerCase(Locale.ROOT).equals(function.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        return null;
    }
}
