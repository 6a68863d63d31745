package io.datahub.model.definition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code ${name}} references in attribute values: found for validation, substituted at run time. */
public final class ParameterReferences {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}]*)}");

    private ParameterReferences() {
    }

    /** The names referenced in {@code value}, in order (blank names included so they can be reported). */
    public static List<String> names(String value) {
        List<String> names = new ArrayList<>();
        if (value != null) {
            Matcher m = REFERENCE.matcher(value);
            while (m.find()) {
                names.add(m.group(1).strip());
            }
        }
        return names;
    }

    /** Replaces every {@code ${name}} with its value; an unknown name is an error naming it. */
    public static String substitute(String value, Map<String, String> values) {
        if (value == null) {
            return null;
        }
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1).strip();
            String replacement = values.get(name);
            if (replacement == null) {
                throw new IllegalArgumentException("parameter '" + name + "' has no value");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
