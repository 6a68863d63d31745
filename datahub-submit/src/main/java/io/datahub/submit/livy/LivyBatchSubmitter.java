package io.datahub.submit.livy;

import com.fasterxml.jackson.databind.JsonNode;
import io.datahub.model.run.ErrorCategory;
import io.datahub.model.run.PipelineRunResult;
import io.datahub.model.run.RunRequest;
import io.datahub.model.run.RunStatus;
import io.datahub.submit.SparkSubmitter;
import io.datahub.submit.SubmissionState;
import io.datahub.submit.Submission;
import io.datahub.submit.SubmitException;
import io.datahub.submit.SubmitMode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Livy batch (one Spark application, {@code POST /batches}) per run, running the job's main class with
 * {@code --request base64:<request JSON>}.
 *
 * <p>Idempotent by name: each batch is named by its run id. When the outcome of a submit is unknown (the answer
 * was lost, or Livy says {@code Duplicate session name}) the batch is looked up by name ({@code GET /batches/<runId>})
 * and adopted, so a lost answer never starts the pipeline twice. Ids restart at 0 when Livy restarts, so a batch
 * found by id is trusted only when its name is the run id.
 *
 * <p>On a final state the run's result is read from the batch log (the job prints it on one marked line) and the
 * batch is deleted.
 */
public final class LivyBatchSubmitter implements SparkSubmitter {

    /** Log lines read per request when a batch ends (Livy keeps 200 lines by default, {@code livy.cache-log.size}). */
    public static final int DEFAULT_LOG_LINES = 1000;
    /** Lines of the log quoted in the message of a job that died without reporting a result. */
    static final int FAILURE_TAIL_LINES = 20;
    /** Linux refuses a single command-line argument longer than 128 KiB (MAX_ARG_STRLEN); keep clear of it. */
    static final int MAX_REQUEST_ARGUMENT = 120_000;

    private static final Logger LOG = LoggerFactory.getLogger(LivyBatchSubmitter.class);

    private final LivySettings settings;
    private final LivyClient client;
    private final Clock clock;
    private final int logLines;

    public LivyBatchSubmitter(LivySettings settings) {
        this(settings, DEFAULT_LOG_LINES, Clock.systemUTC());
    }

    public LivyBatchSubmitter(LivySettings settings, int logLines, Clock clock) {
        if (logLines < 1) {
            throw new IllegalArgumentException("logLines must be at least 1: " + logLines);
        }
        this.settings = settings;
        this.client = new LivyClient(settings);
        this.clock = clock;
        this.logLines = logLines;
    }

    @Override
    public Submission submit(RunRequest request) {
        String runId = request.runId();
        if (runId == null || runId.isBlank() || runId.chars().allMatch(Character::isDigit)) {
            throw new SubmitException("run id '" + runId + "' cannot name a Livy batch: it must be non-empty and not all digits"
                    + " (Livy would read it as a batch id)", false);
        }
        Map<String, Object> body = batchBody(request);
        Instant now = clock.instant();
        for (int attempt = 1; ; attempt++) {
            LivyClient.Response response;
            try {
                response = client.post("/batches", body);
            } catch (SubmitException e) {
                if (LivyClient.notSent(e)) {
                    throw e;
                }
                // The request may have reached Livy: the batch may exist.
                LOG.warn("Submitting run {} to Livy: outcome unknown ({}); looking the batch up by name", runId, e.getMessage());
                Optional<JsonNode> found = findByName(runId);
                if (found.isPresent()) {
                    return adopted(runId, found.get(), now);
                }
                if (attempt >= 2) {
                    throw new SubmitException("run " + runId + ": the outcome of submitting it to Livy at " + client.where()
                            + " was unknown twice and no batch named so exists; try again later", true, e);
                }
                continue;
            }
            if (response.ok()) {
                Submission submission = fromBatch(Submission.submitted(runId, SubmitMode.LIVY_BATCH, null, now), response.json(), now);
                LOG.info("Run {} submitted to Livy as batch {}", runId, submission.externalId());
                return submission;
            }
            if (response.status() == 400 && response.message().contains("Duplicate session name")) {
                Optional<JsonNode> found = findByName(runId);
                if (found.isPresent()) {
                    return adopted(runId, found.get(), now);
                }
                if (attempt >= 2) {
                    throw new SubmitException("run " + runId + ": Livy at " + client.where()
                            + " refuses a second batch of that name but does not find the first; try again later", true, 400, null);
                }
                continue;
            }
            if (response.status() >= 400 && response.status() < 500 && response.status() != 429) {
                // A refused batch can stay listed as "starting" until deleted (DESIGN section 6): remove it, so
                // that submitting this run again is not mistaken for a duplicate of a batch that never runs.
                removeLeftover(runId);
            }
            throw client.httpError("run " + runId + " not submitted", "POST", "/batches", response);
        }
    }

