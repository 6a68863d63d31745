package io.datahub.model.validation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The columns of a dataset as far as validation can tell without running it: a list, or unknown.
 * Names compare case-insensitively, as Spark does by default.
 */
final class KnownColumns {

    static final KnownColumns UNKNOWN = new KnownColumns(null);

    private final List<String> names;

    private KnownColumns(List<String> names) {
        this.names = names == null ? null : List.copyOf(names);
    }

    static KnownColumns of(Collection<String> names) {
        return new KnownColumns(new ArrayList<>(names));
    }

    boolean isKnown() {
        return names != null;
    }

    List<String> names() {
        return names;
    }

    boolean contains(String column) {
        return names == null || names.stream().anyMatch(n -> n.toLowerCase(Locale.ROOT).equals(column.toLowerCase(Locale.ROOT)));
    }

    /** The names of {@code columns} this dataset lacks (none when unknown). */
    List<String> missing(Collection<String> columns) {
        return columns.stream().filter(c -> !contains(c)).toList();
    }

    KnownColumns plus(Collection<String> more) {
        if (names == null) {
            return UNKNOWN;
        }
        List<String> all = new ArrayList<>(names);
        for (String c : more) {
            if (!contains(all, c)) {
                all.add(c);
            }
        }
        return of(all);
    }

    private static boolean contains(List<String> list, String column) {
        return list.stream().anyMatch(n -> n.equalsIgnoreCase(column));
    }

    @Override
    public String toString() {
        return names == null ? "unknown" : String.join(", ", names);
    }
}
