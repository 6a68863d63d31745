package io.datahub.flows;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.UncheckedIOException;
import org.apache.nifi.registry.flow.RegisteredFlowSnapshot;

/**
 * Flow definitions as JSON, the way NiFi reads and writes them: nulls left out, unknown fields ignored on reading (as
 * NiFi's REST API does for uploads). Output is stable: properties sorted by name, two-space indentation, {@code \n}
 * line ends, so a regenerated file diffs cleanly.
 */
public final class FlowDefinitionJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .build();

    private static final DefaultPrettyPrinter PRINTER = new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));

    private FlowDefinitionJson() {
    }

    public static String write(final RegisteredFlowSnapshot snapshot) {
        try {
            return MAPPER.writer(PRINTER).writeValueAsString(snapshot) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @throws IllegalArgumentException when the text is not a flow definition
     */
    public static RegisteredFlowSnapshot read(final String json) {
        try {
            final RegisteredFlowSnapshot snapshot = MAPPER.readValue(json, RegisteredFlowSnapshot.class);
            if (snapshot == null || snapshot.getFlowContents() == null) {
                throw new IllegalArgumentException("not a NiFi flow definition: no flowContents");
            }
            return snapshot;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a NiFi flow definition: " + e.getOriginalMessage(), e);
        }
    }
}