    @Override
    public Submission poll(Submission submission) {
        if (submission.isFinal()) {
            return submission;
        }
        String runId = submission.runId();
        Instant now = clock.instant();
        JsonNode batch = null;
        if (submission.externalId() != null) {
            String path = "/batches/" + LivyClient.segment(submission.externalId());
            LivyClient.Response response = client.get(path);
            if (response.ok() && isOurs(response.json(), runId)) {
                batch = response.json();
            } else if (!response.ok() && response.status() != 404) {
                throw client.httpError("cannot follow run " + runId, "GET", path, response);
            }
            // 404, or another batch under that id (ids restart at 0 when Livy restarts): look for ours by name.
        }
        if (batch == null) {
            Optional<JsonNode> found = findByName(runId);
            if (found.isEmpty()) {
                String message = submission.externalId() == null
                        ? "Livy has no batch named " + runId + "; it was lost, e.g. by a Livy restart"
                        : "Livy no longer knows batch " + submission.externalId() + " (run " + runId
                        + "); it was lost, e.g. by a Livy restart";
                LOG.warn(message);
                return submission.ended(SubmissionState.FAILED, ErrorCategory.SUBMISSION_FAILED, message, null, now);
            }
            batch = found.get();
            LOG.info("Run {}: following Livy batch {} found by name", runId, batch.path("id").asText());
        }
        Submission current = fromBatch(submission, batch, now);
        if (!LivyStates.ofBatch(text(batch, "state")).isFinal()) {
            return current;
        }
        return finish(current, text(batch, "state"), now);
    }

    @Override
    public Submission cancel(Submission submission) {
        if (submission.isFinal()) {
            return submission;
        }
        String runId = submission.runId();
        String id = null;
        if (submission.externalId() != null) {
            String path = "/batches/" + LivyClient.segment(submission.externalId());
            LivyClient.Response response = client.get(path);
            if (response.ok() && isOurs(response.json(), runId)) {
                id = response.json().path("id").asText();
            } else if (!response.ok() && response.status() != 404) {
                throw client.httpError("cannot cancel run " + runId, "GET", path, response);
            }
        }
        if (id == null) {
            id = findByName(runId).map(b -> b.path("id").asText()).orElse(null);
        }
        if (id != null) {
            String path = "/batches/" + id;
            LivyClient.Response response = client.delete(path);
            if (!response.ok() && response.status() != 404) {
                throw client.httpError("cannot cancel run " + runId, "DELETE", path, response);
            }
            LOG.info("Run {} cancelled: Livy batch {} deleted", runId, id);
        }
        return submission.ended(SubmissionState.CANCELLED, ErrorCategory.CANCELLED, "cancelled", null, clock.instant());
    }

    @Override
    public void close() {
        // Nothing held: batches are followed by their submissions.
    }

