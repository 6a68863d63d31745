package io.datahub.model.definition;

import java.util.ArrayList;
import java.util.List;

/** The comma lists of the language ({@code keys="a, b"}): items trimmed, empty items kept so validation can report them. */
public final class CommaList {

    private CommaList() {
    }

    /** Splits on commas and trims; {@code null} or blank gives an empty list; {@code "a,,b"} gives {@code [a, "", b]}. */
    public static List<String> split(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        List<String> items = new ArrayList<>();
        for (String item : value.split(",", -1)) {
            items.add(item.strip());
        }
        return List.copyOf(items);
    }
}
