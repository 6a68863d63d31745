package io.datahub.model.run;

import io.datahub.model.definition.ParameterDeclaration;
import io.datahub.model.definition.ParameterReferences;
import io.datahub.model.definition.ParameterType;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameter values of one run: the built-ins, then each declared parameter from the caller's values
 * or its default. Values stay text (they travel in the run request) but every one is checked to parse
 * as its declared type here, before anything is submitted. Supplied values a pipeline does not declare
 * are ignored: a job passes all its parameters to every pipeline, and each takes what it declares.
 */
public final class RunParameters {

    private RunParameters() {
    }

    /**
     * @throws IllegalArgumentException listing every missing or unparsable value
     */
    public static Map<String, String> resolve(List<ParameterDeclaration> declarations, Map<String, String> supplied,
                                              String runId, LocalDate runDate, String app, String layer, String dataRoot) {
        Map<String, String> builtIns = new LinkedHashMap<>();
        builtIns.put("runDate", runDate.toString());
        builtIns.put("runId", runId);
        builtIns.put("app", app);
        builtIns.put("layer", layer);
        builtIns.put("dataRoot", dataRoot);
        Map<String, String> values = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (ParameterDeclaration p : declarations) {
            String value = supplied.get(p.name());
            if (value == null && p.defaultValue() != null) {
                try {
                    value = ParameterReferences.substitute(p.defaultValue(), builtIns);
                } catch (IllegalArgumentException e) {
                    problems.add("default of parameter '" + p.name() + "': " + e.getMessage());
                    continue;
                }
            }
            if (value == null) {
                problems.add("parameter '" + p.name() + "' has no value and no default");
                continue;
            }
            ParameterType type = ParameterType.fromXml(p.type());
            try {
                Object typed = type.parse(value, runDate);
                // Relative dates (today, yesterday, today-Nd) are fixed to the run date here, once.
                values.put(p.name(), type == ParameterType.DATE ? typed.toString() : value);
            } catch (IllegalArgumentException e) {
                problems.add("parameter '" + p.name() + "': " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return values;
    }
}
