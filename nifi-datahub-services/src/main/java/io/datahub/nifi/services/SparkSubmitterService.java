package io.datahub.nifi.services;

import io.datahub.submit.SparkSubmitter;
import org.apache.nifi.controller.ControllerService;

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
}
