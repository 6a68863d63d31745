package io.datahub.spark.api;

import io.datahub.model.definition.DefinitionReader;
import io.datahub.model.definition.LookupTableDefinition;
import io.datahub.model.definition.ParameterDeclaration;
import io.datahub.model.definition.ParameterReferences;
import io.datahub.model.definition.ParameterType;
import io.datahub.model.definition.PipelineDefinition;
import io.datahub.model.run.ErrorCategory;
import io.datahub.model.run.RunRequest;
import io.datahub.model.schema.TableSchema;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a strategy may use while running: the Spark session, the run's identity, typed parameters,
 * path resolution under the data root, schemas and lookups inlined in the request, secrets, and the
 * counters and warnings that end up in the run result. One per run; not shared between runs.
 */
public final class RunContext {

    /** Spark configuration prefix of secrets: Spark's default redaction regex hides any key containing "secret". */
    public static final String SECRET_PREFIX = io.datahub.model.run.RunRequest.SECRET_CONF_PREFIX;

    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:.*");
    private static final Logger LOG = LoggerFactory.getLogger("io.datahub.spark.run");

    private final SparkSession spark;
    private final RunRequest request;
    private final PipelineDefinition pipeline;
    private final Map<String, String> textParameters;
    private final Map<String, ParameterType> parameterTypes = new HashMap<>();
    private final Function<String, String> secrets;
    private final Map<String, LookupTableDefinition> lookups = new HashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private final Map<String, Long> quarantined = new LinkedHashMap<>();
    private final Map<String, Long> rejected = new LinkedHashMap<>();
    private final List<Dataset<Row>> persisted = new ArrayList<>();
    private final List<InputFiles> inputs = new ArrayList<>();

    /**
     * @param secrets looks a secret up by name; null when it has none (the engine passes one reading
     *                {@link #SECRET_PREFIX} keys of the Spark configuration)
     */
    public RunContext(SparkSession spark, RunRequest request, PipelineDefinition pipeline, Function<String, String> secrets) {
        this.spark = spark;
        this.request = request;
        this.pipeline = pipeline;
        this.secrets = secrets;
        Map<String, String> values = new HashMap<>(request.parameters());
        values.put("runDate", request.runDate().toString());
        values.put("runId", request.runId());
        values.put("app", request.app());
        values.put("layer", request.layer());
        values.put("dataRoot", request.dataRoot());
        this.textParameters = Map.copyOf(values);
        parameterTypes.put("runDate", ParameterType.DATE);
        for (ParameterDeclaration p : pipeline.parameters()) {
            parameterTypes.put(p.name(), ParameterType.fromXml(p.type()));
        }
    }

    public SparkSession spark() {
        return spark;
    }

    public RunRequest request() {
        return request;
    }

    public PipelineDefinition pipeline() {
        return pipeline;
    }

    public String runId() {
        return request.runId();
    }

    public LocalDate runDate() {
        return request.runDate();
    }

    public Logger log() {
        return LOG;
    }

    /** Replaces {@code ${name}} in an attribute value; an unknown name is a configuration error. */
    public String substitute(String value) {
        try {
            return ParameterReferences.substitute(value, textParameters);
        } catch (IllegalArgumentException e) {
            throw new DatahubException(ErrorCategory.CONFIGURATION, e.getMessage());
        }
    }

    /** A parameter's value as its declared type (java.time / BigDecimal / boxed primitives), for binding into SQL. */
    public Object parameter(String name) {
        String text = textParameters.get(name);
        if (text == null) {
            throw new DatahubException(ErrorCategory.CONFIGURATION, "parameter '" + name + "' has no value");
        }
        ParameterType type = parameterTypes.getOrDefault(name, ParameterType.STRING);
        try {
            return type.parse(text, request.runDate());
        } catch (IllegalArgumentException e) {
            throw new DatahubException(ErrorCategory.CONFIGURATION, "parameter '" + name + "': " + e.getMessage());
        }
    }

    /**
     * Where a path attribute points: parameters substituted, {@code %Y %m %d} from the run date, and a
     * relative path placed under {@code <dataRoot>/applications/<app>/<layer>/}; a URI with a scheme is kept.
     */
    public String resolvePath(String path) {
        String value = substitute(path)
                .replace("%Y", String.format("%04d", runDate().getYear()))
                .replace("%m", String.format("%02d", runDate().getMonthValue()))
                .replace("%d", String.format("%02d", runDate().getDayOfMonth()));
        if (SCHEME.matcher(value).matches() || value.startsWith("/")) {
            return value;
        }
        return layerRoot() + "/" + value;
    }

