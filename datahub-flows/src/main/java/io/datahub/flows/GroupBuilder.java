package io.datahub.flows;

import io.datahub.flows.catalog.ComponentType;
import io.datahub.flows.catalog.Property;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.nifi.flow.ConnectableComponent;
import org.apache.nifi.flow.ConnectableComponentType;
import org.apache.nifi.flow.ControllerServiceAPI;
import org.apache.nifi.flow.ExecutionEngine;
import org.apache.nifi.flow.Position;
import org.apache.nifi.flow.ScheduledState;
import org.apache.nifi.flow.VersionedConfigurableExtension;
import org.apache.nifi.flow.VersionedConnection;
import org.apache.nifi.flow.VersionedControllerService;
import org.apache.nifi.flow.VersionedLabel;
import org.apache.nifi.flow.VersionedProcessGroup;
import org.apache.nifi.flow.VersionedProcessor;
import org.apache.nifi.flow.VersionedPropertyDescriptor;

/**
 * Builds one process group of a flow definition: components get identifiers derived from their group's path and their
 * name (so regenerating gives the same definition), positions on a grid, and NiFi's defaults for everything a flow
 * definition download carries, so an upload needs nothing else.
 */
final class GroupBuilder {

    /** Grid cell size: a processor is about 350 x 130 on the canvas; the rest is room for connection labels. */
    static final double CELL_WIDTH = 480;
    static final double CELL_HEIGHT = 260;

    private final VersionedProcessGroup group = new VersionedProcessGroup();
    private final String path;
    private final List<VersionedProcessGroup> children = new ArrayList<>();
    private final List<VersionedProcessor> processors = new ArrayList<>();
    private final List<VersionedControllerService> services = new ArrayList<>();
    private final List<VersionedConnection> connections = new ArrayList<>();
    private final List<VersionedLabel> labels = new ArrayList<>();

    /**
     * @param path     where the group is in the flow (e.g. {@code customer/staging}); identifiers derive from it
     * @param parentId the enclosing group's identifier, or null for the flow's top group
     */
    GroupBuilder(final String path, final String name, final String parentId, final String parameterContext, final Position position,
                 final String comments) {
        this.path = path;
        group.setIdentifier(id(path, "group"));
        group.setGroupIdentifier(parentId);
        group.setName(name);
        group.setComments(comments);
        group.setPosition(position);
        group.setParameterContextName(parameterContext);
        group.setFlowFileConcurrency("UNBOUNDED");
        group.setFlowFileOutboundPolicy("STREAM_WHEN_AVAILABLE");
        group.setDefaultFlowFileExpiration("0 sec");
        group.setDefaultBackPressureObjectThreshold(10_000L);
        group.setDefaultBackPressureDataSizeThreshold("1 GB");
        group.setScheduledState(ScheduledState.ENABLED);
        group.setExecutionEngine(ExecutionEngine.INHERITED);
        group.setMaxConcurrentTasks(1);
        group.setStatelessFlowTimeout("1 min");
    }

    String id() {
        return group.getIdentifier();
    }

    /** A deterministic identifier: a name-based UUID of the component's place in the flow. */
    static String id(final String... parts) {
        return UUID.nameUUIDFromBytes(("datahub-flow:" + String.join("/", parts)).getBytes(StandardCharsets.UTF_8)).toString();
    }

    static Position cell(final double column, final double row) {
        return new Position(column * CELL_WIDTH, row * CELL_HEIGHT);
    }

    void addChild(final VersionedProcessGroup child) {
        children.add(child);
    }

