package io.datahub.flows.catalog;

import java.util.List;

/**
 * A processor or controller service type as a flow definition names it: class name and bundle, and for a service the
 * APIs it provides (listed in the flow so NiFi can match references to it).
 */
public record ComponentType(String type, BundleCoordinate bundle, Kind kind, List<ServiceApi> serviceApis) {

    public enum Kind { PROCESSOR, CONTROLLER_SERVICE }

    /** A controller service interface and the bundle that defines it. */
    public record ServiceApi(String type, BundleCoordinate bundle) {
    }

    public ComponentType {
        serviceApis = List.copyOf(serviceApis);
    }

    static ComponentType processor(final String type, final BundleCoordinate bundle) {
        return new ComponentType(type, bundle, Kind.PROCESSOR, List.of());
    }

    static ComponentType service(final String type, final BundleCoordinate bundle, final ServiceApi... apis) {
        return new ComponentType(type, bundle, Kind.CONTROLLER_SERVICE, List.of(apis));
    }

    /** The simple class name, for messages. */
    public String simpleName() {
        return type.substring(type.lastIndexOf('.') + 1);
    }
}
