package io.datahub.model.validation;

import io.datahub.model.definition.Located;
import java.util.ArrayList;
import java.util.List;

/** Collects every error of one file, each placed at the element it is about. */
public final class ErrorCollector {

    private final String file;
    private final List<ValidationError> errors = new ArrayList<>();

    public ErrorCollector(String file) {
        this.file = file;
    }

    public String file() {
        return file;
    }

    /** An error at {@code element}; when its position is unknown, at {@code fallback}'s. */
    public void at(Located element, Located fallback, String message) {
        Located where = element != null && element.lineNumber() > 0 ? element : fallback;
        errors.add(new ValidationError(file, where == null ? 0 : where.lineNumber(), where == null ? 0 : where.columnNumber(), message));
    }

    public void at(Located element, String message) {
        at(element, null, message);
    }

    public void addAll(List<ValidationError> more) {
        errors.addAll(more);
    }

    public List<ValidationError> errors() {
        return List.copyOf(errors);
    }
}