    Processor processor(final ComponentType type, final String name, final double column, final double row, final String comments) {
        if (type.kind() != ComponentType.Kind.PROCESSOR) {
            throw new IllegalArgumentException(type.type() + " is not a processor");
        }
        final VersionedProcessor processor = new VersionedProcessor();
        processor.setIdentifier(id(path, "processor", name));
        processor.setGroupIdentifier(group.getIdentifier());
        processor.setName(name);
        processor.setComments(comments);
        processor.setPosition(cell(column, row));
        processor.setType(type.type());
        processor.setBundle(type.bundle().toFlowBundle());
        processor.setProperties(new LinkedHashMap<>());
        processor.setPropertyDescriptors(new LinkedHashMap<>());
        processor.setStyle(new LinkedHashMap<>());
        processor.setSchedulingPeriod("0 sec");
        processor.setSchedulingStrategy("TIMER_DRIVEN");
        processor.setExecutionNode("ALL");
        processor.setPenaltyDuration("30 sec");
        processor.setYieldDuration("1 sec");
        processor.setBulletinLevel("WARN");
        processor.setRunDurationMillis(0L);
        processor.setConcurrentlySchedulableTaskCount(1);
        processor.setAutoTerminatedRelationships(new LinkedHashSet<>());
        processor.setScheduledState(ScheduledState.ENABLED);
        processor.setRetryCount(10);
        processor.setRetriedRelationships(new LinkedHashSet<>());
        processor.setBackoffMechanism("PENALIZE_FLOWFILE");
        processor.setMaxBackoffPeriod("10 mins");
        processors.add(processor);
        return new Processor(processor);
    }

    Service service(final ComponentType type, final String name, final String comments) {
        if (type.kind() != ComponentType.Kind.CONTROLLER_SERVICE) {
            throw new IllegalArgumentException(type.type() + " is not a controller service");
        }
        final VersionedControllerService service = new VersionedControllerService();
        service.setIdentifier(id(path, "service", name));
        service.setGroupIdentifier(group.getIdentifier());
        service.setName(name);
        service.setComments(comments);
        service.setType(type.type());
        service.setBundle(type.bundle().toFlowBundle());
        service.setProperties(new LinkedHashMap<>());
        service.setPropertyDescriptors(new LinkedHashMap<>());
        service.setScheduledState(ScheduledState.DISABLED);
        service.setBulletinLevel("WARN");
        final List<ControllerServiceAPI> apis = new ArrayList<>();
        for (final ComponentType.ServiceApi api : type.serviceApis()) {
            final ControllerServiceAPI versioned = new ControllerServiceAPI();
            versioned.setType(api.type());
            versioned.setBundle(api.bundle().toFlowBundle());
            apis.add(versioned);
        }
        service.setControllerServiceApis(apis);
        services.add(service);
        return new Service(service);
    }

    /** Connects {@code relationships} of {@code source} to {@code destination} (the same processor for a loop). */
    void connect(final Processor source, final Processor destination, final String... relationships) {
        final VersionedConnection connection = new VersionedConnection();
        connection.setIdentifier(id(path, "connection", source.name(), String.join("+", relationships), destination.name()));
        connection.setGroupIdentifier(group.getIdentifier());
        connection.setName("");
        connection.setSource(connectable(source));
        connection.setDestination(connectable(destination));
        connection.setSelectedRelationships(new LinkedHashSet<>(Arrays.asList(relationships)));
        connection.setBackPressureObjectThreshold(10_000L);
        connection.setBackPressureDataSizeThreshold("1 GB");
        connection.setFlowFileExpiration("0 sec");
        connection.setPrioritizers(new ArrayList<>());
        connection.setLoadBalanceStrategy("DO_NOT_LOAD_BALANCE");
        connection.setPartitioningAttribute("");
        connection.setLoadBalanceCompression("DO_NOT_COMPRESS");
        connection.setLabelIndex(1);
        connection.setzIndex(0L);
        final List<Position> bends = new ArrayList<>();
        if (source == destination) {
            // A loop drawn to the right of the processor, as the canvas draws one.
            final Position at = source.processor.getPosition();
            bends.add(new Position(at.getX() + 400, at.getY() + 20));
            bends.add(new Position(at.getX() + 400, at.getY() + 110));
        }
        connection.setBends(bends);
        connections.add(connection);
    }

