package io.datahub.flows.catalog;

/**
 * A property of a component as the flow definition needs to know it: its name (the key NiFi 2 stores values under),
 * whether it is sensitive (only a sensitive parameter may fill it) and whether its value is a controller service id.
 */
public record Property(String name, boolean sensitive, boolean serviceReference, boolean dynamic) {

    static Property of(final String name) {
        return new Property(name, false, false, false);
    }

    static Property sensitive(final String name) {
        return new Property(name, true, false, false);
    }

    static Property service(final String name) {
        return new Property(name, false, true, false);
    }

    /** A user-defined property (a RouteOnAttribute route, a submitter's {@code secret.<name>}). */
    public static Property dynamic(final String name, final boolean sensitive) {
        return new Property(name, sensitive, false, true);
    }
}
