package io.datahub.nifi.processors;

import static io.datahub.nifi.processors.DatahubAttributes.MIME_TYPE;
import static io.datahub.nifi.processors.DatahubAttributes.NOTIFY_URL;
import static io.datahub.nifi.processors.DatahubAttributes.NOTIFY_URL_SECRET_REF;

import io.datahub.nifi.services.PropertyMigrations;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.nifi.annotation.behavior.DynamicProperty;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.InputRequirement.Requirement;
import org.apache.nifi.annotation.behavior.ReadsAttribute;
import org.apache.nifi.annotation.behavior.ReadsAttributes;
import org.apache.nifi.annotation.behavior.SupportsSensitiveDynamicProperties;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.lifecycle.OnScheduled;
import org.apache.nifi.annotation.lifecycle.OnStopped;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.Validator;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.migration.PropertyConfiguration;
import org.apache.nifi.processor.AbstractProcessor;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.VerifiableProcessor;
import org.apache.nifi.processor.exception.ProcessException;
import org.apache.nifi.processor.util.StandardValidators;

/**
 * POSTs a notification to a webhook whose URL is a secret. A webhook URL usually carries its token in the path, and
 * InvokeHTTP writes the URL it called into an attribute and into provenance, so secret URLs are kept here instead: one
 * sensitive property per secret ref, the URL never leaving this processor.
 */
@Tags({"datahub", "webhook", "notification", "http", "secret", "slack", "teams"})
@CapabilityDescription("POSTs the FlowFile content (a JobPipelineRunner notification) to the webhook named by"
        + " datahub.notify.url.secret.ref: the URL is the sensitive dynamic property secret.<ref> (reference a sensitive"
        + " parameter). The URL never appears in attributes, provenance (the transit URI is the URL's scheme and host) or logs."
        + " FlowFiles with a plain datahub.notify.url are posted to it as well. 2xx goes to success; 408, 429 and 5xx answers"
        + " and connection problems go to retry (penalized); other answers and unknown refs to failure.")
@InputRequirement(Requirement.INPUT_REQUIRED)
@SupportsSensitiveDynamicProperties
@DynamicProperty(name = "secret.<ref>", value = "the webhook URL (sensitive)",
        description = "The URL of the webhook a job's <webhook urlSecretRef=\"ref\"> names. Reference a sensitive parameter,"
                + " e.g. #{retail_slack_webhook}.",
        expressionLanguageScope = ExpressionLanguageScope.NONE)
@SeeAlso(classNames = {"io.datahub.nifi.processors.JobPipelineRunner"})
@ReadsAttributes({
    @ReadsAttribute(attribute = NOTIFY_URL_SECRET_REF, description = "The secret ref whose property holds the URL."),
    @ReadsAttribute(attribute = NOTIFY_URL, description = "A plain URL, used when there is no secret ref."),
    @ReadsAttribute(attribute = MIME_TYPE, description = "The Content-Type sent; application/json when absent.")
})
@WritesAttributes({
    @WritesAttribute(attribute = PostWebhook.STATUS_CODE, description = "The HTTP status code of the answer."),
    @WritesAttribute(attribute = PostWebhook.ERROR, description = "On failure or retry: what went wrong (never the URL).")
})
public class PostWebhook extends AbstractProcessor implements VerifiableProcessor {

    static final String SECRET_PREFIX = "secret.";
    static final String STATUS_CODE = "datahub.notify.status.code";
    static final String ERROR = "datahub.notify.error";

    public static final PropertyDescriptor TIMEOUT = new PropertyDescriptor.Builder()
            .name("Request Timeout")
            .description("How long to wait for the connection and for the answer of one POST.")
            .required(true)
            .defaultValue("15 sec")
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    public static final Relationship REL_SUCCESS = new Relationship.Builder()
            .name("success")
            .description("The webhook answered 2xx.")
            .build();

    public static final Relationship REL_RETRY = new Relationship.Builder()
            .name("retry")
            .description("The webhook could not be reached, timed out, or answered 408, 429 or 5xx (penalized): connect back to this"
                    + " processor.")
            .build();

    public static final Relationship REL_FAILURE = new Relationship.Builder()
            .name("failure")
            .description("No URL for the FlowFile (an unknown secret ref, no attribute), or the webhook refused the request (other"
                    + " 4xx): datahub.notify.error says why.")
            .build();

