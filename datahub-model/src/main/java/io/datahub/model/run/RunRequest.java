package io.datahub.model.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.datahub.model.schema.TableSchema;
import java.time.LocalDate;
import java.util.Map;

/**
 * Everything the Spark job needs to run one pipeline, self-contained (DESIGN section 7): the definition
 * with its schemaRefs and lookup definitions resolved and inlined, the run identity, the run date and
 * the parameters. The cluster never needs the config tree; data is reached by path or URI.
 * Secrets are not in here: they travel as redacted Spark configuration ({@code spark.datahub.secret.*}).
 *
 * @param runId        unique id of this run attempt's run
 * @param attempt      attempt number, from 1
 * @param jobRunId     the job run this belongs to, or null
 * @param app          application
 * @param layer        layer folder of the pipeline
 * @param pipelineId   pipeline id
 * @param runDate      the business date of the run
 * @param parameters   parameter values as text (typed by the pipeline's declarations when used)
 * @param dataRoot     the data root: relative paths resolve under {@code <dataRoot>/applications/<app>/<layer>/}
 * @param pipelineXml  the pipeline definition as written
 * @param schemas      each schemaRef of the pipeline, as written, with its columns
 * @param lookups      each lookup definition the pipeline uses, by id, as its XML
 * @param lookupSchemas the columns of each lookup's source, by lookup id, where it has a schemaRef
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunRequest(String runId, int attempt, String jobRunId, String app, String layer, String pipelineId, LocalDate runDate,
                         Map<String, String> parameters, String dataRoot, String pipelineXml,
                         Map<String, TableSchema> schemas, Map<String, String> lookups, Map<String, TableSchema> lookupSchemas) {

    /**
     * Spark configuration prefix of secrets ({@code spark.datahub.secret.<name>}): one definition for the
     * submitters that send them and the job that reads them. Spark's default redaction hides any key
     * containing "secret".
     */
    public static final String SECRET_CONF_PREFIX = "spark.datahub.secret.";

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public RunRequest {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        schemas = schemas == null ? Map.of() : Map.copyOf(schemas);
        lookups = lookups == null ? Map.of() : Map.copyOf(lookups);
        lookupSchemas = lookupSchemas == null ? Map.of() : Map.copyOf(lookupSchemas);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write run request", e);
        }
    }

    public static RunRequest fromJson(String json) {
        try {
            return JSON.readValue(json, RunRequest.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a run request: " + e.getOriginalMessage(), e);
        }
    }

    /** The same request with other parameter values, run id or date (for retries and tests). */
    public RunRequest with(String newRunId, LocalDate newRunDate, Map<String, String> newParameters) {
        return new RunRequest(newRunId, attempt, jobRunId, app, layer, pipelineId, newRunDate, newParameters, dataRoot,
                pipelineXml, schemas, lookups, lookupSchemas);
    }
}
