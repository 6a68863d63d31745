package io.datahub.nifi.services;

import io.datahub.submit.SparkSubmitter;
import java.util.List;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.controller.ControllerService;
import org.apache.nifi.logging.ComponentLog;

/**
 * Hands pipeline runs to Spark (Livy batch, Livy session, spark-launcher) so that processors never hold a client.
 * The submitter is created when the service is enabled and closed when it is disabled.
 */
public interface SparkSubmitterService extends ControllerService {

    /**
     * The submitter of this service; thread-safe, shared by all callers.
     *
     * @throws IllegalStateException when the service is not enabled
     */
    SparkSubmitter submitter();

    /**
     * Whether runs can be submitted with the settings this service was enabled with: Livy answers, or the Spark
     * installation, Java and the job jar are where the settings say. For a processor's verification (SparkPipelineSubmit);
     * the service's own verification checks a configuration before it is enabled. Never submits anything.
     *
     * @return one result per step checked; a single FAILED result when the service is not enabled
     */
    List<ConfigVerificationResult> verifySubmitter(ComponentLog verificationLogger);
}
