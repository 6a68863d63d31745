package io.datahub.model.job;

import io.datahub.model.definition.JobPipelineDefinition;
import io.datahub.model.run.RunParameters;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parameter values every pipeline of a job run receives: the caller's values, with each parameter the job declares
 * checked against its type or taken from its default ({@link RunParameters} rules: relative dates such as
 * {@code today} are fixed to the run date). Each pipeline then takes the values it declares.
 */
public final class JobParameters {

    private JobParameters() {
    }

    /**
     * @param supplied parameter values given with the run (kept, also those the job does not declare)
     * @param layer    the layer folder of the job's file, for the {@code layer} built-in of defaults
     * @throws IllegalArgumentException naming the job and listing every missing or unparsable value
     */
    public static Map<String, String> resolve(JobPipelineDefinition job, Map<String, String> supplied, String jobRunId,
                                              LocalDate runDate, String app, String layer, String dataRoot) {
        Map<String, String> values = new LinkedHashMap<>(supplied);
        try {
            values.putAll(RunParameters.resolve(job.parameters(), supplied, jobRunId, runDate, app, layer == null ? "" : layer,
                    dataRoot));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("job '" + job.id() + "': " + e.getMessage(), e);
        }
        return values;
    }
}