    private static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(TIMEOUT);
    private static final Set<Relationship> RELATIONSHIPS = Set.of(REL_SUCCESS, REL_RETRY, REL_FAILURE);

    private volatile HttpClient client;
    private volatile Duration timeout;
    private volatile Map<String, String> urls;

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    @Override
    public Set<Relationship> getRelationships() {
        return RELATIONSHIPS;
    }

    @Override
    protected PropertyDescriptor getSupportedDynamicPropertyDescriptor(final String propertyDescriptorName) {
        return new PropertyDescriptor.Builder()
                .name(propertyDescriptorName)
                .description("The URL of the webhook whose urlSecretRef is '" + propertyDescriptorName.substring(
                        Math.min(SECRET_PREFIX.length(), propertyDescriptorName.length())) + "'.")
                .dynamic(true)
                .sensitive(true)
                .addValidator(new SecretUrlValidator())
                .build();
    }

    /** Former property name -> current name (never remove an entry); none renamed yet. */
    static final Map<String, String> RENAMED_PROPERTIES = Map.of();

    @Override
    public void migrateProperties(final PropertyConfiguration config) {
        PropertyMigrations.rename(config, RENAMED_PROPERTIES);
    }

    @OnScheduled
    public void onScheduled(final ProcessContext context) {
        timeout = Duration.ofMillis(context.getProperty(TIMEOUT).asTimePeriod(TimeUnit.MILLISECONDS));
        urls = urls(context);
        client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The URL of each secret ref (the secret.&lt;ref&gt; properties). */
    private static Map<String, String> urls(final ProcessContext context) {
        final Map<String, String> byRef = new HashMap<>();
        context.getProperties().forEach((descriptor, value) -> {
            if (descriptor.isDynamic() && descriptor.getName().startsWith(SECRET_PREFIX) && value != null) {
                byRef.put(descriptor.getName().substring(SECRET_PREFIX.length()), value.strip());
            }
        });
        return Map.copyOf(byRef);
    }

    static final String STEP_URLS = "Webhook URLs";
    static final String STEP_WEBHOOK = "Webhook";

    /**
     * Which secret refs have a URL, and, when the attributes name a webhook (datahub.notify.url.secret.ref or
     * datahub.notify.url), where it would be posted (scheme and host only). Nothing is sent: a POST would notify people.
     */
    @Override
    public List<ConfigVerificationResult> verify(final ProcessContext context, final ComponentLog verificationLogger,
                                                 final Map<String, String> attributes) {
        final Map<String, String> byRef = urls(context);
        final List<ConfigVerificationResult> results = new ArrayList<>();
        results.add(verification(STEP_URLS, byRef.isEmpty() ? Outcome.SKIPPED : Outcome.SUCCESSFUL, byRef.isEmpty()
                ? "no secret.<ref> property: only webhooks with a plain " + NOTIFY_URL + " can be posted"
                : "secret refs with a URL: " + String.join(", ", new TreeSet<>(byRef.keySet()))));
        final Map<String, String> given = attributes == null ? Map.of() : attributes;
        final String ref = given.get(NOTIFY_URL_SECRET_REF);
        final String plain = given.get(NOTIFY_URL);
        if ((ref == null || ref.isBlank()) && (plain == null || plain.isBlank())) {
            results.add(verification(STEP_WEBHOOK, Outcome.SKIPPED, "give " + NOTIFY_URL_SECRET_REF + " or " + NOTIFY_URL
                    + " to check where a notification would go"));
        } else if (ref != null && !ref.isBlank() && !byRef.containsKey(ref.strip())) {
            results.add(verification(STEP_WEBHOOK, Outcome.FAILED, "webhook '" + ref.strip() + "' has no URL: add the sensitive property "
                    + SECRET_PREFIX + ref.strip()));
        } else {
            final String url = ref != null && !ref.isBlank() ? byRef.get(ref.strip()) : plain.strip();
            try {
                results.add(verification(STEP_WEBHOOK, Outcome.SUCCESSFUL, "a notification would be posted to " + origin(new URI(url))
                        + (ref != null && !ref.isBlank() ? " (webhook '" + ref.strip() + "'; the rest of its URL is secret)" : "")));
            } catch (URISyntaxException e) {
                results.add(verification(STEP_WEBHOOK, Outcome.FAILED, "the URL is not a URI"));
            }
        }
        return results;
    }

    private static ConfigVerificationResult verification(final String step, final Outcome outcome, final String explanation) {
        return new ConfigVerificationResult.Builder().verificationStepName(step).outcome(outcome).explanation(explanation).build();
    }

    @OnStopped
    public void onStopped() {
        client = null;
    }

    @Override
    public void onTrigger(final ProcessContext context, final ProcessSession session) throws ProcessException {
        FlowFile flowFile = session.get();
        if (flowFile == null) {
            return;
        }
        final String ref = flowFile.getAttribute(NOTIFY_URL_SECRET_REF);
        final String target;
        final String url;
        if (ref != null && !ref.isBlank()) {
            url = urls.get(ref.strip());
            target = "webhook '" + ref.strip() + "'";
            if (url == null) {
                fail(session, flowFile, REL_FAILURE, null, target + " has no URL: add the sensitive property " + SECRET_PREFIX + ref.strip()
                        + " (refs with a URL: " + String.join(", ", new TreeSet<>(urls.keySet())) + ")");
                return;
            }
        } else if (flowFile.getAttribute(NOTIFY_URL) != null && !flowFile.getAttribute(NOTIFY_URL).isBlank()) {
            url = flowFile.getAttribute(NOTIFY_URL).strip();
            target = "webhook " + url;
        } else {
            fail(session, flowFile, REL_FAILURE, null, "the FlowFile names no webhook (" + NOTIFY_URL_SECRET_REF + " or " + NOTIFY_URL + ")");
            return;
        }
        final URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            fail(session, flowFile, REL_FAILURE, null, target + ": the URL is not a URI");
            return;
        }
        final AtomicReference<byte[]> body = new AtomicReference<>();
        session.read(flowFile, in -> body.set(in.readAllBytes()));
        final String mimeType = flowFile.getAttribute(MIME_TYPE);
        final HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", mimeType == null || mimeType.isBlank() ? "application/json" : mimeType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.get()))
                .build();
        final long started = System.nanoTime();
        final HttpResponse<Void> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // Exception messages may quote the URL: only the exception's kind is told.
            fail(session, flowFile, REL_RETRY, null, target + " could not be reached (" + e.getClass().getSimpleName() + ")");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            session.rollback();
            return;
        }
        final int status = response.statusCode();
        if (status / 100 == 2) {
            flowFile = session.putAttribute(flowFile, STATUS_CODE, String.valueOf(status));
            flowFile = session.removeAttribute(flowFile, ERROR);
            session.getProvenanceReporter().send(flowFile, origin(uri), "POST " + target + ": HTTP " + status,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            session.transfer(flowFile, REL_SUCCESS);
        } else if (status == 408 || status == 429 || status / 100 == 5) {
            fail(session, flowFile, REL_RETRY, status, target + " answered HTTP " + status);
        } else {
            fail(session, flowFile, REL_FAILURE, status, target + " refused the notification: HTTP " + status);
        }
    }

