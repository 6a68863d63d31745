package io.datahub.model.schedule;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a schedule stands, as a scheduler keeps it between triggers and restarts: slots up to
 * {@code handledUntil} were handled (emitted or dropped as missed), for this cron in this zone. A cursor
 * for another cron or zone does not apply: the schedule changed and starts again from now.
 *
 * @param handledUntil slots at or before this instant were handled
 * @param lastSlot     the last slot emitted, or null (for operators reading the state)
 * @param zone         the time zone the cron was evaluated in
 * @param cron         the cron expression, as written
 */
public record ScheduleCursor(Instant handledUntil, Instant lastSlot, ZoneId zone, String cron) {

    private static final String HANDLED = "handledUntil=";
    private static final String LAST = "lastSlot=";
    private static final String ZONE = "zone=";
    private static final String CRON = "cron=";

    public ScheduleCursor {
        Objects.requireNonNull(handledUntil, "handledUntil");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(cron, "cron");
    }

    /** Whether this cursor was kept for the same cron (ignoring surrounding blanks) in the same zone. */
    public boolean appliesTo(String cron, ZoneId zone) {
        return this.zone.equals(zone) && this.cron.strip().equals(cron.strip());
    }

    /** {@code handledUntil=<instant>;lastSlot=<instant or empty>;zone=<zone id>;cron=<cron>}: readable in NiFi's state view. */
    public String format() {
        return HANDLED + handledUntil + ";" + LAST + (lastSlot == null ? "" : lastSlot) + ";" + ZONE + zone.getId() + ";" + CRON + cron;
    }

    /** The cursor {@link #format()} wrote; empty for anything else (a state written by another version is ignored, not fatal). */
    public static Optional<ScheduleCursor> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String[] parts = text.split(";", 4);  // the cron comes last and has no ';'
        if (parts.length != 4 || !parts[0].startsWith(HANDLED) || !parts[1].startsWith(LAST) || !parts[2].startsWith(ZONE)
                || !parts[3].startsWith(CRON)) {
            return Optional.empty();
        }
        try {
            String last = parts[1].substring(LAST.length());
            return Optional.of(new ScheduleCursor(Instant.parse(parts[0].substring(HANDLED.length())),
                    last.isEmpty() ? null : Instant.parse(last), ZoneId.of(parts[2].substring(ZONE.length())),
                    parts[3].substring(CRON.length())));
        } catch (DateTimeException e) {  // also DateTimeParseException
            return Optional.empty();
        }
    }
}
