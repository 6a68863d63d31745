package io.datahub.model.history;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * Runs of one application (or of all, {@code app} null) by SLA outcome.
 *
 * @param unknown runs with status UNKNOWN or none: no SLA, or still within it
 */
public record SlaCompliance(String app, long met, long breached, long unknown) {

    /**
     * MET / (MET + BREACHED) in percent, to one decimal (half up), or null when no run has an outcome.
     * Runs without an outcome do not count either way.
     */
    public BigDecimal percent() {
        long decided = met + breached;
        if (decided == 0) {
            return null;
        }
        return BigDecimal.valueOf(100L * met).divide(BigDecimal.valueOf(decided), 1, RoundingMode.HALF_UP);
    }

    /** The sum over several applications, with a null app. */
    public static SlaCompliance total(List<SlaCompliance> rows) {
        return new SlaCompliance(null, rows.stream().mapToLong(SlaCompliance::met).sum(),
                rows.stream().mapToLong(SlaCompliance::breached).sum(), rows.stream().mapToLong(SlaCompliance::unknown).sum());
    }
}
