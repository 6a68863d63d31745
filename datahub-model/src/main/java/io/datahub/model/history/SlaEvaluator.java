package io.datahub.model.history;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The SLA rule: a run must end within {@code sla} (an ISO-8601 duration) of the moment it is measured
 * from (its schedule or submission time, chosen by the caller).
 */
public final class SlaEvaluator {

    private SlaEvaluator() {
    }

    /**
     * @param sla          ISO-8601 duration such as {@code PT2H}, or null
     * @param measuredFrom when the clock started; null gives UNKNOWN
     * @param endedAt      when the run ended, or null while it runs
     * @param now          the current time, used only for unfinished runs
     * @return MET or BREACHED for a finished run; BREACHED for an unfinished run already past its SLA
     *         (no need to wait for the end to know); UNKNOWN otherwise, and for a missing, unparsable or
     *         negative SLA
     */
    public static SlaStatus evaluate(String sla, Instant measuredFrom, Instant endedAt, Instant now) {
        Duration limit = parse(sla);
        if (limit == null || measuredFrom == null) {
            return SlaStatus.UNKNOWN;
        }
        if (endedAt != null) {
            return Duration.between(measuredFrom, endedAt).compareTo(limit) <= 0 ? SlaStatus.MET : SlaStatus.BREACHED;
        }
        if (now != null && Duration.between(measuredFrom, now).compareTo(limit) > 0) {
            return SlaStatus.BREACHED;
        }
        return SlaStatus.UNKNOWN;
    }

    private static Duration parse(String sla) {
        if (sla == null || sla.isBlank()) {
            return null;
        }
        try {
            Duration d = Duration.parse(sla.strip());
            // A negative limit is a typo, not a rule every run breaks.
            return d.isNegative() ? null : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
