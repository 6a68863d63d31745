package io.datahub.nifi.services;

import io.datahub.submit.SparkSubmitter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.nifi.annotation.lifecycle.OnDisabled;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.Validator;
import org.apache.nifi.controller.AbstractControllerService;
import org.apache.nifi.controller.ConfigurationContext;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.migration.PropertyConfiguration;

/**
 * What every Spark submitter service shares: the submitter's lifecycle (created on enable by the
 * subclass, closed on disable) and the dynamic properties {@code spark.*} (Spark configuration) and
 * sensitive {@code secret.<name>} (the pipelines' secretRefs).
 */
abstract class AbstractSparkSubmitterService extends AbstractControllerService implements SparkSubmitterService {

    static final String SPARK_CONF_PREFIX = "spark.";
    static final String SECRET_PREFIX = "secret.";
    /** How secrets reach the job ({@code io.datahub.spark.api.RunContext.SECRET_PREFIX}); not settable as spark.* directly. */
    static final String SECRET_CONF_PREFIX = io.datahub.model.run.RunRequest.SECRET_CONF_PREFIX;

    private volatile SparkSubmitter submitter;

    /** The dynamic properties as read from the configuration. */
    record DynamicSettings(Map<String, String> sparkConf, Map<String, String> secrets) {
    }

    /** Called by the subclass's {@code @OnEnabled} with the submitter it built. */
    protected void started(final SparkSubmitter created) {
        submitter = created;
    }

    @OnDisabled
    public void onDisabled() {
        final SparkSubmitter current = submitter;
        submitter = null;
        if (current != null) {
            current.close();
        }
    }

    @Override
    public SparkSubmitter submitter() {
        final SparkSubmitter current = submitter;
        if (current == null) {
            throw new IllegalStateException("Spark submitter service " + getIdentifier() + " is not enabled");
        }
        return current;
    }

    /** Former property name -> current name of this service (never remove an entry); see {@link PropertyMigrations}. */
    Map<String, String> renamedProperties() {
        return Map.of();
    }

    @Override
    public void migrateProperties(final PropertyConfiguration config) {
        // Dynamic spark.* and secret.* properties are the user's names: never renamed.
        PropertyMigrations.rename(config, renamedProperties());
    }

    /** Checks with the enabled settings; called only while the service is enabled. */
    abstract List<ConfigVerificationResult> verifyEnabled(ComponentLog verificationLogger);

    /** The step a service that is not enabled fails in. */
    abstract String verifyStepName();

    @Override
    public List<ConfigVerificationResult> verifySubmitter(final ComponentLog verificationLogger) {
        if (submitter == null) {
            return List.of(verification(verifyStepName(), Outcome.FAILED,
                    "Spark submitter service " + getIdentifier() + " is not enabled"));
        }
        final List<ConfigVerificationResult> results = verifyEnabled(verificationLogger);
        for (final ConfigVerificationResult r : results) {
            if (r.getOutcome() == Outcome.FAILED) {
                verificationLogger.warn("{}: {}", r.getVerificationStepName(), r.getExplanation());
            }
        }
        return results;
    }

    static ConfigVerificationResult verification(final String step, final Outcome outcome, final String explanation) {
        return new ConfigVerificationResult.Builder()
                .verificationStepName(step)
                .outcome(outcome)
                .explanation(explanation)
                .build();
    }

    /** How the subclass passes Spark configuration and secrets on, for the dynamic properties' descriptions. */
    abstract String confDescription();

    abstract String secretsDescription();

    @Override
    protected PropertyDescriptor getSupportedDynamicPropertyDescriptor(final String propertyDescriptorName) {
        if (propertyDescriptorName.startsWith(SECRET_PREFIX)) {
            final String name = propertyDescriptorName.substring(SECRET_PREFIX.length());
            return new PropertyDescriptor.Builder()
                    .name(propertyDescriptorName)
                    .description("The secret '" + name + "' (a userSecretRef or secretRef of the pipelines), " + secretsDescription()
                            + " as redacted configuration " + SECRET_CONF_PREFIX + name + ".")
                    .dynamic(true)
                    .sensitive(true)
                    .addValidator(new SecretNameValidator())
                    .build();
        }
        return new PropertyDescriptor.Builder()
                .name(propertyDescriptorName)
                .description(confDescription())
                .dynamic(true)
                .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
                .addValidator(new SparkConfNameValidator())
                .build();
    }

    /** Dynamic {@code spark.*} properties are Spark configuration, {@code secret.*} ones secrets. */
    static DynamicSettings dynamicSettings(final ConfigurationContext context) {
        final Map<String, String> sparkConf = new LinkedHashMap<>();
        final Map<String, String> secrets = new LinkedHashMap<>();
        for (final PropertyDescriptor descriptor : context.getProperties().keySet()) {
            // No supported property starts with these prefixes: such a name is always a dynamic property.
            final String name = descriptor.getName();
            if (name.startsWith(SECRET_PREFIX)) {
                secrets.put(name.substring(SECRET_PREFIX.length()), context.getProperty(descriptor).getValue());
            } else if (name.startsWith(SPARK_CONF_PREFIX)) {
                sparkConf.put(name, context.getProperty(descriptor).evaluateAttributeExpressions().getValue());
            }
        }
        return new DynamicSettings(sparkConf, secrets);
    }

    /** {@code secret.<name>}: the name is what pipelines reference in userSecretRef/secretRef. */
    static final class SecretNameValidator implements Validator {
        @Override
        public ValidationResult validate(final String subject, final String input, final ValidationContext context) {
            final String name = subject.substring(SECRET_PREFIX.length());
            final boolean validName = name.matches("[A-Za-z0-9_.\\-]+");
            final boolean hasValue = input != null && !input.isEmpty();
            return new ValidationResult.Builder().subject(subject).input("********").valid(validName && hasValue)
                    .explanation(!validName ? "a secret name after 'secret.' is letters, digits, '_', '.' or '-'" : "the secret has no value")
                    .build();
        }
    }

    /** Only {@code spark.*} configuration (and {@code secret.*}, handled above) may be added. */
    static final class SparkConfNameValidator implements Validator {
        @Override
        public ValidationResult validate(final String subject, final String input, final ValidationContext context) {
            final String explanation;
            if (!subject.startsWith(SPARK_CONF_PREFIX)) {
                explanation = "only Spark configuration (spark.*) and secrets (secret.<name>) can be added as properties";
            } else if (subject.startsWith(SECRET_CONF_PREFIX)) {
                explanation = "secrets are added as secret.<name> (sensitive), not as " + SECRET_CONF_PREFIX + "<name>";
            } else if (input == null || input.isBlank()) {
                explanation = "a Spark configuration value is required";
            } else {
                explanation = null;
            }
            return new ValidationResult.Builder().subject(subject).input(input).valid(explanation == null)
                    .explanation(explanation == null ? "Spark configuration" : explanation).build();
        }
    }
}
