package io.datahub.model.config;

import java.util.Arrays;
import java.util.Optional;

/** The three layers every application keeps its configuration, schemas and data in. */
public enum Layer {
    STAGING("staging"),
    STANDARDIZATION("standardization"),
    SERVICE("service");

    private final String folder;

    Layer(String folder) {
        this.folder = folder;
    }

    /** The folder name, which is also the value of the {@code layer} attribute. */
    public String folder() {
        return folder;
    }

    public static Optional<Layer> fromFolder(String name) {
        return Arrays.stream(values()).filter(l -> l.folder.equals(name)).findFirst();
    }

    @Override
    public String toString() {
        return folder;
    }
}
