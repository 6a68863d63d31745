package io.datahub.nifi.services;

import io.datahub.submit.SparkSubmitter;
import io.datahub.submit.SubmitException;
import io.datahub.submit.livy.LivyAuth;
import io.datahub.submit.livy.LivyClient;
import io.datahub.submit.livy.LivySettings;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.nifi.annotation.lifecycle.OnEnabled;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.components.DescribedValue;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.Validator;
import org.apache.nifi.controller.ConfigurationContext;
import org.apache.nifi.controller.VerifiableControllerService;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.ssl.SSLContextProvider;

/**
 * What the Livy batch and Livy session services share: the properties that make {@code datahub-submit}'s
 * {@link LivySettings}, the submitter's lifecycle (created on enable, closed on disable) and the verification.
 */
abstract class AbstractLivySubmitterService extends AbstractSparkSubmitterService implements VerifiableControllerService {

    /** How to authenticate to Livy. */
    enum Authentication implements DescribedValue {
        NONE("None", "No authentication (Livy on a trusted network)."),
        BASIC("Basic", "HTTP basic authentication with Username and Password (Livy behind an LDAP filter or a gateway such as Knox)."),
        SPNEGO("SPNEGO", "Kerberos SPNEGO with the Kerberos login of NiFi's JVM (a JAAS configuration with a keytab for"
                + " com.sun.security.jgss.krb5.initiate, and krb5.conf); see the additional details.");

        private final String displayName;
        private final String description;

        Authentication(String displayName, String description) {
            this.displayName = displayName;
            this.description = description;
        }

        @Override
        public String getValue() {
            return name();
        }

        @Override
        public String getDisplayName() {
            return displayName;
        }

        @Override
        public String getDescription() {
            return description;
        }
    }

    private static final Validator SPARK_MEMORY_VALIDATOR = StandardValidators.createRegexMatchingValidator(
            java.util.regex.Pattern.compile("(?i)\\d+[kmgtp]?b?"), false, "a Spark memory size such as 512m or 4g");

    public static final PropertyDescriptor LIVY_URL = new PropertyDescriptor.Builder()
            .name("Livy URL")
            .description("Livy's base URL, e.g. http://livy.example.com:8998, or a gateway path such as"
                    + " https://knox.example.com/gateway/default/livy/v1 (the path is kept).")
            .required(true)
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(StandardValidators.URL_VALIDATOR)
            .build();

    public static final PropertyDescriptor SSL_CONTEXT_SERVICE = new PropertyDescriptor.Builder()
            .name("SSL Context Service")
            .description("TLS for an https Livy URL with a private CA or client certificates; without it the JDK's default"
                    + " trust store is used.")
            .required(false)
            .identifiesControllerService(SSLContextProvider.class)
            .build();

    public static final PropertyDescriptor AUTHENTICATION = new PropertyDescriptor.Builder()
            .name("Authentication")
            .description("How to authenticate to Livy.")
            .required(true)
            .allowableValues(Authentication.class)
            .defaultValue(Authentication.NONE)
            .build();

    public static final PropertyDescriptor USERNAME = new PropertyDescriptor.Builder()
            .name("Username")
            .description("The user of HTTP basic authentication.")
            .required(true)
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .dependsOn(AUTHENTICATION, Authentication.BASIC)
            .build();

    public static final PropertyDescriptor PASSWORD = new PropertyDescriptor.Builder()
            .name("Password")
            .description("The password of HTTP basic authentication.")
            .required(true)
            .sensitive(true)
            .addValidator(StandardValidators.NON_EMPTY_VALIDATOR)
            .dependsOn(AUTHENTICATION, Authentication.BASIC)
            .build();

    public static final PropertyDescriptor SERVICE_PRINCIPAL = new PropertyDescriptor.Builder()
            .name("Service Principal")
            .description("Livy's Kerberos service principal, HTTP/livy.example.com@REALM or HTTP@livy.example.com;"
                    + " empty for HTTP@<host of the Livy URL>.")
            .required(false)
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .dependsOn(AUTHENTICATION, Authentication.SPNEGO)
            .build();