    private Map<String, Object> batchBody(RunRequest request) {
        String encoded = Base64.getEncoder().encodeToString(request.toJson().getBytes(StandardCharsets.UTF_8));
        if (encoded.length() > MAX_REQUEST_ARGUMENT) {
            throw new SubmitException("run " + request.runId() + ": the run request is " + encoded.length()
                    + " characters in base64, too long for a spark-submit argument (at most " + MAX_REQUEST_ARGUMENT
                    + "); use a Livy session or spark-launcher for this pipeline", false);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("file", settings.jobJar());
        body.put("className", settings.className());
        body.put("args", List.of("--request", "base64:" + encoded));
        body.put("name", request.runId());
        Map<String, String> conf = settings.confWithSecrets();
        if (!conf.isEmpty()) {
            body.put("conf", conf);
        }
        putIfSet(body, "driverMemory", settings.driverMemory());
        putIfSet(body, "executorMemory", settings.executorMemory());
        putIfSet(body, "executorCores", settings.executorCores());
        putIfSet(body, "numExecutors", settings.numExecutors());
        putIfSet(body, "queue", settings.queue());
        putIfSet(body, "proxyUser", settings.proxyUser());
        return body;
    }

    static void putIfSet(Map<String, Object> body, String key, Object value) {
        if (value != null) {
            body.put(key, value);
        }
    }

    /** The batch named {@code runId}, if Livy has one. */
    private Optional<JsonNode> findByName(String runId) {
        String path = "/batches/" + LivyClient.segment(runId);
        LivyClient.Response response = client.get(path);
        if (response.status() == 404) {
            return Optional.empty();
        }
        if (!response.ok()) {
            throw client.httpError("cannot look up run " + runId, "GET", path, response);
        }
        return isOurs(response.json(), runId) ? Optional.of(response.json()) : Optional.empty();
    }

    private Submission adopted(String runId, JsonNode batch, Instant now) {
        Submission submission = fromBatch(Submission.submitted(runId, SubmitMode.LIVY_BATCH, null, now), batch, now);
        LOG.info("Run {} was already submitted to Livy as batch {}: adopted", runId, submission.externalId());
        return submission;
    }

    private static boolean isOurs(JsonNode batch, String runId) {
        return batch != null && runId.equals(text(batch, "name")) && batch.hasNonNull("id");
    }

    /** The submission with the batch's id, application id and state; a final Livy state shows as RUNNING until finished. */
    private static Submission fromBatch(Submission submission, JsonNode batch, Instant now) {
        SubmissionState state = LivyStates.ofBatch(text(batch, "state"));
        if (state.isFinal()) {
            state = SubmissionState.RUNNING;
        }
        return submission.progressed(batch.path("id").asText(), text(batch, "appId"), state, now);
    }

    /** Reads the result from the batch log, deletes the batch, and ends the submission. */
    private Submission finish(Submission submission, String livyState, Instant now) {
        String id = submission.externalId();
        List<String> log = readLog(id);
        PipelineRunResult result = null;
        String unreadable = null;
        try {
            result = PipelineRunResult.fromLog(log).orElse(null);
        } catch (IllegalArgumentException e) {
            unreadable = e.getMessage();
        }
        Submission ended;
        if (result != null) {
            boolean succeeded = result.status() == RunStatus.SUCCEEDED;
            ended = submission.ended(succeeded ? SubmissionState.SUCCEEDED : SubmissionState.FAILED,
                    succeeded ? null : result.errorCategory() == null ? ErrorCategory.INTERNAL : result.errorCategory(),
                    client.scrub(result.errorMessage()), result, now);
            if (succeeded != "success".equals(livyState)) {
                LOG.warn("Run {}: the job reported {} but Livy batch {} ended {}; recording the job's report", submission.runId(),
                        result.status(), id, livyState);
            }
        } else if ("success".equals(livyState)) {
            LOG.warn("Run {}: Livy batch {} succeeded but its log has no readable result line{}", submission.runId(), id,
                    unreadable == null ? "" : " (" + unreadable + ")");
            ended = submission.ended(SubmissionState.SUCCEEDED, null, null, null, now);
        } else {
            String message = "Spark job of run " + submission.runId() + " (Livy batch " + id + ") ended " + livyState
                    + " without reporting a result" + (unreadable == null ? "" : " (" + unreadable + ")")
                    + "; last log lines:\n" + String.join("\n", tail(log, FAILURE_TAIL_LINES));
            ended = submission.ended(SubmissionState.FAILED, ErrorCategory.INTERNAL, client.scrub(message), null, now);
        }
        deleteQuietly(id, submission.runId());
        return ended;
    }

    private List<String> readLog(String id) {
        String path = "/batches/" + id + "/log?from=0&size=" + logLines;
        LivyClient.Response response = client.get(path);
        if (!response.ok()) {
            throw client.httpError("cannot read the log of Livy batch " + id, "GET", path, response);
        }
        List<String> lines = lines(response.json());
        int total = response.json().path("total").asInt(lines.size());
        if (total > logLines) {
            // Longer than one page: the result line is printed last, so read the end.
            String tailPath = "/batches/" + id + "/log?from=" + (total - logLines) + "&size=" + logLines;
            LivyClient.Response tail = client.get(tailPath);
            if (!tail.ok()) {
                throw client.httpError("cannot read the log of Livy batch " + id, "GET", tailPath, tail);
            }
            List<String> all = new ArrayList<>(lines);
            all.addAll(lines(tail.json()));
            return all;
        }
        return lines;
    }

    private static List<String> lines(JsonNode log) {
        List<String> lines = new ArrayList<>();
        if (log != null) {
            for (JsonNode line : log.path("log")) {
                lines.add(line.asText());
            }
        }
        return lines;
    }

    static List<String> tail(List<String> lines, int count) {
        return lines.subList(Math.max(0, lines.size() - count), lines.size());
    }

    private void deleteQuietly(String id, String runId) {
        try {
            LivyClient.Response response = client.delete("/batches/" + id);
            if (!response.ok() && response.status() != 404) {
                LOG.warn("Run {}: deleting finished Livy batch {} failed: {}", runId, id, response);
            }
        } catch (SubmitException e) {
            LOG.warn("Run {}: deleting finished Livy batch {} failed: {}", runId, id, e.getMessage());
        }
    }

    private void removeLeftover(String runId) {
        try {
            findByName(runId).ifPresent(batch -> deleteQuietly(batch.path("id").asText(), runId));
        } catch (SubmitException e) {
            LOG.warn("Run {}: could not check for a refused batch left in Livy: {}", runId, e.getMessage());
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
