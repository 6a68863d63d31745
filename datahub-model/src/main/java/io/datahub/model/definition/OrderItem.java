package io.datahub.model.definition;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One {@code orderBy} item: {@code col [asc|desc]}.
 *
 * @param column     the column
 * @param descending true for {@code desc}
 */
public record OrderItem(String column, boolean descending) {

    /** Parses an orderBy list; items without a direction take {@code defaultDirection} ("asc" or "desc"). */
    public static List<OrderItem> parseAll(String orderBy, String defaultDirection) {
        List<OrderItem> items = new ArrayList<>();
        for (String item : CommaList.split(orderBy)) {
            String[] words = item.strip().split("\\s+");
            if (item.isBlank() || words.length > 2 || !words[0].matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("orderBy item '" + item + "' is not 'column [asc|desc]'");
            }
            String direction = words.length == 2 ? words[1].toLowerCase(Locale.ROOT) : defaultDirection;
            if (!direction.equals("asc") && !direction.equals("desc")) {
                throw new IllegalArgumentException("orderBy item '" + item + "': direction must be asc or desc");
            }
            items.add(new OrderItem(words[0], direction.equals("desc")));
        }
        return items;
    }
}
