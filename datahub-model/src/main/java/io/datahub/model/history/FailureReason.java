package io.datahub.model.history;

import io.datahub.model.run.ErrorCategory;

/**
 * How many pipeline run attempts failed with one error category.
 *
 * @param example the error message of the most recent of them (by start time), or null if none has one
 */
public record FailureReason(ErrorCategory category, long count, String example) {
}
