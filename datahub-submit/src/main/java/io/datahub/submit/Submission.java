package io.datahub.submit;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.datahub.model.run.ErrorCategory;
import io.datahub.model.run.PipelineRunResult;
import java.time.Instant;
import java.util.Objects;

/**
 * One run handed to Spark, as the submitter last saw it. Immutable; {@link SparkSubmitter#poll} returns an
 * updated copy. Serializes to compact JSON ({@link #toAttributeValue()}) so it can live in a NiFi FlowFile
 * attribute across restarts; it never holds a secret.
 *
 * @param runId         the run id (also the Livy batch name)
 * @param mode          how it was submitted
 * @param externalId    the cluster manager's id: a Livy batch id, {@code "sessionId/statementId"} for a Livy
 *                      session statement, the run's folder for the launcher, or null while queued for a free session
 * @param sparkAppId    the Spark application id once known (Livy reports none in local mode)
 * @param state         where the run stands
 * @param submittedAt   when it was submitted
 * @param updatedAt     when the submitter last looked at it
 * @param errorCategory why it failed or was cancelled, or null
 * @param errorMessage  what failed, or null (never a secret)
 * @param result        the run's result as the job reported it, once final (null when the job died without one)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Submission(String runId, SubmitMode mode, String externalId, String sparkAppId, SubmissionState state,
                         Instant submittedAt, Instant updatedAt, ErrorCategory errorCategory, String errorMessage,
                         PipelineRunResult result) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public Submission {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(state, "state");
    }

    /** A new submission in state {@link SubmissionState#SUBMITTED}. */
    public static Submission submitted(String runId, SubmitMode mode, String externalId, Instant now) {
        return new Submission(runId, mode, externalId, null, SubmissionState.SUBMITTED, now, now, null, null, null);
    }

    @JsonIgnore
    public boolean isFinal() {
        return state.isFinal();
    }

    /** The same submission, not final, in {@code newState} with the given ids (a null id keeps the current one). */
    public Submission progressed(String newExternalId, String newSparkAppId, SubmissionState newState, Instant now) {
        return new Submission(runId, mode, newExternalId == null ? externalId : newExternalId,
                newSparkAppId == null ? sparkAppId : newSparkAppId, newState, submittedAt, now, errorCategory, errorMessage, result);
    }

    /** The same submission, ended. */
    public Submission ended(SubmissionState finalState, ErrorCategory category, String message, PipelineRunResult runResult,
                            Instant now) {
        return new Submission(runId, mode, externalId, sparkAppId, finalState, submittedAt, now, category, message, runResult);
    }

    /** Compact JSON, for a FlowFile attribute. */
    public String toAttributeValue() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write submission of run " + runId, e);
        }
    }

    public static Submission fromAttributeValue(String value) {
        try {
            return JSON.readValue(value, Submission.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a submission: " + e.getOriginalMessage(), e);
        }
    }
}