    public static final PropertyDescriptor JOB_JAR = new PropertyDescriptor.Builder()
            .name("Job Jar")
            .description("The Data Hub Spark job jar as Livy's cluster sees it: hdfs:///..., s3a://..., or a local path listed"
                    + " in Livy's livy.file.local-dir-whitelist.")
            .required(true)
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor DRIVER_MEMORY = new PropertyDescriptor.Builder()
            .name("Driver Memory")
            .description("Memory of the Spark driver, e.g. 2g; empty for Livy's default.")
            .required(false)
            .addValidator(SPARK_MEMORY_VALIDATOR)
            .build();

    public static final PropertyDescriptor EXECUTOR_MEMORY = new PropertyDescriptor.Builder()
            .name("Executor Memory")
            .description("Memory of each Spark executor, e.g. 4g; empty for Livy's default.")
            .required(false)
            .addValidator(SPARK_MEMORY_VALIDATOR)
            .build();

    public static final PropertyDescriptor EXECUTOR_CORES = new PropertyDescriptor.Builder()
            .name("Executor Cores")
            .description("Cores of each Spark executor; empty for Livy's default.")
            .required(false)
            .addValidator(StandardValidators.POSITIVE_INTEGER_VALIDATOR)
            .build();

    public static final PropertyDescriptor NUM_EXECUTORS = new PropertyDescriptor.Builder()
            .name("Number of Executors")
            .description("Number of Spark executors; empty for Livy's default.")
            .required(false)
            .addValidator(StandardValidators.POSITIVE_INTEGER_VALIDATOR)
            .build();

    public static final PropertyDescriptor QUEUE = new PropertyDescriptor.Builder()
            .name("Queue")
            .description("The YARN queue; empty for the default queue.")
            .required(false)
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor PROXY_USER = new PropertyDescriptor.Builder()
            .name("Proxy User")
            .description("The user Livy runs the Spark application as (impersonation); empty for Livy's own user.")
            .required(false)
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor REQUEST_TIMEOUT = new PropertyDescriptor.Builder()
            .name("Request Timeout")
            .description("Connect and request timeout of every call to Livy. A call that times out is retried later by the"
                    + " processor; a submission whose answer was lost is found again by its run id, never started twice.")
            .required(true)
            .defaultValue("30 sec")
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    static final List<PropertyDescriptor> LIVY_PROPERTIES = List.of(LIVY_URL, SSL_CONTEXT_SERVICE, AUTHENTICATION, USERNAME, PASSWORD,
            SERVICE_PRINCIPAL, JOB_JAR, DRIVER_MEMORY, EXECUTOR_MEMORY, EXECUTOR_CORES, NUM_EXECUTORS, QUEUE, PROXY_USER, REQUEST_TIMEOUT);

    static final String VERIFY_STEP = "Livy connection";

    /** The settings of the enabled service, for {@link #verifySubmitter}. */
    private volatile LivySettings enabledSettings;

    /** The Livy path whose listing proves the connection ({@code /batches} or {@code /sessions}). */
    abstract String verifyPath();

    /** The submitter for these settings. */
    abstract SparkSubmitter createSubmitter(ConfigurationContext context, LivySettings settings);

    @Override
    String confDescription() {
        return "Spark configuration sent with every batch or session.";
    }

    @Override
    String secretsDescription() {
        return "sent to Spark";
    }

    @Override
    protected Collection<ValidationResult> customValidate(final ValidationContext context) {
        final List<ValidationResult> results = new ArrayList<>();
        final String url = context.getProperty(LIVY_URL).evaluateAttributeExpressions().getValue();
        if (url != null && !url.startsWith("http://") && !url.startsWith("https://")) {
            results.add(new ValidationResult.Builder().subject(LIVY_URL.getName()).input(url).valid(false)
                    .explanation("Livy URL must be http or https").build());
        }
        return results;
    }

    @OnEnabled
    public void onEnabled(final ConfigurationContext context) {
        final LivySettings settings = settings(context);
        enabledSettings = settings;
        started(createSubmitter(context, settings));
        getLogger().info("Submitting to {}", settings);  // LivySettings.toString() shows secret names only
    }

