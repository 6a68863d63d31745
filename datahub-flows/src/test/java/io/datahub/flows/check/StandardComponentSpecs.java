package io.datahub.flows.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datahub.flows.catalog.BundleCoordinate;
import io.datahub.flows.catalog.ComponentType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** NiFi 2.8's standard components, as recorded in {@code nifi-2.8-standard-components.json}. */
public final class StandardComponentSpecs {

    static final String RESOURCE = "/nifi-2.8-standard-components.json";

    private StandardComponentSpecs() {
    }

    public static Map<String, ComponentSpec> load() {
        final JsonNode root;
        try (InputStream in = StandardComponentSpecs.class.getResourceAsStream(RESOURCE)) {
            root = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        final Map<String, ComponentSpec> specs = new LinkedHashMap<>();
        for (final JsonNode component : root.path("components")) {
            final String type = component.path("type").asText();
            final Map<String, ComponentSpec.PropertySpec> properties = new LinkedHashMap<>();
            for (final JsonNode property : component.path("properties")) {
                final List<ComponentSpec.Dependency> dependencies = new ArrayList<>();
                for (final JsonNode dependency : property.path("dependsOn")) {
                    final Set<String> values = new LinkedHashSet<>();
                    dependency.path("values").forEach(value -> values.add(value.asText()));
                    dependencies.add(new ComponentSpec.Dependency(dependency.path("property").asText(), values));
                }
                final String name = property.path("name").asText();
                properties.put(name, new ComponentSpec.PropertySpec(name, property.path("required").asBoolean(false),
                        property.path("sensitive").asBoolean(false), text(property, "default"), text(property, "service"), dependencies));
            }
            final Set<String> relationships = new LinkedHashSet<>();
            component.path("relationships").forEach(relationship -> relationships.add(relationship.asText()));
            final List<ComponentType.ServiceApi> apis = new ArrayList<>();
            for (final JsonNode api : component.path("providedApis")) {
                apis.add(new ComponentType.ServiceApi(api.path("type").asText(), bundle(api.path("bundle"))));
            }
            specs.put(type, new ComponentSpec(type, bundle(component.path("bundle")), ComponentType.Kind.valueOf(component.path("kind").asText()),
                    text(component, "inputRequirement"), properties, relationships, component.path("dynamicProperties").asBoolean(false),
                    component.path("sensitiveDynamicProperties").asBoolean(false), component.path("dynamicRelationships").asBoolean(false),
                    apis, name -> Optional.empty(), "NiFi 2.8 standard components (" + RESOURCE.substring(1) + ")"));
        }
        return specs;
    }

    private static BundleCoordinate bundle(final JsonNode node) {
        return new BundleCoordinate(node.path("group").asText(), node.path("artifact").asText(), node.path("version").asText());
    }

    private static String text(final JsonNode node, final String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }
}
