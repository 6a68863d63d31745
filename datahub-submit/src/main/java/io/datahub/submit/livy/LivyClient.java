package io.datahub.submit.livy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datahub.submit.SecretScrubber;
import io.datahub.submit.SubmitException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A thin JSON-over-HTTP client for Livy's REST API on the JDK's {@link HttpClient}. Every request carries
 * {@code X-Requested-By} (Livy's CSRF protection) and the {@link LivyAuth} headers, asked for per request.
 * Answers of any HTTP status are returned as a {@link Response}; only a failure to get an answer throws, as a
 * transient {@link SubmitException}. Request bodies (which hold secrets) are never logged or put in a message.
 */
public final class LivyClient {

    /** Header Livy's CSRF filter requires on POST and DELETE; sent on every request. */
    public static final String CSRF_HEADER = "X-Requested-By";
    static final String CSRF_VALUE = "datahub";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_MESSAGE = 2000;

    private final LivySettings settings;
    private final SecretScrubber scrubber;
    private final HttpClient http;
    private final String base;

    public LivyClient(LivySettings settings) {
        this.settings = settings;
        this.scrubber = new SecretScrubber(settings.secrets().values());
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .cookieHandler(new CookieManager());  // keeps Hadoop's auth cookie after a SPNEGO login
        if (settings.sslContext() != null) {
            builder.sslContext(settings.sslContext());
        }
        this.http = builder.build();
        String url = settings.url().toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /**
     * One answer from Livy.
     *
     * @param status HTTP status
     * @param body   the body as received (may echo secrets: use {@link #message()} for text shown to anyone)
     * @param json   the body parsed, or null when it is not JSON
     */
    public record Response(int status, String body, JsonNode json, String scrubbedMessage) {

        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** Livy's {@code msg}, or the body, shortened and without secret values. */
        public String message() {
            return scrubbedMessage;
        }

        @Override
        public String toString() {
            return "HTTP " + status + ": " + scrubbedMessage;
        }
    }

    public Response get(String path) {
        return send("GET", path, null);
    }

    public Response post(String path, Object body) {
        return send("POST", path, body == null ? Map.of() : body);
    }

    public Response delete(String path) {
        return send("DELETE", path, null);
    }

    String scrub(String text) {
        return scrubber.scrub(text);
    }

    /** Where Livy is, for messages (without any user info the URL may carry). */
    String where() {
        URI url = settings.url();
        try {
            return new URI(url.getScheme(), null, url.getHost(), url.getPort(), url.getPath(), null, null).toString();
        } catch (java.net.URISyntaxException e) {
            return url.getHost();
        }
    }

    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private Response send(String method, String path, Object body) {
        URI target = URI.create(base + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .timeout(settings.requestTimeout())
                .header("Accept", "application/json")
                .header(CSRF_HEADER, CSRF_VALUE);
        Map<String, String> authHeaders;
        try {
            authHeaders = settings.auth().headers(target);
        } catch (SubmitException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SubmitException("cannot authenticate to Livy at " + where() + ": " + e, false, e);
        }
        authHeaders.forEach(request::header);
        if (body != null) {
            byte[] bytes;
            try {
                bytes = JSON.writeValueAsBytes(body);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write a Livy request body", e);
            }
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SubmitException("cannot reach Livy at " + where() + " (" + method + " " + path + "): " + describe(e), true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SubmitException("interrupted while calling Livy at " + where() + " (" + method + " " + path + ")", true, e);
        }
        String text = response.body() == null ? "" : response.body();
        JsonNode json = null;
        if (!text.isBlank()) {
            try {
                json = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                json = null;
            }
        }
        // Scrub before shortening: a cut could leave part of a secret behind.
        String message = scrubber.scrub(json != null && json.hasNonNull("msg") ? json.get("msg").asText() : text.strip());
        if (message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE) + "...";
        }
        return new Response(response.statusCode(), text, json, message);
    }

    private static String describe(IOException e) {
        String type = e instanceof HttpTimeoutException ? "timed out" : e.getClass().getSimpleName();
        String message = e.getMessage();
        for (Throwable t = e.getCause(); message == null && t != null; t = t.getCause()) {
            message = t.getMessage();
        }
        if (message == null && e instanceof ConnectException) {
            // The JDK HttpClient's failed connect carries no message at any level (measured on JDK 17 and 25).
            message = "could not connect (refused or unreachable)";
        }
        return message == null ? type : type + ": " + message;
    }

    /** The error for an answer the caller cannot use: HTTP 5xx is transient, anything else is not. */
    SubmitException httpError(String what, String method, String path, Response response) {
        boolean transientFailure = response.status() >= 500 || response.status() == 429;
        return new SubmitException(what + ": Livy at " + where() + " answered HTTP " + response.status() + " to " + method + " "
                + path + ": " + response.message(), transientFailure, response.status(), null);
    }

    /**
     * True when the request of a failed call certainly never reached Livy (connection refused, connect timeout),
     * so it cannot have had any effect. Any other failure after sending leaves the outcome unknown.
     */
    static boolean notSent(SubmitException e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof HttpConnectTimeoutException
                    || t instanceof java.nio.channels.UnresolvedAddressException || t instanceof java.net.UnknownHostException) {
                return true;
            }
        }
        return false;
    }
}
