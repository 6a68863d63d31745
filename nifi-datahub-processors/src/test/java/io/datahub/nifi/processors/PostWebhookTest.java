package io.datahub.nifi.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.nifi.provenance.ProvenanceEventRecord;
import org.apache.nifi.provenance.ProvenanceEventType;
import org.apache.nifi.util.LogMessage;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PostWebhook against a real HTTP server (the JDK's), with the webhook's token in the URL path as chat services do. */
class PostWebhookTest {

    private static final String TOKEN = "T0KEN-b00-s3cr3t";

    /** What the server received: path, content type, body. */
    record Received(String path, String contentType, String body) {
    }

    private HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile int answer = 200;
    private TestRunner runner;

    @BeforeEach
    void setUp() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            received.add(new Received(exchange.getRequestURI().getPath(), exchange.getRequestHeaders().getFirst("Content-Type"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(answer, -1);
            exchange.close();
        });
        server.start();
        runner = TestRunners.newTestRunner(PostWebhook.class);
        runner.setProperty("secret.chat_webhook", secretUrl());
    }

    @AfterEach
    void tearDown() {
        server.stop(0);
    }

    private String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private String secretUrl() {
        return origin() + "/services/" + TOKEN;
    }

    private void enqueueSecret(String ref) {
        runner.enqueue("{\"event\":\"completion\"}", Map.of("datahub.notify.channel", "webhook", "datahub.notify.url.secret.ref", ref,
                "mime.type", "application/json"));
    }

    /** Every attribute, provenance detail and transit URI, and log line this runner produced. */
    private List<String> everythingWritten() {
        List<String> texts = new ArrayList<>();
        for (var relationship : List.of(PostWebhook.REL_SUCCESS, PostWebhook.REL_RETRY, PostWebhook.REL_FAILURE)) {
            runner.getFlowFilesForRelationship(relationship).forEach(f -> texts.add(f.getAttributes().toString()));
        }
        for (ProvenanceEventRecord event : runner.getProvenanceEvents()) {
            texts.add(event.getTransitUri() + " " + event.getDetails() + " " + event.getAttributes());
        }
        List<LogMessage> logged = new ArrayList<>(runner.getLogger().getInfoMessages());
        logged.addAll(runner.getLogger().getWarnMessages());
        logged.addAll(runner.getLogger().getErrorMessages());
        logged.addAll(runner.getLogger().getDebugMessages());
        for (LogMessage m : logged) {
            texts.add(m.getMsg() + " " + java.util.Arrays.toString(m.getArgs()));
        }
        return texts;
    }

    private void assertTokenNowhere() {
        for (String text : everythingWritten()) {
            assertFalse(text.contains(TOKEN), text);
        }
    }

    @Test
    void postsToTheSecretUrlAndWritesOnlyItsOrigin() {
        enqueueSecret("chat_webhook");
        runner.run();

        MockFlowFile sent = JobFlowTestSupport.only(runner, PostWebhook.REL_SUCCESS);
        sent.assertAttributeEquals("datahub.notify.status.code", "200");
        assertEquals(List.of(new Received("/services/" + TOKEN, "application/json", "{\"event\":\"completion\"}")), received);
        ProvenanceEventRecord send = runner.getProvenanceEvents().get(0);
        assertEquals(ProvenanceEventType.SEND, send.getEventType());
        assertEquals(origin(), send.getTransitUri());
        assertEquals("POST webhook 'chat_webhook': HTTP 200", send.getDetails());
        assertTrue(((PostWebhook) runner.getProcessor()).getPropertyDescriptor("secret.chat_webhook").isSensitive());
        assertTokenNowhere();
    }

    @Test
    void serverErrorsGoToRetryAndRefusalsToFailureWithoutTheUrl() {
        answer = 503;
        enqueueSecret("chat_webhook");
        runner.run();
        MockFlowFile retry = JobFlowTestSupport.only(runner, PostWebhook.REL_RETRY);
        assertTrue(retry.isPenalized());
        retry.assertAttributeEquals("datahub.notify.error", "webhook 'chat_webhook' answered HTTP 503");

        runner.clearTransferState();
        answer = 404;
        enqueueSecret("chat_webhook");
        runner.run();
        JobFlowTestSupport.only(runner, PostWebhook.REL_FAILURE).assertAttributeEquals("datahub.notify.error",
                "webhook 'chat_webhook' refused the notification: HTTP 404");
        assertTokenNowhere();
    }

    @Test
    void anUnreachableWebhookGoesToRetryWithoutTheUrl() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        runner.setProperty("secret.chat_webhook", "http://127.0.0.1:" + closedPort + "/services/" + TOKEN);
        enqueueSecret("chat_webhook");
        runner.run();
        JobFlowTestSupport.only(runner, PostWebhook.REL_RETRY).assertAttributeEquals("datahub.notify.error",
                "webhook 'chat_webhook' could not be reached (ConnectException)");
        assertTokenNowhere();
    }

    @Test
    void anUnknownRefGoesToFailureNamingTheRefsThatHaveAUrl() {
        enqueueSecret("ops_webhook");
        runner.run();
        JobFlowTestSupport.only(runner, PostWebhook.REL_FAILURE).assertAttributeEquals("datahub.notify.error",
                "webhook 'ops_webhook' has no URL: add the sensitive property secret.ops_webhook (refs with a URL: chat_webhook)");
        assertTrue(received.isEmpty());
    }

    @Test
    void aPlainUrlIsPostedToo() {
        runner.enqueue("{}", Map.of("datahub.notify.url", origin() + "/hooks/datahub"));
        runner.run();
        JobFlowTestSupport.only(runner, PostWebhook.REL_SUCCESS);
        assertEquals("/hooks/datahub", received.get(0).path());
    }

    @Test
    void dynamicPropertiesMustBeSecretRefsWithHttpUrls() {
        runner.setProperty("secret.other", "not a url");
        runner.assertNotValid();
        runner.removeProperty("secret.other");
        runner.setProperty("url.other", origin());
        runner.assertNotValid();
        runner.removeProperty("url.other");
        runner.assertValid();
    }

    @Test
    void aJobRunnersCompletionNotificationReachesTheSecretWebhook(@TempDir Path temp) throws Exception {
        String schema = JobFlowTestSupport.newSchema();
        try {
            TestRunner jobs = JobFlowTestSupport.jobRunner(new JobPipelineRunner(), JobFlowTestSupport.copyConfig(temp),
                    Files.createDirectories(temp.resolve("data")), schema);
            jobs.enqueue(new byte[0], JobFlowTestSupport.jobRequest("chain_job", "2026-01-15", "chain-1"));
            jobs.run();
            MockFlowFile a = JobFlowTestSupport.only(jobs, JobPipelineRunner.REL_PIPELINES);
            jobs.clearTransferState();
            jobs.enqueue(new byte[0], JobFlowTestSupport.completion(a, "SUCCEEDED", null, null));
            jobs.run();
            MockFlowFile b = JobFlowTestSupport.only(jobs, JobPipelineRunner.REL_PIPELINES);
            jobs.clearTransferState();
            jobs.enqueue(new byte[0], JobFlowTestSupport.completion(b, "SUCCEEDED", null, null));
            jobs.run();
            MockFlowFile webhook = jobs.getFlowFilesForRelationship(JobPipelineRunner.REL_NOTIFICATIONS).stream()
                    .filter(f -> "webhook".equals(f.getAttribute("datahub.notify.channel"))).findFirst().orElseThrow();

            runner.enqueue(webhook.toByteArray(), webhook.getAttributes());
            runner.run();
            JobFlowTestSupport.only(runner, PostWebhook.REL_SUCCESS);
            JsonNode body = new ObjectMapper().readTree(received.get(0).body());
            assertEquals("completion", body.get("event").asText());
            assertEquals("chain-1", body.get("jobRunId").asText());
            assertEquals("SUCCEEDED", body.get("outcome").asText());
            assertTokenNowhere();
        } finally {
            JobFlowTestSupport.drop(schema);
        }
    }

    @Test
    void verifyNamesTheRefsAndWhereANotificationWouldGoWithoutPostingIt() {
        List<String> results = XmlPipelineLoaderTest.describe(runner.verify(Map.of("datahub.notify.url.secret.ref", "chat_webhook")));
        assertEquals(List.of("Webhook URLs SUCCESSFUL secret refs with a URL: chat_webhook",
                "Webhook SUCCESSFUL a notification would be posted to " + origin() + " (webhook 'chat_webhook'; the rest of its URL is secret)"),
                results);
        assertEquals("Webhook FAILED webhook 'ops' has no URL: add the sensitive property secret.ops",
                XmlPipelineLoaderTest.describe(runner.verify(Map.of("datahub.notify.url.secret.ref", "ops"))).get(1));
        assertTrue(received.isEmpty(), "nothing was posted");
        for (String result : results) {
            assertFalse(result.contains(TOKEN), result);
        }
    }
}
