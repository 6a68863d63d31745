package io.datahub.model.notify;

import java.util.Arrays;
import java.util.stream.Collectors;

/** When a {@code <notifications>} entry fires: its {@code on} attribute. */
public enum NotifyEvent {
    /** The job ended FAILED. */
    FAILURE("failure"),
    /** The job ended SUCCEEDED. */
    SUCCESS("success"),
    /** The job ended, whatever its outcome (SUCCEEDED, FAILED or CANCELLED). */
    COMPLETION("completion"),
    /** The job run did not finish within its SLA (raised once per run, also for a run that never started). */
    SLA_BREACH("slaBreach");

    private final String xmlValue;

    NotifyEvent(String xmlValue) {
        this.xmlValue = xmlValue;
    }

    /** The value as written in XML, e.g. {@code slaBreach}. */
    public String xmlValue() {
        return xmlValue;
    }

    public static NotifyEvent fromXml(String value) {
        for (NotifyEvent event : values()) {
            if (event.xmlValue.equals(value)) {
                return event;
            }
        }
        throw new IllegalArgumentException("on '" + value + "' is not one of "
                + Arrays.stream(values()).map(NotifyEvent::xmlValue).collect(Collectors.joining(", ")));
    }
}