    void label(final String text, final double column, final double row, final double widthCells) {
        final VersionedLabel label = new VersionedLabel();
        label.setIdentifier(id(path, "label", text));
        label.setGroupIdentifier(group.getIdentifier());
        label.setLabel(text);
        label.setPosition(new Position(column * CELL_WIDTH, row * CELL_HEIGHT - 60));
        label.setWidth(widthCells * CELL_WIDTH - 40);
        label.setHeight(40.0);
        label.setStyle(new LinkedHashMap<>(Map.of("font-size", "14px")));
        label.setzIndex(0L);
        labels.add(label);
    }

    VersionedProcessGroup build() {
        group.setProcessGroups(new LinkedHashSet<>(children));
        group.setProcessors(new LinkedHashSet<>(processors));
        group.setControllerServices(new LinkedHashSet<>(services));
        group.setConnections(new LinkedHashSet<>(connections));
        group.setLabels(new LinkedHashSet<>(labels));
        group.setInputPorts(new LinkedHashSet<>());
        group.setOutputPorts(new LinkedHashSet<>());
        group.setFunnels(new LinkedHashSet<>());
        group.setRemoteProcessGroups(new LinkedHashSet<>());
        return group;
    }

    private ConnectableComponent connectable(final Processor processor) {
        final ConnectableComponent component = new ConnectableComponent();
        component.setId(processor.processor.getIdentifier());
        component.setType(ConnectableComponentType.PROCESSOR);
        component.setGroupId(group.getIdentifier());
        component.setName(processor.name());
        component.setComments("");
        return component;
    }

    /** Sets a property and records its descriptor the way a NiFi download does (sensitive, service reference, dynamic). */
    private static void set(final VersionedConfigurableExtension component, final Property property, final String value) {
        component.getProperties().put(property.name(), value);
        final VersionedPropertyDescriptor descriptor = new VersionedPropertyDescriptor();
        descriptor.setName(property.name());
        descriptor.setDisplayName(property.name());
        descriptor.setSensitive(property.sensitive());
        descriptor.setIdentifiesControllerService(property.serviceReference());
        descriptor.setDynamic(property.dynamic());
        component.getPropertyDescriptors().put(property.name(), descriptor);
    }

    /** A processor being configured. */
    static final class Processor {
        private final VersionedProcessor processor;

        private Processor(final VersionedProcessor processor) {
            this.processor = processor;
        }

        String name() {
            return processor.getName();
        }

        Processor set(final Property property, final String value) {
            GroupBuilder.set(processor, property, value);
            return this;
        }

        Processor uses(final Property property, final Service service) {
            return set(property, service.id());
        }

        Processor autoTerminate(final String... relationships) {
            processor.getAutoTerminatedRelationships().addAll(Arrays.asList(relationships));
            return this;
        }

        Processor every(final String period) {
            processor.setSchedulingPeriod(period);
            return this;
        }

        Processor penalty(final String duration) {
            processor.setPenaltyDuration(duration);
            return this;
        }

        /** Left disabled after import: starting the group does not start it, an operator enables it deliberately. */
        Processor disabled() {
            processor.setScheduledState(ScheduledState.DISABLED);
            return this;
        }

        /** Runs on the primary node only: listings and schedules would otherwise run once per node. */
        Processor primaryNodeOnly() {
            processor.setExecutionNode("PRIMARY");
            return this;
        }
    }

    /** A controller service being configured. */
    static final class Service {
        private final VersionedControllerService service;

        private Service(final VersionedControllerService service) {
            this.service = service;
        }

        String id() {
            return service.getIdentifier();
        }

        Service set(final Property property, final String value) {
            GroupBuilder.set(service, property, value);
            return this;
        }

        Service uses(final Property property, final Service other) {
            return set(property, other.id());
        }
    }
}
