package io.datahub.model.history;

import java.time.LocalDate;

/**
 * Pipeline run attempts of one application on one UTC day (by start time).
 *
 * @param runs        attempts started that day, any status
 * @param succeeded   of which SUCCEEDED
 * @param failed      of which FAILED
 * @param slaBreached of which with SLA status BREACHED
 */
public record DailySummary(LocalDate day, String app, long runs, long succeeded, long failed, long slaBreached) {
}
