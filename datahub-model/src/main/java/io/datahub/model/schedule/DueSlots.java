package io.datahub.model.schedule;

import java.time.ZonedDateTime;
import java.util.List;

/**
 * The answer of {@link CronSchedule#due}.
 *
 * @param emit         the slots to emit now, oldest first, each once
 * @param oldestMissed the oldest missed slot, or null when none was missed
 * @param latestMissed the most recent missed slot (emitted under {@link MissedSlots#CATCH_UP_ONCE}), or null
 */
public record DueSlots(List<ZonedDateTime> emit, ZonedDateTime oldestMissed, ZonedDateTime latestMissed) {

    public static final DueSlots NONE = new DueSlots(List.of(), null, null);

    public DueSlots {
        emit = List.copyOf(emit);
    }

    public boolean missedAny() {
        return latestMissed != null;
    }
}
