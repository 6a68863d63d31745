package io.datahub.flows.catalog;

import org.apache.nifi.flow.Bundle;

/** A NAR's coordinates: NiFi finds a component by its class name in the bundle with these coordinates. */
public record BundleCoordinate(String group, String artifact, String version) {

    public Bundle toFlowBundle() {
        return new Bundle(group, artifact, version);
    }

    @Override
    public String toString() {
        return group + ":" + artifact + ":" + version;
    }
}
