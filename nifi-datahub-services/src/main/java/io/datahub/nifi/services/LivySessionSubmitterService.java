package io.datahub.nifi.services;

import io.datahub.submit.SparkSubmitter;
import io.datahub.submit.livy.LivySessionSubmitter;
import io.datahub.submit.livy.LivySettings;
import io.datahub.submit.livy.SessionPoolSettings;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.nifi.annotation.behavior.DynamicProperties;
import org.apache.nifi.annotation.behavior.DynamicProperty;
import org.apache.nifi.annotation.behavior.SupportsSensitiveDynamicProperties;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.controller.ConfigurationContext;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.processor.util.StandardValidators;

/**
 * Pipeline runs as statements on a pool of warm, shared Livy sessions, through {@code datahub-submit}'s
 * {@link LivySessionSubmitter}. The pool lives in the submitter: it is created on enable and closed on disable.
 */
@Tags({"datahub", "spark", "livy", "session", "submit"})
@CapabilityDescription("Runs each Data Hub pipeline run as a statement on a pool of warm Apache Livy sessions (kind spark, the"
        + " job jar in jars): a session starts once, then each run takes well under a second to start. For many small runs."
        + " Runs on one session share its SparkContext, configuration, secrets and jars; each session runs one run at a time,"
        + " further runs wait in a queue. Idle sessions of the pool are deleted when the service is disabled.")
@SeeAlso({LivyBatchSubmitterService.class})
@SupportsSensitiveDynamicProperties
@DynamicProperties({
    @DynamicProperty(name = "spark.<key>", value = "a Spark configuration value",
            description = "Spark configuration of every session of the pool, e.g. spark.sql.shuffle.partitions = 8.",
            expressionLanguageScope = ExpressionLanguageScope.ENVIRONMENT),
    @DynamicProperty(name = "secret.<name>", value = "the secret's value (sensitive)",
            description = "A secret the pipelines reference by name (userSecretRef, secretRef); sent to Spark as the redacted"
                    + " configuration spark.datahub.secret.<name> of each session.",
            expressionLanguageScope = ExpressionLanguageScope.NONE)
})
public class LivySessionSubmitterService extends AbstractLivySubmitterService {

    public static final PropertyDescriptor SESSION_POOL_SIZE = new PropertyDescriptor.Builder()
            .name("Session Pool Size")
            .description("The most Livy sessions open at once. Each session runs one run at a time; more runs wait in a queue.")
            .required(true)
            .defaultValue("2")
            .addValidator(StandardValidators.POSITIVE_INTEGER_VALIDATOR)
            .build();

    public static final PropertyDescriptor SESSION_IDLE_TIMEOUT = new PropertyDescriptor.Builder()
            .name("Session Idle Timeout")
            .description("A pooled session without a run for this long is deleted; the pool starts a new one when needed.")
            .required(true)
            .defaultValue("10 min")
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    public static final PropertyDescriptor SESSION_NAME_PREFIX = new PropertyDescriptor.Builder()
            .name("Session Name Prefix")
            .description("Sessions are named <prefix>-<n>. Give each service that shares one Livy its own prefix.")
            .required(true)
            .defaultValue(SessionPoolSettings.DEFAULT_NAME_PREFIX)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    private static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = Stream.concat(LIVY_PROPERTIES.stream(),
            Stream.of(SESSION_POOL_SIZE, SESSION_IDLE_TIMEOUT, SESSION_NAME_PREFIX)).toList();

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    @Override
    String verifyPath() {
        return "/sessions";
    }

    @Override
    SparkSubmitter createSubmitter(final ConfigurationContext context, final LivySettings settings) {
        final SessionPoolSettings pool = new SessionPoolSettings(context.getProperty(SESSION_POOL_SIZE).asInteger(),
                Duration.ofMillis(context.getProperty(SESSION_IDLE_TIMEOUT).asTimePeriod(TimeUnit.MILLISECONDS)),
                context.getProperty(SESSION_NAME_PREFIX).getValue().strip(), null);
        return new LivySessionSubmitter(settings, pool);
    }
}
