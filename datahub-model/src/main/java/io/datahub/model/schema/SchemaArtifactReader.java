package io.datahub.model.schema;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a schema artifact ({@code .avsc} Avro schema or {@code .json} JSON Schema) into a
 * {@link TableSchema}. Only flat schemas are accepted: every field or property must map to one
 * {@link ColumnType}; anything else is an error naming the field. Files are bounded to
 * {@link #MAX_FILE_BYTES}. Instances are stateless and thread-safe.
 */
public final class SchemaArtifactReader {

    /** Largest schema file read: 1 MiB. */
    public static final int MAX_FILE_BYTES = 1 << 20;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final JsonFactory JSON_FACTORY = JSON.getFactory();

    /** Reads a schema file, choosing the format by its extension. */
    public TableSchema read(Path file) throws SchemaArtifactException {
        String origin = file.toString();
        Path name = file.getFileName();
        String extension = extensionOf(name == null ? "" : name.toString());
        checkExtension(origin, extension);
        if (Files.isDirectory(file)) {
            throw SchemaArtifactException.of(origin, "schema file is a directory");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(origin, in, extension);
        } catch (NoSuchFileException e) {
            throw SchemaArtifactException.notFound(origin, e);
        } catch (AccessDeniedException e) {
            throw SchemaArtifactException.of(origin, "schema file is not readable (permission denied)", e);
        } catch (IOException e) {
            throw SchemaArtifactException.of(origin, "cannot read schema file: " + e, e);
        }
    }

    /**
     * Reads a schema from a stream (not closed here).
     *
     * @param origin    the file path, for messages
     * @param extension {@code .avsc} or {@code .json} (the leading dot and case do not matter)
     */
    public TableSchema read(String origin, InputStream in, String extension) throws SchemaArtifactException {
        String ext = extension == null ? "" : extension.toLowerCase(Locale.ROOT);
        if (!ext.isEmpty() && !ext.startsWith(".")) {
            ext = "." + ext;
        }
        checkExtension(origin, ext);
        byte[] content;
        try {
            content = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (IOException e) {
            throw SchemaArtifactException.of(origin, "cannot read schema file: " + e, e);
        }
        if (content.length > MAX_FILE_BYTES) {
            throw SchemaArtifactException.of(origin,
                    "schema file is larger than the 1 MiB limit (" + MAX_FILE_BYTES + " bytes)");
        }
        String text = new String(content, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (text.isBlank()) {
            throw SchemaArtifactException.of(origin, "schema file is empty");
        }
        List<Column> columns = ext.equals(".avsc") ? readAvro(origin, text) : readJsonSchema(origin, text);
        if (columns.isEmpty()) {
            throw SchemaArtifactException.of(origin, "schema defines no columns");
        }
        return new TableSchema(origin, columns);
    }

    private static String extensionOf(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot <= 0 ? "" : fileName.substring(dot).toLowerCase(Locale.ROOT);
    }

    private static void checkExtension(String origin, String ext) throws SchemaArtifactException {
        if (!ext.equals(".avsc") && !ext.equals(".json")) {
            throw SchemaArtifactException.of(origin, ext.isEmpty()
                    ? "schema file has no extension (expected .avsc or .json)"
                    : "unsupported schema file type '" + ext + "' (expected .avsc or .json)");
        }
    }

    // ---------------------------------------------------------------- Avro

    private static List<Column> readAvro(String origin, String content) throws SchemaArtifactException {
        Schema schema;
        try {
            schema = new Schema.Parser().parse(content);
        } catch (RuntimeException e) { // SchemaParseException, AvroTypeException, ...
            JsonProcessingException json = findJsonCause(e);
            if (json != null) {
                throw jsonError(origin, json);
            }
            throw SchemaArtifactException.of(origin, "invalid Avro schema: " + e.getMessage(), e);
        }
        if (schema.getType() != Schema.Type.RECORD) {
            throw SchemaArtifactException.of(origin,
                    "an Avro schema file must define a record, found '" + schema.getType().getName() + "'");
        }
        List<Column> columns = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (Schema.Field field : schema.getFields()) {
            JsonPointer where = JsonPointer.empty().appendProperty("fields").appendIndex(field.pos());
            Column column;
            try {
                column = avroColumn(field);
            } catch (IllegalStateException problem) {
                throw located(origin, content, where, problem.getMessage());
            }
            String earlier = seen.putIfAbsent(TableSchema.key(column.name()), column.name());
            if (earlier != null) {
                throw located(origin, content, where, TableSchema.duplicateMessage(earlier, column.name()));
            }
            columns.add(column);
        }
        return columns;
    }

    /** Maps one Avro field; throws IllegalStateException with the detail message when unsupported. */
    private static Column avroColumn(Schema.Field field) {
        String name = field.name();
        Schema type = field.schema();
        boolean nullable = false;
        if (type.getType() == Schema.Type.UNION) {
            List<Schema> branches = type.getTypes();
            List<Schema> nonNull = branches.stream().filter(s -> s.getType() != Schema.Type.NULL).toList();
            nullable = nonNull.size() < branches.size();
            if (nonNull.size() > 1) {
                throw problem("field '" + name + "' has unsupported Avro union ["
                        + branches.stream().map(s -> s.getType().getName()).collect(Collectors.joining(", "))
                        + "] (only one type, optionally with \"null\", is supported)");
            }
            if (nonNull.size() == 1) {
                type = nonNull.get(0);
            }
        }
        String misplaced = field.getProp("logicalType");
        if (misplaced != null) {
            throw problem("field '" + name + "' has \"logicalType\" next to \"type\", where Avro ignores it;"
                    + " put it inside the type, e.g. \"type\": {\"type\": \"" + type.getType().getName()
                    + "\", \"logicalType\": \"" + misplaced + "\"}");
        }
        String logicalName = type.getProp("logicalType");
        LogicalType logical = type.getLogicalType();
        if (logicalName != null && logical == null) {
            // Avro drops invalid logical types silently; find out why, unless the name is unknown
            try {
                LogicalTypes.fromSchema(type);
            } catch (RuntimeException e) {
                throw problem("field '" + name + "' has invalid Avro logical type '" + logicalName + "': "
                        + e.getMessage());
            }
        }
        if (logical != null) {
            switch (logical.getName()) {
                case "date":
                    return new Column(name, ColumnType.DATE, nullable);
                case "timestamp-millis":
                case "timestamp-micros":
                case "local-timestamp-millis":
                case "local-timestamp-micros":
                    return new Column(name, ColumnType.TIMESTAMP, nullable);
                case "decimal": {
                    LogicalTypes.Decimal decimal = (LogicalTypes.Decimal) logical;
                    String bad = ColumnType.decimalProblem(decimal.getPrecision(), decimal.getScale());
                    if (bad != null) {
                        throw problem("field '" + name + "': " + bad);
                    }
                    return Column.decimal(name, nullable, decimal.getPrecision(), decimal.getScale());
                }
                case "uuid":
                    if (type.getType() == Schema.Type.STRING) {
                        return new Column(name, ColumnType.STRING, nullable);
                    }
                    break;
                default:
                    break;
            }
            throw problem("field '" + name + "' has unsupported Avro logical type '" + logical.getName() + "'");
        }
        switch (type.getType()) {
            case STRING:
            case ENUM:
                return new Column(name, ColumnType.STRING, nullable);
            case INT:
                return new Column(name, ColumnType.INT, nullable);
            case LONG:
                return new Column(name, ColumnType.LONG, nullable);
            case FLOAT:
                return new Column(name, ColumnType.FLOAT, nullable);
            case DOUBLE:
                return new Column(name, ColumnType.DOUBLE, nullable);
            case BOOLEAN:
                return new Column(name, ColumnType.BOOLEAN, nullable);
            case BYTES:
            case FIXED:
                return new Column(name, ColumnType.BINARY, nullable);
            default: // RECORD, ARRAY, MAP, NULL
                throw problem("field '" + name + "' has unsupported Avro type '" + type.getType().getName() + "'");
        }
    }

    // ---------------------------------------------------------------- JSON Schema

    private static List<Column> readJsonSchema(String origin, String content) throws SchemaArtifactException {
        JsonNode root;
        try {
            root = JSON.readTree(content);
        } catch (JsonProcessingException e) {
            throw jsonError(origin, e);
        }
        JsonNode rootType = root.get("type");
        if (!root.isObject() || rootType == null || !"object".equals(rootType.textValue())) {
            throw SchemaArtifactException.of(origin, "the root of a JSON Schema file must have \"type\": \"object\""
                    + " (found " + (!root.isObject() ? "a JSON " + root.getNodeType().name().toLowerCase(Locale.ROOT)
                    : rootType == null ? "no \"type\"" : "\"type\": " + rootType) + ")");
        }
        JsonNode properties = root.get("properties");
        if (properties == null || !properties.isObject()) {
            throw SchemaArtifactException.of(origin, "the root of a JSON Schema file must have \"properties\""
                    + " (an object with one entry per column)");
        }
        Set<String> required = requiredNames(origin, content, root, properties);
        List<Column> columns = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = properties.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> property = it.next();
            String name = property.getKey();
            JsonPointer where = JsonPointer.empty().appendProperty("properties").appendProperty(name);
            Column column;
            try {
                column = jsonColumn(name, property.getValue(), required.contains(name));
            } catch (IllegalStateException problem) {
                throw located(origin, content, where, problem.getMessage());
            }
            String earlier = seen.putIfAbsent(TableSchema.key(name), name);
            if (earlier != null) {
                throw located(origin, content, where, TableSchema.duplicateMessage(earlier, name));
            }
            columns.add(column);
        }
        return columns;
    }

    private static Set<String> requiredNames(String origin, String content, JsonNode root, JsonNode properties)
            throws SchemaArtifactException {
        JsonNode required = root.get("required");
        Set<String> names = new LinkedHashSet<>();
        if (required == null) {
            return names;
        }
        JsonPointer where = JsonPointer.compile("/required");
        if (!required.isArray()) {
            throw located(origin, content, where, "\"required\" must be an array of property names");
        }
        for (int i = 0; i < required.size(); i++) {
            JsonNode entry = required.get(i);
            JsonPointer at = where.appendIndex(i);
            if (!entry.isTextual()) {
                throw located(origin, content, at, "\"required\" must be an array of property names");
            }
            if (!properties.has(entry.textValue())) {
                throw located(origin, content, at,
                        "\"required\" lists '" + entry.textValue() + "', which is not a property");
            }
            names.add(entry.textValue());
        }
        return names;
    }

    /** Maps one JSON Schema property; throws IllegalStateException with the detail message when unsupported. */
    private static Column jsonColumn(String name, JsonNode property, boolean required) {
        if (name.isEmpty()) {
            throw problem("property names must not be empty");
        }
        if (!property.isObject()) {
            throw problem("property '" + name + "' must be an object such as {\"type\": \"string\"}");
        }
        JsonNode typeNode = property.get("type");
        if (typeNode == null) {
            throw problem("property '" + name + "' has no \"type\""
                    + (property.has("$ref") ? " (\"$ref\" is not supported; declare the type inline)" : ""));
        }
        String type;
        boolean nullable = !required;
        if (typeNode.isTextual()) {
            type = typeNode.textValue();
        } else if (typeNode.isArray()) {
            List<String> nonNull = new ArrayList<>();
            for (JsonNode t : typeNode) {
                if (!t.isTextual()) {
                    throw problem("property '" + name + "' has unsupported JSON Schema type " + typeNode);
                }
                if (t.textValue().equals("null")) {
                    nullable = true;
                } else {
                    nonNull.add(t.textValue());
                }
            }
            if (nonNull.size() != 1) {
                throw problem("property '" + name + "' has unsupported JSON Schema type " + typeNode
                        + " (only one type, optionally with \"null\", is supported)");
            }
            type = nonNull.get(0);
        } else {
            throw problem("property '" + name + "' has unsupported JSON Schema type " + typeNode);
        }
        JsonNode formatNode = property.get("format");
        String format = formatNode != null && formatNode.isTextual() ? formatNode.textValue() : "";
        switch (type) {
            case "string":
                return new Column(name, switch (format) {
                    case "date" -> ColumnType.DATE;
                    case "date-time" -> ColumnType.TIMESTAMP;
                    default -> ColumnType.STRING;
                }, nullable);
            case "integer":
                return new Column(name, format.equals("int32") ? ColumnType.INT : ColumnType.LONG, nullable);
            case "number":
                if (format.equals("float")) {
                    return new Column(name, ColumnType.FLOAT, nullable);
                }
                if (format.equals("decimal")) {
                    Integer precision = intProperty(name, property, "x-precision");
                    if (precision == null) {
                        throw problem("property '" + name + "' has \"format\": \"decimal\" but no \"x-precision\"");
                    }
                    Integer scale = intProperty(name, property, "x-scale");
                    if (scale == null) {
                        scale = 0;
                    }
                    String bad = ColumnType.decimalProblem(precision, scale);
                    if (bad != null) {
                        throw problem("property '" + name + "': " + bad);
                    }
                    return Column.decimal(name, nullable, precision, scale);
                }
                return new Column(name, ColumnType.DOUBLE, nullable);
            case "boolean":
                return new Column(name, ColumnType.BOOLEAN, nullable);
            default:
                throw problem("property '" + name + "' has unsupported JSON Schema type '" + type + "'");
        }
    }

    private static Integer intProperty(String name, JsonNode property, String key) {
        JsonNode value = property.get(key);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw problem("property '" + name + "' has \"" + key + "\": " + value + ", expected an integer");
        }
        return value.intValue();
    }

    // ---------------------------------------------------------------- errors and locations

    private static IllegalStateException problem(String detail) {
        return new IllegalStateException(detail);
    }

    private static JsonProcessingException findJsonCause(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof JsonProcessingException json) {
                return json;
            }
        }
        return null;
    }

    private static SchemaArtifactException jsonError(String origin, JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        int line = location == null ? 0 : location.getLineNr();
        int column = location == null ? 0 : location.getColumnNr();
        String message = e.getOriginalMessage();
        if (message != null && message.startsWith("Unexpected character") && column > 1) {
            column--; // Jackson reports the position just after the offending character; point at it
        }
        return SchemaArtifactException.at(origin, line, column, "malformed JSON: " + message, e);
    }

    /** An error at the JSON value {@code pointer} points to (its line and column when it can be found). */
    private static SchemaArtifactException located(String origin, String content, JsonPointer pointer, String detail) {
        JsonLocation location = locate(content, pointer);
        return location == null
                ? SchemaArtifactException.of(origin, detail)
                : SchemaArtifactException.at(origin, location.getLineNr(), location.getColumnNr(), detail, null);
    }

    /** Where the first token at {@code pointer} starts (a property name, or an array element), or null. */
    private static JsonLocation locate(String content, JsonPointer pointer) {
        try (JsonParser parser = JSON_FACTORY.createParser(content)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (parser.getParsingContext().pathAsPointer().equals(pointer)) {
                    return parser.currentTokenLocation();
                }
            }
        } catch (IOException | RuntimeException e) {
            // the location is a courtesy; the message stands without it
        }
        return null;
    }
}
