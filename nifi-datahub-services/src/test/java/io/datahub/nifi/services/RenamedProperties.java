package io.datahub.nifi.services;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.nifi.components.ConfigurableComponent;
import org.apache.nifi.components.PropertyDescriptor;

/** The check a component's table of renamed properties must pass; shared by the services' and the processors' tests. */
public final class RenamedProperties {

    private RenamedProperties() {
    }

    /** Every rename leads from a name the component no longer has to one it has. */
    public static void assertLeadToCurrentProperties(ConfigurableComponent component, Map<String, String> renamed) {
        Set<String> current = component.getPropertyDescriptors().stream().map(PropertyDescriptor::getName).collect(Collectors.toSet());
        renamed.forEach((former, now) -> {
            assertTrue(current.contains(now), component.getClass().getSimpleName() + ": " + now + " is not a property");
            assertFalse(current.contains(former), component.getClass().getSimpleName() + ": " + former + " is still a property");
        });
    }
}
