package io.datahub.nifi.services;

import io.datahub.model.run.RunRequest;
import io.datahub.model.validation.ValidatedConfig;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.controller.ControllerService;
import org.apache.nifi.logging.ComponentLog;

/**
 * Serves the pipeline, job and lookup definitions of one config tree, validated, to the processors
 * (XmlPipelineLoader, JobPipelineRunner). The definitions are read and checked by {@code datahub-model};
 * this service only keeps the result current.
 */
public interface PipelineRegistry extends ControllerService {

    /** The validated config tree as of the last (re)load; reloaded when files changed (see the implementation). */
    ValidatedConfig config();

    /**
     * A self-contained run request for one pipeline of the tree, with the registry's data root.
     *
     * @param jobRunId   the job run the pipeline belongs to, or null
     * @param parameters parameter values by name (those the pipeline does not declare are ignored)
     * @throws IllegalArgumentException for an unknown pipeline, a pipeline with validation errors, or bad parameter values
     */
    RunRequest resolve(String app, String pipelineId, String runId, int attempt, String jobRunId, LocalDate runDate,
                       Map<String, String> parameters);

    /** The data root the requests this registry resolves carry: relative paths resolve under it. */
    String dataRoot();

    /**
     * The definitions as the enabled registry serves them now (reloaded first if files changed): one SUCCESSFUL result,
     * or a FAILED summary followed by one FAILED result per error ({@code path:line:column: message}). For a processor's
     * verification (XmlPipelineLoader).
     */
    List<ConfigVerificationResult> verifyDefinitions(ComponentLog verificationLogger);
}