    @Override
    public List<ConfigVerificationResult> verify(final ConfigurationContext context, final ComponentLog verificationLogger,
                                                 final Map<String, String> variables) {
        final LivySettings settings;
        try {
            settings = settings(context);
        } catch (IllegalArgumentException e) {
            verificationLogger.warn("Livy settings are not valid: {}", e.getMessage());
            return List.of(verification(VERIFY_STEP, Outcome.FAILED, e.getMessage()));
        }
        final ConfigVerificationResult result = checkConnection(settings);
        if (result.getOutcome() == Outcome.FAILED) {
            verificationLogger.warn("Cannot reach Livy: {}", result.getExplanation());
        }
        return List.of(result);
    }

    @Override
    List<ConfigVerificationResult> verifyEnabled(final ComponentLog verificationLogger) {
        return List.of(checkConnection(enabledSettings));
    }

    @Override
    String verifyStepName() {
        return VERIFY_STEP;
    }

    /** Livy answers the listing of its batches or sessions with these settings (URL, TLS, authentication). */
    private ConfigVerificationResult checkConnection(final LivySettings settings) {
        final String path = verifyPath();
        try {
            final LivyClient.Response response = new LivyClient(settings).get(path);
            if (!response.ok()) {
                return verification(VERIFY_STEP, Outcome.FAILED, "Livy answered GET " + path + " with " + response);
            }
            final String total = response.json() == null ? "?" : response.json().path("total").asText("?");
            return verification(VERIFY_STEP, Outcome.SUCCESSFUL, "Livy at " + settings.url() + " answered GET " + path + " (" + total
                    + " " + path.substring(1) + ")");
        } catch (SubmitException | IllegalArgumentException e) {
            return verification(VERIFY_STEP, Outcome.FAILED, e.getMessage());
        }
    }

    /** LivySettings from the properties; dynamic {@code spark.*} properties are Spark configuration, {@code secret.*} secrets. */
    static LivySettings settings(final ConfigurationContext context) {
        final LivySettings.Builder builder = LivySettings.builder(
                        URI.create(context.getProperty(LIVY_URL).evaluateAttributeExpressions().getValue().strip()),
                        context.getProperty(JOB_JAR).evaluateAttributeExpressions().getValue().strip())
                .requestTimeout(Duration.ofMillis(context.getProperty(REQUEST_TIMEOUT).asTimePeriod(TimeUnit.MILLISECONDS)))
                .driverMemory(context.getProperty(DRIVER_MEMORY).getValue())
                .executorMemory(context.getProperty(EXECUTOR_MEMORY).getValue())
                .executorCores(context.getProperty(EXECUTOR_CORES).asInteger())
                .numExecutors(context.getProperty(NUM_EXECUTORS).asInteger())
                .queue(context.getProperty(QUEUE).evaluateAttributeExpressions().getValue())
                .proxyUser(context.getProperty(PROXY_USER).evaluateAttributeExpressions().getValue());
        final DynamicSettings dynamic = dynamicSettings(context);
        builder.sparkConf(dynamic.sparkConf()).secrets(dynamic.secrets());
        final Authentication authentication = context.getProperty(AUTHENTICATION).asAllowableValue(Authentication.class);
        switch (authentication) {
            case BASIC -> builder.auth(LivyAuth.basic(context.getProperty(USERNAME).evaluateAttributeExpressions().getValue(),
                    context.getProperty(PASSWORD).getValue()));
            case SPNEGO -> builder.auth(LivyAuth.spnego(context.getProperty(SERVICE_PRINCIPAL).evaluateAttributeExpressions().getValue()));
            case NONE -> builder.auth(LivyAuth.none());
        }
        final SSLContextProvider ssl = context.getProperty(SSL_CONTEXT_SERVICE).asControllerService(SSLContextProvider.class);
        if (ssl != null) {
            builder.sslContext(ssl.createContext());
        }
        return builder.build();
    }

}
