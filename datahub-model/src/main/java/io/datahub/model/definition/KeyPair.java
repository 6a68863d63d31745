package io.datahub.model.definition;

import java.util.ArrayList;
import java.util.List;

/**
 * A lookup key: {@code col} (same name both sides) or {@code sourceCol=lookupCol}.
 *
 * @param sourceColumn the column of the dataset being enriched
 * @param lookupColumn the column of the lookup data
 */
public record KeyPair(String sourceColumn, String lookupColumn) {

    public static List<KeyPair> parseAll(String keys) {
        List<KeyPair> pairs = new ArrayList<>();
        for (String item : CommaList.split(keys)) {
            String[] sides = item.split("=", -1);
            if (sides.length > 2 || item.isBlank()) {
                throw new IllegalArgumentException("key '" + item + "' is not 'column' or 'sourceColumn=lookupColumn'");
            }
            String left = sides[0].strip();
            String right = sides.length == 2 ? sides[1].strip() : left;
            if (!left.matches("[A-Za-z_][A-Za-z0-9_]*") || !right.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("key '" + item + "' is not 'column' or 'sourceColumn=lookupColumn'");
            }
            pairs.add(new KeyPair(left, right));
        }
        return pairs;
    }
}
