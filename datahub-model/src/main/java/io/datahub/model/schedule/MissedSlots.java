package io.datahub.model.schedule;

/** What happens to slots that passed while nobody could emit them (see {@link CronSchedule#due}). */
public enum MissedSlots {
    /** Emit the most recent missed slot, once; older missed slots are dropped. */
    CATCH_UP_ONCE,
    /** Emit none of the missed slots; wait for the next one. */
    SKIP
}
