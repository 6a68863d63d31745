package io.datahub.flows.check;

import io.datahub.flows.catalog.BundleCoordinate;
import io.datahub.flows.catalog.ComponentType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What a component declares, as far as a flow definition must agree with it: the reference the check compares generated
 * definitions against. Built from this bundle's classes ({@link DatahubComponentSpecs}) or from NiFi's recorded standard
 * components ({@link StandardComponentSpecs}).
 *
 * @param type                       class name
 * @param bundle                     the NAR it is in
 * @param kind                       processor or controller service
 * @param inputRequirement           INPUT_REQUIRED, INPUT_ALLOWED or INPUT_FORBIDDEN (processors)
 * @param properties                 declared properties by name
 * @param relationships              declared relationships
 * @param dynamicProperties          whether user-defined properties are supported
 * @param sensitiveDynamicProperties whether a user may mark a dynamic property sensitive
 * @param dynamicRelationships       whether each dynamic property is also a relationship (RouteOnAttribute)
 * @param providedApis               the service APIs a controller service provides
 * @param dynamicSensitivity         for components that decide it themselves: whether a given dynamic property is sensitive
 * @param source                     where the description comes from, for messages
 */
public record ComponentSpec(String type, BundleCoordinate bundle, ComponentType.Kind kind, String inputRequirement,
                            Map<String, PropertySpec> properties, Set<String> relationships, boolean dynamicProperties,
                            boolean sensitiveDynamicProperties, boolean dynamicRelationships, List<ComponentType.ServiceApi> providedApis,
                            Function<String, Optional<Boolean>> dynamicSensitivity, String source) {

    /** A declared property. {@code serviceApi} is the interface a controller service reference must provide, else null. */
    public record PropertySpec(String name, boolean required, boolean sensitive, String defaultValue, String serviceApi,
                               List<Dependency> dependsOn) {
    }

    /** The property only applies when {@code property} has one of {@code values} (any value when empty). */
    public record Dependency(String property, Set<String> values) {
    }
}
