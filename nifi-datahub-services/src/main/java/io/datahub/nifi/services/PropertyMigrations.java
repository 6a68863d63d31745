package io.datahub.nifi.services;

import java.util.Map;
import org.apache.nifi.migration.PropertyConfiguration;

/**
 * Property names are stable API: flows (flow.json, versioned and exported flow definitions) store them. A component that
 * renames a property keeps the former name in its table of renames for good, and its {@code migrateProperties} applies
 * the table when NiFi loads or imports a flow (docs/nifi-development.md). Shared by the processors and the services.
 */
public final class PropertyMigrations {

    private PropertyMigrations() {
    }

    /**
     * Renames each former property name present in the configuration to its current name. When both are present, the
     * current name was set on purpose and wins: the former one is removed.
     *
     * @param renamed former name -> current name
     */
    public static void rename(final PropertyConfiguration config, final Map<String, String> renamed) {
        renamed.forEach((former, current) -> {
            if (!config.hasProperty(former)) {
                return;
            }
            if (config.isPropertySet(current)) {
                config.removeProperty(former);
            } else {
                config.renameProperty(former, current);
            }
        });
    }
}
