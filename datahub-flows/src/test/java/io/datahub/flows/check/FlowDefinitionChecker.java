package io.datahub.flows.check;

import io.datahub.flows.catalog.BundleCoordinate;
import io.datahub.flows.catalog.ComponentType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.nifi.flow.Bundle;
import org.apache.nifi.flow.ConnectableComponent;
import org.apache.nifi.flow.ControllerServiceAPI;
import org.apache.nifi.flow.Position;
import org.apache.nifi.flow.VersionedComponent;
import org.apache.nifi.flow.VersionedConfigurableExtension;
import org.apache.nifi.flow.VersionedConnection;
import org.apache.nifi.flow.VersionedControllerService;
import org.apache.nifi.flow.VersionedParameter;
import org.apache.nifi.flow.VersionedParameterContext;
import org.apache.nifi.flow.VersionedProcessGroup;
import org.apache.nifi.flow.VersionedProcessor;
import org.apache.nifi.flow.VersionedPropertyDescriptor;
import org.apache.nifi.registry.flow.RegisteredFlowSnapshot;

/**
 * Checks a flow definition against what its components declare, with the rules NiFi applies when it imports a flow or
 * validates its components:
 * <ul>
 *   <li>every processor and controller service type exists in the bundle the definition names;</li>
 *   <li>every property is one the component declares (or a dynamic property of a component that allows them), with the
 *       same sensitivity and controller-service nature as declared;</li>
 *   <li>no required property is left without a value or default (properties whose dependency is not met excepted), and
 *       every parameter referenced is defined in the group's parameter context or one it inherits;</li>
 *   <li>a sensitive property holds exactly one sensitive parameter ({@code #{name}}), a non-sensitive property references
 *       no sensitive parameter, a controller service property references a service of its group or an enclosing one that
 *       provides the required API, never a parameter;</li>
 *   <li>every connection joins components of its group over relationships its source has, every relationship is connected
 *       or auto-terminated, processors that need input have some and those that forbid it have none;</li>
 *   <li>identifiers are unique, every component has a position and no two share one, every parameter is used.</li>
 * </ul>
 * Problems are returned as {@code group path/component: what is wrong}.
 */
public final class FlowDefinitionChecker {

    private static final Pattern PARAMETER_REFERENCE = Pattern.compile("(?<!#)#\\{([^}]+)}");
    private static final String ROUTE_TO_PROPERTY_NAME = "Route to Property name";
    private static final String ROUTING_STRATEGY = "Routing Strategy";

    private final Map<String, ComponentSpec> specs;
    private final Set<String> absent;

    /**
     * @param specs  what each component type declares
     * @param absent types known to be missing from this build (reported separately by the caller): components of these
     *               types are not checked, everything around them is
     */
    public FlowDefinitionChecker(final Map<String, ComponentSpec> specs, final Set<String> absent) {
        this.specs = Map.copyOf(specs);
        this.absent = Set.copyOf(absent);
    }

    /** The types of every processor and controller service of a flow. */
    public static Set<String> componentTypes(final RegisteredFlowSnapshot snapshot) {
        final Set<String> types = new TreeSet<>();
        collectTypes(snapshot.getFlowContents(), types);
        return types;
    }

    private static void collectTypes(final VersionedProcessGroup group, final Set<String> types) {
        group.getProcessors().forEach(processor -> types.add(processor.getType()));
        group.getControllerServices().forEach(service -> types.add(service.getType()));
        group.getProcessGroups().forEach(child -> collectTypes(child, types));
    }

    public List<String> check(final RegisteredFlowSnapshot snapshot) {
        final List<String> problems = new ArrayList<>();
        if (!"1.0".equals(snapshot.getFlowEncodingVersion())) {
            problems.add("flowEncodingVersion is " + snapshot.getFlowEncodingVersion() + ", NiFi writes 1.0");
        }
        final Map<String, VersionedParameterContext> contexts = snapshot.getParameterContexts() == null ? Map.of() : snapshot.getParameterContexts();
        contexts.forEach((name, context) -> {
            if (!name.equals(context.getName())) {
                problems.add("parameter context listed as '" + name + "' is named '" + context.getName() + "'");
            }
            for (final String inherited : context.getInheritedParameterContexts() == null ? List.<String>of() : context.getInheritedParameterContexts()) {
                if (!contexts.containsKey(inherited)) {
                    problems.add("parameter context '" + name + "' inherits '" + inherited + "', which the definition does not contain");
                }
            }
        });
        final Set<String> usedParameters = new HashSet<>();
        final Set<String> ids = new HashSet<>();
        checkGroup(snapshot.getFlowContents(), snapshot.getFlowContents().getName(), Map.of(), contexts, usedParameters, ids, problems);

        contexts.values().forEach(context -> context.getParameters().forEach(parameter -> {
            if (!usedParameters.contains(context.getName() + "/" + parameter.getName())) {
                problems.add("parameter context '" + context.getName() + "': parameter '" + parameter.getName() + "' is referenced by no property");
            }
            if (parameter.isSensitive() && parameter.getValue() != null) {
                problems.add("parameter context '" + context.getName() + "': sensitive parameter '" + parameter.getName() + "' carries a value");
            }
        }));
        return problems;
    }

