package io.datahub.model.job;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a job does when one of its pipelineRefs fails: the {@code onFailure} attribute. */
public enum FailurePolicy {
    /** Run the step again, up to {@code maxRetries} more times, then behave as {@link #HALT}. */
    RETRY,
    /** Stop scheduling; the job fails. */
    HALT,
    /** Skip every step that depends on the failed one; independent branches keep running. */
    SKIP,
    /** Tolerate the failure: dependents still run. */
    CONTINUE,
    /** Run the {@code fallback} pipeline instead; if that fails too, behave as {@link #HALT}. */
    FALLBACK;

    /** The value as written in XML, e.g. {@code retry}. */
    public String xmlValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the XML value; only the lowercase spellings of the schema are accepted. */
    public static FailurePolicy fromXml(String value) {
        for (FailurePolicy policy : values()) {
            if (policy.xmlValue().equals(value)) {
                return policy;
            }
        }
        throw new IllegalArgumentException("onFailure '" + value + "' is not one of "
                + Arrays.stream(values()).map(FailurePolicy::xmlValue).collect(Collectors.joining(", ")));
    }
}