    /** {@code <dataRoot>/applications/<app>/<layer>}. */
    public String layerRoot() {
        String root = request.dataRoot().endsWith("/") ? request.dataRoot().substring(0, request.dataRoot().length() - 1) : request.dataRoot();
        return root + "/applications/" + request.app() + "/" + request.layer();
    }

    /** A folder private to this run for staged writes: {@code <dataRoot>/_staging/<runId>/<name>}. */
    public String stagingPath(String name) {
        String root = request.dataRoot().endsWith("/") ? request.dataRoot().substring(0, request.dataRoot().length() - 1) : request.dataRoot();
        return root + "/_staging/" + request.runId() + "/" + name;
    }

    /** The columns of a schemaRef, as inlined in the request. */
    public Optional<TableSchema> schema(String ref) {
        return ref == null ? Optional.empty() : Optional.ofNullable(request.schemas().get(ref));
    }

    /** A lookup definition inlined in the request. */
    public LookupTableDefinition lookup(String id) {
        return lookups.computeIfAbsent(id, key -> {
            String xml = request.lookups().get(key);
            if (xml == null) {
                throw new DatahubException(ErrorCategory.CONFIGURATION, "lookup '" + key + "' is not in the run request");
            }
            return new DefinitionReader().read("lookup " + key, xml.getBytes(StandardCharsets.UTF_8)).lookup()
                    .orElseThrow(() -> new DatahubException(ErrorCategory.CONFIGURATION, "lookup '" + key + "' is not a valid lookup definition"));
        });
    }

    public Optional<TableSchema> lookupSchema(String id) {
        return Optional.ofNullable(request.lookupSchemas().get(id));
    }

    /** A secret's value; never log it or put it in a message. */
    public String secret(String name) {
        String value = secrets == null ? null : secrets.apply(name);
        if (value == null || value.isEmpty()) {
            throw new DatahubException(ErrorCategory.SECRET_MISSING, "secret '" + name + "' has no value (set Spark configuration "
                    + SECRET_PREFIX + name + ")");
        }
        return value;
    }

    /**
     * Persists a dataset for the rest of this run; the engine unpersists it when the run ends, so a
     * session shared by many runs (a Livy session) does not fill up with their caches.
     */
    public synchronized Dataset<Row> persist(Dataset<Row> data, StorageLevel level) {
        Dataset<Row> cached = data.persist(level);
        persisted.add(cached);
        return cached;
    }

    /** Releases what {@link #persist} cached; called by the engine at the end of the run. */
    public synchronized void releasePersisted() {
        persisted.forEach(Dataset::unpersist);
        persisted.clear();
    }

    /**
     * Files a source reads lazily and whose parse errors Spark reports only later, from whatever query
     * computes them: the engine uses these to name the source in the error.
     *
     * @param element how messages name the source, e.g. {@code <csv> source 'orders'}
     * @param schema  the schemaRef it is parsed with, or null
     * @param path    the resolved path (a file, folder or glob)
     * @param firstBadRecord finds, after a failure, the first record that does not fit, as
     *                {@code (file F): raw line}; run only on the failure path, so it may read the files again
     */
    public record InputFiles(String element, String schema, String path, java.util.function.Supplier<Optional<String>> firstBadRecord) {
    }

    public synchronized void registerInput(String element, String schema, String path,
                                           java.util.function.Supplier<Optional<String>> firstBadRecord) {
        inputs.add(new InputFiles(element, schema, path, firstBadRecord));
    }

    public synchronized List<InputFiles> inputs() {
        return List.copyOf(inputs);
    }

    public synchronized void warn(String message) {
        warnings.add(message);
        LOG.warn("run {}: {}", runId(), message);
    }

    public synchronized void countQuarantined(String dataset, long rows) {
        quarantined.merge(dataset, rows, Long::sum);
    }

    public synchronized void countRejected(String sourceId, long rows) {
        rejected.merge(sourceId, rows, Long::sum);
    }

    public synchronized List<String> warnings() {
        return List.copyOf(warnings);
    }

    public synchronized Map<String, Long> quarantined() {
        return new LinkedHashMap<>(quarantined);
    }

    public synchronized Map<String, Long> rejected() {
        return new LinkedHashMap<>(rejected);
    }
}