    private void checkGroup(final VersionedProcessGroup group, final String path, final Map<String, VersionedControllerService> enclosingServices,
                            final Map<String, VersionedParameterContext> contexts, final Set<String> usedParameters, final Set<String> ids,
                            final List<String> problems) {
        unique(group, path, ids, problems);
        final Map<String, Resolved> parameters = parameters(group, path, contexts, problems);

        final Map<String, VersionedControllerService> services = new HashMap<>(enclosingServices);
        for (final VersionedControllerService service : group.getControllerServices()) {
            services.put(service.getIdentifier(), service);
        }
        for (final VersionedControllerService service : group.getControllerServices()) {
            final String where = path + "/" + service.getName();
            unique(service, where, ids, problems);
            final ComponentSpec spec = spec(service, ComponentType.Kind.CONTROLLER_SERVICE, where, problems);
            if (spec == null) {
                checkReferencesOnly(service, where, parameters, usedParameters, problems);
                continue;
            }
            checkProperties(service, spec, where, services, parameters, usedParameters, problems);
            final Set<String> declared = new TreeSet<>();
            spec.providedApis().forEach(api -> declared.add(api.type() + "@" + api.bundle()));
            final Set<String> listed = new TreeSet<>();
            for (final ControllerServiceAPI api : service.getControllerServiceApis()) {
                listed.add(api.getType() + "@" + coordinate(api.getBundle()));
            }
            if (!declared.equals(listed)) {
                problems.add(where + ": lists service APIs " + listed + ", the component provides " + declared);
            }
        }

        final Map<String, VersionedProcessor> processors = new LinkedHashMap<>();
        final Map<String, Position> positions = new HashMap<>();
        for (final VersionedProcessor processor : group.getProcessors()) {
            processors.put(processor.getIdentifier(), processor);
            final String where = path + "/" + processor.getName();
            unique(processor, where, ids, problems);
            if (processor.getPosition() == null) {
                problems.add(where + ": has no position");
            } else {
                final String at = processor.getPosition().getX() + "," + processor.getPosition().getY();
                final Position previous = positions.putIfAbsent(at, processor.getPosition());
                if (previous != null) {
                    problems.add(where + ": is placed at " + at + " on top of another processor");
                }
            }
        }
        group.getLabels().forEach(label -> unique(label, path + "/label " + label.getLabel(), ids, problems));

        final Map<String, Set<String>> relationships = new HashMap<>();
        for (final VersionedProcessor processor : group.getProcessors()) {
            final String where = path + "/" + processor.getName();
            final ComponentSpec spec = spec(processor, ComponentType.Kind.PROCESSOR, where, problems);
            if (spec == null) {
                checkReferencesOnly(processor, where, parameters, usedParameters, problems);
                continue;
            }
            checkProperties(processor, spec, where, services, parameters, usedParameters, problems);
            final Set<String> available = new LinkedHashSet<>(spec.relationships());
            if (spec.dynamicRelationships() && ROUTE_TO_PROPERTY_NAME.equals(effective(processor, spec, ROUTING_STRATEGY))) {
                processor.getProperties().keySet().stream().filter(name -> !spec.properties().containsKey(name)).forEach(available::add);
            }
            relationships.put(processor.getIdentifier(), available);
            for (final String terminated : processor.getAutoTerminatedRelationships()) {
                if (!available.contains(terminated)) {
                    problems.add(where + ": auto-terminates '" + terminated + "', which is none of its relationships " + new TreeSet<>(available));
                }
            }
        }

        final Map<String, Set<String>> connected = new HashMap<>();
        final Map<String, Integer> incoming = new HashMap<>();
        for (final VersionedConnection connection : group.getConnections()) {
            final String where = path + "/connection " + describe(connection);
            unique(connection, where, ids, problems);
            final VersionedProcessor source = endpoint(connection.getSource(), group, processors, where, "source", problems);
            final VersionedProcessor destination = endpoint(connection.getDestination(), group, processors, where, "destination", problems);
            if (connection.getSelectedRelationships() == null || connection.getSelectedRelationships().isEmpty()) {
                problems.add(where + ": selects no relationship");
            }
            if (destination != null) {
                incoming.merge(destination.getIdentifier(), 1, Integer::sum);
            }
            if (source == null || !relationships.containsKey(source.getIdentifier())) {
                continue;
            }
            for (final String relationship : connection.getSelectedRelationships()) {
                if (!relationships.get(source.getIdentifier()).contains(relationship)) {
                    problems.add(where + ": '" + source.getName() + "' has no relationship '" + relationship + "' (it has "
                            + new TreeSet<>(relationships.get(source.getIdentifier())) + ")");
                }
                connected.computeIfAbsent(source.getIdentifier(), k -> new HashSet<>()).add(relationship);
            }
        }

        for (final VersionedProcessor processor : group.getProcessors()) {
            final ComponentSpec spec = specs.get(processor.getType());
            if (spec == null || !relationships.containsKey(processor.getIdentifier())) {
                continue;
            }
            final String where = path + "/" + processor.getName();
            for (final String relationship : relationships.get(processor.getIdentifier())) {
                final boolean isConnected = connected.getOrDefault(processor.getIdentifier(), Set.of()).contains(relationship);
                final boolean terminated = processor.getAutoTerminatedRelationships().contains(relationship);
                if (!isConnected && !terminated) {
                    problems.add(where + ": relationship '" + relationship + "' is neither connected nor auto-terminated");
                }
                if (isConnected && terminated) {
                    problems.add(where + ": relationship '" + relationship + "' is both connected and auto-terminated");
                }
            }
            final int inputs = incoming.getOrDefault(processor.getIdentifier(), 0);
            if ("INPUT_REQUIRED".equals(spec.inputRequirement()) && inputs == 0) {
                problems.add(where + ": needs an incoming connection (input required)");
            }
            if ("INPUT_FORBIDDEN".equals(spec.inputRequirement()) && inputs > 0) {
                problems.add(where + ": has an incoming connection but accepts no input");
            }
        }

        for (final VersionedProcessGroup child : group.getProcessGroups()) {
            if (!group.getIdentifier().equals(child.getGroupIdentifier())) {
                problems.add(path + "/" + child.getName() + ": groupIdentifier is not its enclosing group's");
            }
            checkGroup(child, path + "/" + child.getName(), services, contexts, usedParameters, ids, problems);
        }
    }

