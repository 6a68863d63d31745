package io.datahub.spark.targets;

import io.datahub.model.definition.CommaList;
import io.datahub.model.definition.TargetDefinition;
import io.datahub.model.run.ErrorCategory;
import io.datahub.spark.api.DatahubException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Small helpers shared by the target writers: how messages name a target, safe names, column lookups. */
final class TargetSupport {

    private TargetSupport() {
    }

    /** {@code <csv id="export">} when the target has an id, else {@code <csv path="out/%Y">}: the element as written. */
    static String where(TargetDefinition target, String attribute, String value) {
        return target.id() != null
                ? "<" + target.elementName() + " id=\"" + target.id() + "\">"
                : "<" + target.elementName() + " " + attribute + "=\"" + value + "\">";
    }

    /** Keeps letters, digits, '_', '.', '-' so a run id or label can be part of a file name. */
    static String fileSafe(String value) {
        return value.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    /** Lower-case letters, digits and '_' only: what a Hive table name may hold. */
    static String identifierSafe(String value) {
        return value.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }

    /**
     * The columns of a comma list attribute, as the data spells them (names match case-insensitively).
     * An unknown column is UNKNOWN_COLUMN naming the attribute and the data's columns.
     */
    static List<String> dataColumns(String list, String[] dataColumns, String where, String attribute) {
        List<String> result = new ArrayList<>();
        for (String item : CommaList.split(list)) {
            String found = null;
            for (String column : dataColumns) {
                if (column.equalsIgnoreCase(item)) {
                    found = column;
                    break;
                }
            }
            if (found == null) {
                throw new DatahubException(ErrorCategory.UNKNOWN_COLUMN, where + " " + attribute + ": column '" + item
                        + "' does not exist (columns: " + String.join(", ", dataColumns) + ")");
            }
            result.add(found);
        }
        return result;
    }

    /** The DatahubException somewhere in a failure's causes (a strategy's own error raised inside a Spark job), or null. */
    static DatahubException datahubCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DatahubException d) {
                return d;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /** The first line of a failure's message: Spark's messages carry plans and stack traces after it. */
    static String firstLine(Throwable failure) {
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