    /** The URL's scheme and host (and port): where the notification went, without the path that carries the token. */
    private static String origin(final URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    private void fail(final ProcessSession session, final FlowFile flowFile, final Relationship relationship, final Integer status,
                      final String message) {
        final Map<String, String> attributes = new HashMap<>();
        attributes.put(ERROR, message);
        if (status != null) {
            attributes.put(STATUS_CODE, String.valueOf(status));
        }
        FlowFile updated = session.putAllAttributes(flowFile, attributes);
        if (relationship == REL_RETRY) {
            getLogger().warn("{}; retrying later", message);
            updated = session.penalize(updated);
        } else {
            getLogger().error("{} routed to failure: {}", flowFile, message);
        }
        session.transfer(updated, relationship);
    }

    /** A secret.&lt;ref&gt; name and an http(s) URL; the value is never quoted in the explanation. */
    private static final class SecretUrlValidator implements Validator {
        @Override
        public ValidationResult validate(final String subject, final String input, final ValidationContext context) {
            if (!subject.startsWith(SECRET_PREFIX) || subject.length() == SECRET_PREFIX.length()) {
                return new ValidationResult.Builder().subject(subject).valid(false)
                        .explanation("dynamic properties are secret.<ref>: the URL of a webhook urlSecretRef").build();
            }
            boolean valid;
            try {
                final URI uri = new URI(input == null ? "" : input.strip());
                valid = ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
            } catch (URISyntaxException e) {
                valid = false;
            }
            return new ValidationResult.Builder().subject(subject).valid(valid).explanation("an http(s) URL").build();
        }
    }
}
