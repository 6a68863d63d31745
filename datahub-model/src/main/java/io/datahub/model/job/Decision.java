package io.datahub.model.job;

import java.util.List;
import java.util.Objects;

/**
 * What the caller must do after an event, and what changed. Lists are in document order.
 *
 * @param launches       pipeline runs to start now
 * @param newlySkipped   steps that became SKIPPED with this event
 * @param newlyCancelled steps that became CANCELLED with this event
 * @param ignored        true when the event was a duplicate or stale and changed nothing
 * @param status         the job status after the event
 */
public record Decision(List<LaunchRequest> launches, List<String> newlySkipped, List<String> newlyCancelled,
                       boolean ignored, JobStatus status) {

    public Decision {
        launches = List.copyOf(launches);
        newlySkipped = List.copyOf(newlySkipped);
        newlyCancelled = List.copyOf(newlyCancelled);
        Objects.requireNonNull(status, "status");
    }
}
