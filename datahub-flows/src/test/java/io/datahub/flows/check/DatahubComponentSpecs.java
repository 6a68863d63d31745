package io.datahub.flows.check;

import io.datahub.flows.BuildInfo;
import io.datahub.flows.catalog.BundleCoordinate;
import io.datahub.flows.catalog.ComponentCatalog;
import io.datahub.flows.catalog.ComponentType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.nifi.annotation.behavior.DynamicProperties;
import org.apache.nifi.annotation.behavior.DynamicProperty;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.SupportsSensitiveDynamicProperties;
import org.apache.nifi.components.ConfigurableComponent;
import org.apache.nifi.components.PropertyDependency;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.controller.ControllerService;
import org.apache.nifi.processor.Processor;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;

/**
 * This bundle's components as their classes declare them: the classes listed in the processors' and services'
 * {@code META-INF/services} files (what NiFi discovers in the NAR), instantiated to read their property descriptors,
 * relationships and annotations.
 */
public final class DatahubComponentSpecs {

    static final String PROCESSOR_SERVICES = "META-INF/services/" + Processor.class.getName();
    static final String CONTROLLER_SERVICE_SERVICES = "META-INF/services/" + ControllerService.class.getName();

    /** Specs by class name, and the classes listed for NiFi that cannot be loaded, with why. */
    public record Loaded(Map<String, ComponentSpec> specs, Map<String, String> unloadable) {
    }

    private DatahubComponentSpecs() {
    }

    /** The classes this bundle registers with NiFi (both META-INF/services files on the classpath). */
    public static Set<String> registeredClasses() {
        final Set<String> names = new TreeSet<>();
        names.addAll(listed(PROCESSOR_SERVICES));
        names.addAll(listed(CONTROLLER_SERVICE_SERVICES));
        return names;
    }

    /**
     * @param types the Data Hub component types a flow uses; a type that is not registered or cannot be loaded is reported
     *              in {@link Loaded#unloadable()}
     */
    public static Loaded load(final Set<String> types) {
        final Set<String> registered = registeredClasses();
        final BundleCoordinate bundle = ComponentCatalog.Bundles.DATAHUB;
        final Map<String, ComponentSpec> specs = new LinkedHashMap<>();
        final Map<String, String> unloadable = new LinkedHashMap<>();
        for (final String type : new TreeSet<>(types)) {
            if (!registered.contains(type)) {
                unloadable.put(type, "not listed in " + PROCESSOR_SERVICES + " or " + CONTROLLER_SERVICE_SERVICES
                        + " on the classpath (its class is not in this build)");
                continue;
            }
            try {
                specs.put(type, spec(Class.forName(type), bundle));
            } catch (ReflectiveOperationException | LinkageError e) {
                unloadable.put(type, "cannot be loaded: " + e);
            }
        }
        return new Loaded(specs, unloadable);
    }

    private static ComponentSpec spec(final Class<?> type, final BundleCoordinate bundle) throws ReflectiveOperationException {
        final ConfigurableComponent component;
        final Set<String> relationships = new LinkedHashSet<>();
        final ComponentType.Kind kind;
        if (Processor.class.isAssignableFrom(type)) {
            // A TestRunner initializes the processor as NiFi would, so relationships built in init() are there too.
            final TestRunner runner = TestRunners.newTestRunner(type.asSubclass(Processor.class));
            final Processor processor = runner.getProcessor();
            processor.getRelationships().stream().map(Relationship::getName).forEach(relationships::add);
            component = processor;
            kind = ComponentType.Kind.PROCESSOR;
        } else {
            component = (ConfigurableComponent) type.getDeclaredConstructor().newInstance();
            kind = ComponentType.Kind.CONTROLLER_SERVICE;
        }

        final Map<String, ComponentSpec.PropertySpec> properties = new LinkedHashMap<>();
        for (final PropertyDescriptor descriptor : component.getPropertyDescriptors()) {
            final List<ComponentSpec.Dependency> dependencies = new ArrayList<>();
            for (final PropertyDependency dependency : descriptor.getDependencies()) {
                final Set<String> values = dependency.getDependentValues() == null ? Set.of() : new TreeSet<>(dependency.getDependentValues());
                dependencies.add(new ComponentSpec.Dependency(dependency.getPropertyName(), values));
            }
            properties.put(descriptor.getName(), new ComponentSpec.PropertySpec(descriptor.getName(), descriptor.isRequired(),
                    descriptor.isSensitive(), descriptor.getDefaultValue(),
                    descriptor.getControllerServiceDefinition() == null ? null : descriptor.getControllerServiceDefinition().getName(),
                    dependencies));
        }

        final boolean dynamic = type.isAnnotationPresent(DynamicProperty.class) || type.isAnnotationPresent(DynamicProperties.class);
        final InputRequirement input = type.getAnnotation(InputRequirement.class);
        final List<ComponentType.ServiceApi> apis = new ArrayList<>();
        for (final Class<?> api : serviceApis(type)) {
            apis.add(new ComponentType.ServiceApi(api.getName(), bundle));
        }
        return new ComponentSpec(type.getName(), bundle, kind, input == null ? null : input.value().name(), properties, relationships,
                dynamic, type.isAnnotationPresent(SupportsSensitiveDynamicProperties.class), false, apis,
                name -> Optional.of(component.getPropertyDescriptor(name).isSensitive()),
                type.getName() + " (this build, version " + BuildInfo.datahubVersion() + ")");
    }

    /** The Data Hub controller service interfaces a class implements (what a processor property may ask for). */
    private static List<Class<?>> serviceApis(final Class<?> type) {
        final Set<Class<?>> found = new LinkedHashSet<>();
        final Deque<Class<?>> pending = new ArrayDeque<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            Collections.addAll(pending, c.getInterfaces());
        }
        while (!pending.isEmpty()) {
            final Class<?> candidate = pending.pop();
            if (ControllerService.class.isAssignableFrom(candidate) && candidate != ControllerService.class
                    && candidate.getName().startsWith("io.datahub.")) {
                found.add(candidate);
            }
            Collections.addAll(pending, candidate.getInterfaces());
        }
        return List.copyOf(found);
    }

    private static Set<String> listed(final String resource) {
        final Set<String> names = new TreeSet<>();
        try {
            for (final URL url : Collections.list(DatahubComponentSpecs.class.getClassLoader().getResources(resource))) {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
                    in.lines().map(line -> line.replaceAll("#.*", "").strip())
                            .filter(line -> line.startsWith("io.datahub."))
                            .forEach(names::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }
}
