package io.datahub.model.job;

import static io.datahub.model.job.Fixtures.at;
import static io.datahub.model.job.Fixtures.cancels;
import static io.datahub.model.job.Fixtures.launch;
import static io.datahub.model.job.Fixtures.launches;
import static io.datahub.model.job.Fixtures.retry;
import static io.datahub.model.job.Fixtures.statuses;
import static io.datahub.model.job.Fixtures.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The seed job customer_master, a linear chain:
 * staging (retry, maxRetries=2) -> standardization (halt) -> service_export (continue).
 */
class SeedJobTest {

    private static final String STAGING = "customer_staging_load";
    private static final String STANDARDIZATION = "customer_standardization";
    private static final String EXPORT = "customer_service_export";

    private final RunDriver run = new RunDriver(JobGraph.of("customer_master", List.of(
            retry(STAGING, 2, Duration.ZERO),
            step(STANDARDIZATION, FailurePolicy.HALT, STAGING),
            step(EXPORT, FailurePolicy.CONTINUE, STANDARDIZATION))));

    @Test
    void everyStepSucceeds() {
        assertEquals(launches(JobStatus.RUNNING, launch(STAGING, 1)), run.begin(at(0)));
        assertEquals(launches(JobStatus.RUNNING, launch(STANDARDIZATION, 1)), run.ok(STAGING, 1, at(1)));
        assertEquals(launches(JobStatus.RUNNING, launch(EXPORT, 1)), run.ok(STANDARDIZATION, 1, at(2)));
        assertEquals(launches(JobStatus.SUCCEEDED), run.ok(EXPORT, 1, at(3)));

        assertEquals("customer_staging_load=SUCCEEDED customer_standardization=SUCCEEDED"
                + " customer_service_export=SUCCEEDED", statuses(run.run()));
        assertTrue(run.run().isFinished());
        assertEquals(Optional.of(at(3)), run.run().finishedAt());
        assertEquals(List.of(), run.run().failedSteps());
        assertEquals(3, run.run().counts().get(StepStatus.SUCCEEDED));
    }

    @Test
    void stagingSucceedsOnItsThirdAttempt() {
        run.begin(at(0));
        // retryDelay is zero, so the retry is launched by the failure event itself
        assertEquals(launches(JobStatus.RUNNING, launch(STAGING, 2)), run.fail(STAGING, 1, "db down", at(1)));
        assertEquals(StepStatus.RUNNING, run.run().stepStatus(STAGING));
        assertEquals(2, run.run().attempt(STAGING));
        assertEquals(Optional.of("db down"), run.run().failureReason(STAGING));

        assertEquals(launches(JobStatus.RUNNING, launch(STAGING, 3)), run.fail(STAGING, 2, "db still down", at(2)));
        assertEquals(launches(JobStatus.RUNNING, launch(STANDARDIZATION, 1)), run.ok(STAGING, 3, at(3)));
        assertEquals(Optional.empty(), run.run().failureReason(STAGING));
        assertEquals(3, run.run().attempt(STAGING));

        assertEquals(launches(JobStatus.RUNNING, launch(EXPORT, 1)), run.ok(STANDARDIZATION, 1, at(4)));
        assertEquals(launches(JobStatus.SUCCEEDED), run.ok(EXPORT, 1, at(5)));
        assertEquals(List.of(), run.run().failedSteps());
    }

    @Test
    void stagingExhaustsItsRetriesAndTheJobHalts() {
        run.begin(at(0));
        assertEquals(launches(JobStatus.RUNNING, launch(STAGING, 2)), run.fail(STAGING, 1, "no file", at(1)));
        assertEquals(launches(JobStatus.RUNNING, launch(STAGING, 3)), run.fail(STAGING, 2, "no file", at(2)));
        assertEquals(cancels(JobStatus.FAILED, STANDARDIZATION, EXPORT), run.fail(STAGING, 3, "still no file", at(3)));

        assertEquals("customer_staging_load=FAILED customer_standardization=CANCELLED"
                + " customer_service_export=CANCELLED", statuses(run.run()));
        assertEquals(3, run.run().attempt(STAGING));
        assertEquals(0, run.run().attempt(STANDARDIZATION));
        assertEquals(Optional.of("still no file"), run.run().failureReason(STAGING));
        assertEquals(List.of(STAGING), run.run().failedSteps());
        assertTrue(run.run().isFinished());
    }

    @Test
    void standardizationFailureHaltsTheJob() {
        run.begin(at(0));
        run.ok(STAGING, 1, at(1));
        assertEquals(cancels(JobStatus.FAILED, EXPORT), run.fail(STANDARDIZATION, 1, "bad rows", at(2)));
        assertEquals("customer_staging_load=SUCCEEDED customer_standardization=FAILED"
                + " customer_service_export=CANCELLED", statuses(run.run()));
        assertEquals(Optional.of(at(2)), run.run().finishedAt());
    }

    @Test
    void exportFailureIsToleratedAndTheJobSucceeds() {
        run.begin(at(0));
        run.ok(STAGING, 1, at(1));
        run.ok(STANDARDIZATION, 1, at(2));
        assertEquals(launches(JobStatus.SUCCEEDED), run.fail(EXPORT, 1, "endpoint 503", at(3)));

        assertEquals("customer_staging_load=SUCCEEDED customer_standardization=SUCCEEDED"
                + " customer_service_export=FAILED", statuses(run.run()));
        assertEquals(List.of(EXPORT), run.run().failedSteps());
        assertEquals(Map.of(StepStatus.PENDING, 0, StepStatus.RUNNING, 0, StepStatus.WAITING_RETRY, 0,
                StepStatus.SUCCEEDED, 2, StepStatus.FAILED, 1, StepStatus.SKIPPED, 0, StepStatus.CANCELLED, 0),
                run.run().counts());
    }

    @Test
    void nothingIsLaunchedBeforeBegin() {
        assertEquals("customer_staging_load=PENDING customer_standardization=PENDING"
                + " customer_service_export=PENDING", statuses(run.run()));
        assertEquals(JobStatus.RUNNING, run.run().status());
        assertFalse(run.run().isFinished());
        assertEquals(0, run.run().attempt(STAGING));
    }
}
