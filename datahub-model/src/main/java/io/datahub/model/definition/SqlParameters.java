package io.datahub.model.definition;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the named bind parameters ({@code :runDate}) of a {@code <sql>} body and rewrites them to
 * JDBC's {@code ?}, so values are bound as typed values and never pasted into SQL text.
 * Hand-written because a full SQL parser is far more than this needs: it only has to skip string
 * literals, quoted identifiers, comments and PostgreSQL's {@code ::type} casts.
 *
 * @param jdbcSql the statement with each parameter replaced by {@code ?}
 * @param names   the parameter names in order of appearance (repeats included, one per {@code ?})
 */
public record SqlParameters(String jdbcSql, List<String> names) {

    public SqlParameters {
        names = List.copyOf(names);
    }

    public static SqlParameters parse(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        List<String> names = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                int end = closing(sql, i, c);
                out.append(sql, i, end);
                i = end;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                end = end < 0 ? n : end;
                out.append(sql, i, end);
                i = end;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                out.append(sql, i, end);
                i = end;
            } else if (c == ':' && i + 1 < n && sql.charAt(i + 1) == ':') {
                out.append("::");
                i += 2;
            } else if (c == ':' && i + 1 < n && isStart(sql.charAt(i + 1)) && (i == 0 || !isPart(sql.charAt(i - 1)))) {
                int end = i + 1;
                while (end < n && isPart(sql.charAt(end))) {
                    end++;
                }
                names.add(sql.substring(i + 1, end));
                out.append('?');
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return new SqlParameters(out.toString(), names);
    }

    /** Index just past the quote closing the one at {@code start}; doubled quotes stay inside. */
    private static int closing(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }

    private static boolean isStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
