package io.datahub.model.config;

/** What a definition file in the config tree holds, decided by its folder. */
public enum DefinitionKind {
    PIPELINE("pipelines", "pipeline"),
    JOB("jobs", "jobPipeline"),
    LOOKUP("lookups", "lookup");

    private final String folder;
    private final String rootElement;

    DefinitionKind(String folder, String rootElement) {
        this.folder = folder;
        this.rootElement = rootElement;
    }

    public String folder() {
        return folder;
    }

    /** The root element a file in this folder must have. */
    public String rootElement() {
        return rootElement;
    }
}