    /** A parameter visible in a group: its definition and the context that defines it. */
    private record Resolved(VersionedParameter parameter, String context) {
    }

    private static Map<String, Resolved> parameters(final VersionedProcessGroup group, final String path,
                                                    final Map<String, VersionedParameterContext> contexts, final List<String> problems) {
        final Map<String, Resolved> parameters = new HashMap<>();
        final String name = group.getParameterContextName();
        if (name == null) {
            return parameters;
        }
        if (!contexts.containsKey(name)) {
            problems.add(path + ": parameter context '" + name + "' is not in the definition");
            return parameters;
        }
        collect(name, contexts, parameters, new HashSet<>());
        return parameters;
    }

    /** A context's own parameters win over inherited ones, earlier inherited contexts over later ones (NiFi's order). */
    private static void collect(final String name, final Map<String, VersionedParameterContext> contexts, final Map<String, Resolved> into,
                                final Set<String> seen) {
        final VersionedParameterContext context = contexts.get(name);
        if (context == null || !seen.add(name)) {
            return;
        }
        context.getParameters().forEach(parameter -> into.putIfAbsent(parameter.getName(), new Resolved(parameter, name)));
        if (context.getInheritedParameterContexts() != null) {
            context.getInheritedParameterContexts().forEach(inherited -> collect(inherited, contexts, into, seen));
        }
    }

    private ComponentSpec spec(final VersionedConfigurableExtension component, final ComponentType.Kind kind, final String where,
                               final List<String> problems) {
        final ComponentSpec spec = specs.get(component.getType());
        if (spec == null && absent.contains(component.getType())) {
            return null;
        }
        if (spec == null) {
            problems.add(where + ": type " + component.getType() + " is not a known component");
            return null;
        }
        if (spec.kind() != kind) {
            problems.add(where + ": " + component.getType() + " is a " + spec.kind() + ", not a " + kind);
        }
        if (!spec.bundle().equals(coordinate(component.getBundle()))) {
            problems.add(where + ": bundle " + coordinate(component.getBundle()) + ", but " + component.getType() + " is in " + spec.bundle());
        }
        return spec;
    }

