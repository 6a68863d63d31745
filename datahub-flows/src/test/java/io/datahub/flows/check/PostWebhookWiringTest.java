package io.datahub.flows.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import io.datahub.nifi.processors.PostWebhook;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.nifi.flow.VersionedProcessGroup;
import org.apache.nifi.flow.VersionedProcessor;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The templates' Post webhook, configured exactly as imported (each parameter given a value), delivers a job's
 * urlSecretRef notification: the property names are the ones the real PostWebhook looks the ref up by.
 */
class PostWebhookWiringTest {

    private static final Pattern PARAMETER = Pattern.compile("#\\{([^}]+)}");

    private HttpServer server;
    private final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            received.add(exchange.getRequestURI().getPath() + " " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private static VersionedProcessor postWebhook(final String app, final String layer) {
        final VersionedProcessGroup group = FlowDefinitionCheckTest.template(app).getFlowContents().getProcessGroups().stream()
                .filter(g -> g.getName().equals(layer)).findFirst().orElseThrow();
        return group.getProcessors().stream().filter(p -> p.getName().equals("Post webhook")).findFirst().orElseThrow();
    }

    /** The processor as NiFi runs it once the parameter context is filled: {@code #{name}} becomes {@code values[name]}. */
    private static TestRunner configured(final VersionedProcessor processor, final Map<String, String> values) {
        final TestRunner runner = TestRunners.newTestRunner(PostWebhook.class);
        processor.getProperties().forEach((name, value) -> {
            final Matcher reference = PARAMETER.matcher(value);
            runner.setProperty(name, reference.matches() ? values.get(reference.group(1)) : value);
        });
        return runner;
    }

    @Test
    void theCustomerJobsSlackNotificationIsPostedToTheUrlOfItsSecretRef() {
        final String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/services/T1/B2/token";
        final TestRunner runner = configured(postWebhook("customer", "staging"), Map.of("customer_slack_webhook", url));
        runner.assertValid();

        runner.enqueue("{\"event\":\"completion\"}", Map.of("datahub.notify.channel", "webhook",
                "datahub.notify.url.secret.ref", "customer_slack_webhook"));
        runner.run();

        runner.assertAllFlowFilesTransferred(PostWebhook.REL_SUCCESS, 1);
        assertEquals(List.of("/services/T1/B2/token {\"event\":\"completion\"}"), received);
        final MockFlowFile posted = runner.getFlowFilesForRelationship(PostWebhook.REL_SUCCESS).get(0);
        assertEquals("200", posted.getAttribute("datahub.notify.status.code"));
    }

    @Test
    void aRefTheApplicationDoesNotDefineGoesToFailureNamingTheRefNotTheUrl() {
        final String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/retail";
        final TestRunner runner = configured(postWebhook("retail", "service"), Map.of("retail_slack_webhook", url));

        runner.enqueue("{}", Map.of("datahub.notify.channel", "webhook", "datahub.notify.url.secret.ref", "customer_slack_webhook"));
        runner.run();

        runner.assertAllFlowFilesTransferred(PostWebhook.REL_FAILURE, 1);
        assertEquals("webhook 'customer_slack_webhook' has no URL: add the sensitive property secret.customer_slack_webhook"
                        + " (refs with a URL: retail_slack_webhook)",
                runner.getFlowFilesForRelationship(PostWebhook.REL_FAILURE).get(0).getAttribute("datahub.notify.error"));
        assertEquals(List.of(), received);
    }
}
