package io.datahub.model.definition;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One item of a {@code select columns} list: a Spark SQL expression with an optional alias.
 *
 * @param expression the expression text
 * @param alias      the name after a top-level {@code AS}, or null
 */
public record SelectItem(String expression, String alias) {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern ALIASED = Pattern.compile("(?is)(.*\\S)\\s+AS\\s+`?([A-Za-z_][A-Za-z0-9_]*)`?\\s*");

    /**
     * Splits on commas outside parentheses and quotes ({@code concat(a, b) AS ab, c} is two items).
     * Hand-written: Spark's own parser would pull Spark into the model module.
     */
    public static List<SelectItem> parseAll(String columns) {
        List<SelectItem> items = new ArrayList<>();
        int depth = 0;
        char quote = 0;
        int start = 0;
        for (int i = 0; i < columns.length(); i++) {
            char c = columns.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"' || c == '`') {
                quote = c;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                items.add(of(columns.substring(start, i)));
                start = i + 1;
            }
        }
        items.add(of(columns.substring(start)));
        return items;
    }

    private static SelectItem of(String text) {
        String item = text.strip();
        Matcher m = ALIASED.matcher(item);
        if (m.matches() && balanced(m.group(1))) {
            return new SelectItem(m.group(1).strip(), m.group(2));
        }
        return new SelectItem(item, null);
    }

    /** Parentheses inside quotes ({@code instr(s, '(')}) do not count, as in {@link #parseAll}. */
    private static boolean balanced(String expression) {
        int depth = 0;
        char quote = 0;
        for (char c : expression.toCharArray()) {
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '\'' || c == '"' || c == '`') {
                quote = c;
            } else {
                depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            }
        }
        return depth == 0;
    }

    /** The column this item produces when that is known without Spark: its alias, or the plain column it names. */
    public String outputName() {
        if (alias != null) {
            return alias;
        }
        String plain = expression.startsWith("`") && expression.endsWith("`") && expression.length() > 2
                ? expression.substring(1, expression.length() - 1) : expression;
        return IDENTIFIER.matcher(plain).matches() ? plain : null;
    }

    /** True for {@code *}. */
    public boolean isStar() {
        return expression.equals("*");
    }
}