    private void checkProperties(final VersionedConfigurableExtension component, final ComponentSpec spec, final String where,
                                 final Map<String, VersionedControllerService> services, final Map<String, Resolved> parameters,
                                 final Set<String> usedParameters, final List<String> problems) {
        final Map<String, String> values = component.getProperties() == null ? Map.of() : component.getProperties();
        final Map<String, VersionedPropertyDescriptor> descriptors = component.getPropertyDescriptors() == null ? Map.of()
                : component.getPropertyDescriptors();

        for (final Map.Entry<String, String> entry : values.entrySet()) {
            final String name = entry.getKey();
            final String value = entry.getValue();
            final ComponentSpec.PropertySpec declared = spec.properties().get(name);
            final VersionedPropertyDescriptor descriptor = descriptors.get(name);
            final boolean sensitive;
            final String serviceApi;
            if (declared != null) {
                sensitive = declared.sensitive();
                serviceApi = declared.serviceApi();
                if (descriptor != null && descriptor.isDynamic()) {
                    problems.add(where + ": property '" + name + "' is declared by " + spec.type() + " but described as dynamic");
                }
            } else if (spec.dynamicProperties()) {
                final boolean chosen = descriptor != null && descriptor.isSensitive();
                sensitive = spec.dynamicSensitivity().apply(name).orElse(chosen);
                serviceApi = null;
                if (descriptor == null || !descriptor.isDynamic()) {
                    problems.add(where + ": dynamic property '" + name + "' has no property descriptor marking it dynamic");
                }
                if (chosen && !spec.sensitiveDynamicProperties() && spec.dynamicSensitivity().apply(name).isEmpty()) {
                    problems.add(where + ": dynamic property '" + name + "' is marked sensitive, but " + spec.type()
                            + " does not support sensitive dynamic properties");
                }
            } else {
                problems.add(where + ": property '" + name + "' is not a property of " + spec.type() + " (it has "
                        + spec.properties().keySet() + ")");
                continue;
            }
            if (descriptor == null) {
                problems.add(where + ": property '" + name + "' has no property descriptor");
            } else {
                if (descriptor.isSensitive() != sensitive) {
                    problems.add(where + ": property '" + name + "' is described as " + (descriptor.isSensitive() ? "" : "not ")
                            + "sensitive, the component says it is " + (sensitive ? "" : "not ") + "sensitive");
                }
                if (descriptor.getIdentifiesControllerService() != (serviceApi != null)) {
                    problems.add(where + ": property '" + name + "': identifiesControllerService is " + descriptor.getIdentifiesControllerService()
                            + ", the component says " + (serviceApi != null));
                }
            }
            if (value == null) {
                continue;
            }
            final List<String> references = references(value);
            if (serviceApi != null) {
                checkServiceReference(name, value, serviceApi, references, services, where, problems);
                continue;
            }
            for (final String reference : references) {
                final Resolved resolved = parameters.get(reference);
                if (resolved == null) {
                    problems.add(where + ": property '" + name + "' references parameter '" + reference
                            + "', which the group's parameter context does not define");
                    continue;
                }
                usedParameters.add(resolved.context() + "/" + reference);
                if (!sensitive && resolved.parameter().isSensitive()) {
                    problems.add(where + ": property '" + name + "' is not sensitive but references sensitive parameter '" + reference
                            + "' (NiFi refuses: sensitive parameters may only be referenced by sensitive properties)");
                }
            }
            if (sensitive) {
                if (references.size() != 1 || !value.equals("#{" + references.get(0) + "}")) {
                    problems.add(where + ": sensitive property '" + name + "' must be exactly one parameter reference #{name}"
                            + " (a definition carries no secret value)");
                } else if (parameters.containsKey(references.get(0)) && !parameters.get(references.get(0)).parameter().isSensitive()) {
                    problems.add(where + ": sensitive property '" + name + "' references parameter '" + references.get(0)
                            + "', which is not sensitive (NiFi refuses it)");
                }
            }
        }

        for (final ComponentSpec.PropertySpec declared : spec.properties().values()) {
            if (!declared.required() || declared.defaultValue() != null || !dependenciesMet(declared, component, spec)) {
                continue;
            }
            final String value = values.get(declared.name());
            if (value == null || value.isBlank()) {
                problems.add(where + ": required property '" + declared.name() + "' has no value and no default");
            }
        }
    }

    /** A component whose type is absent from this build: its parameters must still be defined (and count as used). */
    private static void checkReferencesOnly(final VersionedConfigurableExtension component, final String where,
                                            final Map<String, Resolved> parameters, final Set<String> usedParameters,
                                            final List<String> problems) {
        component.getProperties().forEach((name, value) -> {
            for (final String reference : value == null ? List.<String>of() : references(value)) {
                final Resolved resolved = parameters.get(reference);
                if (resolved == null) {
                    problems.add(where + ": property '" + name + "' references parameter '" + reference
                            + "', which the group's parameter context does not define");
                } else {
                    usedParameters.add(resolved.context() + "/" + reference);
                }
            }
        });
    }

    private static void checkServiceReference(final String name, final String value, final String serviceApi, final List<String> references,
                                              final Map<String, VersionedControllerService> services, final String where,
                                              final List<String> problems) {
        if (!references.isEmpty()) {
            problems.add(where + ": property '" + name + "' names a controller service, which NiFi does not allow through a parameter");
            return;
        }
        final VersionedControllerService service = services.get(value);
        if (service == null) {
            problems.add(where + ": property '" + name + "' names controller service " + value + ", which is not in its group or an enclosing one");
            return;
        }
        final boolean provides = service.getControllerServiceApis().stream().anyMatch(api -> api.getType().equals(serviceApi));
        if (!provides) {
            problems.add(where + ": property '" + name + "' needs a " + serviceApi + ", but '" + service.getName() + "' ("
                    + service.getType() + ") does not provide one");
        }
    }

    /** Whether the property applies: each property it depends on has (by value or default) one of the values it needs. */
    private static boolean dependenciesMet(final ComponentSpec.PropertySpec property, final VersionedConfigurableExtension component,
                                           final ComponentSpec spec) {
        for (final ComponentSpec.Dependency dependency : property.dependsOn()) {
            final String value = effective(component, spec, dependency.property());
            if (value == null) {
                return false;
            }
            if (!dependency.values().isEmpty() && !references(value).isEmpty()) {
                continue;  // a parameter decides at run time: treat the dependency as met
            }
            if (!dependency.values().isEmpty() && !dependency.values().contains(value)) {
                return false;
            }
        }
        return true;
    }

    private static String effective(final VersionedConfigurableExtension component, final ComponentSpec spec, final String property) {
        final String value = component.getProperties() == null ? null : component.getProperties().get(property);
        if (value != null) {
            return value;
        }
        final ComponentSpec.PropertySpec declared = spec.properties().get(property);
        return declared == null ? null : declared.defaultValue();
    }

    private static List<String> references(final String value) {
        final List<String> names = new ArrayList<>();
        final Matcher matcher = PARAMETER_REFERENCE.matcher(value);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static VersionedProcessor endpoint(final ConnectableComponent end, final VersionedProcessGroup group,
                                               final Map<String, VersionedProcessor> processors, final String where, final String role,
                                               final List<String> problems) {
        if (end == null) {
            problems.add(where + ": has no " + role);
            return null;
        }
        if (!group.getIdentifier().equals(end.getGroupId())) {
            problems.add(where + ": " + role + " is in group " + end.getGroupId() + ", not in the connection's group");
        }
        final VersionedProcessor processor = processors.get(end.getId());
        if (processor == null) {
            problems.add(where + ": " + role + " " + end.getId() + " is no processor of the group");
        } else if (!Objects.equals(processor.getName(), end.getName())) {
            problems.add(where + ": " + role + " is named '" + end.getName() + "', the processor is '" + processor.getName() + "'");
        }
        return processor;
    }

    private static void unique(final VersionedComponent component, final String where, final Set<String> ids, final List<String> problems) {
        if (component.getIdentifier() == null) {
            problems.add(where + ": has no identifier");
        } else if (!ids.add(component.getIdentifier())) {
            problems.add(where + ": identifier " + component.getIdentifier() + " is used twice");
        }
    }

    private static String describe(final VersionedConnection connection) {
        return (connection.getSource() == null ? "?" : connection.getSource().getName()) + " -" + connection.getSelectedRelationships() + "-> "
                + (connection.getDestination() == null ? "?" : connection.getDestination().getName());
    }

    private static BundleCoordinate coordinate(final Bundle bundle) {
        return bundle == null ? null : new BundleCoordinate(bundle.getGroup(), bundle.getArtifact(), bundle.getVersion());
    }
}
