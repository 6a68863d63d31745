package io.datahub.submit.livy;

import com.fasterxml.jackson.databind.JsonNode;
import io.datahub.model.run.ErrorCategory;
import io.datahub.model.run.PipelineRunResult;
import io.datahub.model.run.RunRequest;
import io.datahub.model.run.RunStatus;
import io.datahub.submit.SparkSubmitter;
import io.datahub.submit.Submission;
import io.datahub.submit.SubmissionState;
import io.datahub.submit.SubmitException;
import io.datahub.submit.SubmitMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs on a pool of warm Livy sessions (kind {@code spark}, the job jar in {@code jars}); each run is one statement
 * calling the job's session entry point. For many small runs: a warm statement starts in well under a second, a
 * batch needs a new Spark application each time.
 *
 * <p>A pooled session runs one run of ours at a time. {@link #submit} puts the run in a FIFO queue and starts it on
 * an idle session if there is one; otherwise it asks Livy for a new session (below the pool size) and returns the
 * run {@link SubmissionState#SUBMITTED} without an external id. Whichever later call finds a session free (a poll
 * seeing a run end, or a starting session become idle) starts the queue's head on it, so the next poll of a queued
 * run returns it running. No call waits: sessions are created asynchronously and checked at most every
 * {@link SessionPoolSettings#stateCheckInterval()}.
 *
 * <p>The queue and the pool live in this object: after a restart, running statements are still followed through
 * their submissions ({@code "sessionId/statementId"}), but runs that were still queued must be submitted again
 * (their poll says so), and the old pool's sessions are left to Livy's session timeout.
 */
public final class LivySessionSubmitter implements SparkSubmitter {

    static final int TRACEBACK_LINES = 5;
    static final int SESSION_LOG_LINES = 20;
    private static final int SESSION_LIST_SIZE = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(LivySessionSubmitter.class);

    private final LivySettings settings;
    private final SessionPoolSettings pool;
    private final LivyClient client;
    private final Clock clock;

    private final Object lock = new Object();
    private final Map<Integer, Pooled> sessions = new LinkedHashMap<>();
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private final Map<String, RunRequest> queued = new HashMap<>();
    /** Runs started on behalf of their queue position, whose own call has not seen it yet. */
    private final Map<String, Started> started = new HashMap<>();
    /** Queued runs Livy refused to start, with why. */
    private final Map<String, String> refused = new HashMap<>();
    /** Runs cancelled while their statement was being posted. */
    private final Set<String> cancelledInFlight = new HashSet<>();
    private int creating;
    private int nameCounter;
    private boolean closed;

    private enum Status { STARTING, IDLE, BUSY, CHECKING }

    /** A session of the pool. Guarded by {@code lock}. */
    private static final class Pooled {
        final int id;
        final String name;
        Status status;
        String runId;
        int statementId = -1;
        String appId;
        Instant idleSince;
        Instant touched;
        Instant nextCheck;

        Pooled(int id, String name) {
            this.id = id;
            this.name = name;
        }
    }

    private record Started(int sessionId, int statementId, String appId) {
        String externalId() {
            return sessionId + "/" + statementId;
        }
    }

    public LivySessionSubmitter(LivySettings settings, SessionPoolSettings pool) {
        this(settings, pool, Clock.systemUTC());
    }

    public LivySessionSubmitter(LivySettings settings, SessionPoolSettings pool, Clock clock) {
        this.settings = settings;
        this.pool = pool;
        this.client = new LivyClient(settings);
        this.clock = clock;
    }

    // ---------------------------------------------------------------- SparkSubmitter

    @Override
    public Submission submit(RunRequest request) {
        String runId = request.runId();
        if (runId == null || runId.isBlank()) {
            throw new SubmitException("a run request without a run id cannot be submitted", false);
        }
        Instant now = clock.instant();
        Submission base = Submission.submitted(runId, SubmitMode.LIVY_SESSION, null, now);
        synchronized (lock) {
            if (closed) {
                throw new SubmitException("the Livy session submitter is closed", false);
            }
            Submission known = knownLocked(base, now);
            if (known != null) {
                return known;
            }
            queue.addLast(runId);
            queued.put(runId, request);
        }
        try {
            advance(runId);
        } catch (SubmitException e) {
            synchronized (lock) {
                unqueueLocked(runId);
                refused.remove(runId);
            }
            throw e;
        }
        synchronized (lock) {
            Started st = started.remove(runId);
            return st == null ? base : base.progressed(st.externalId(), st.appId(), SubmissionState.RUNNING, now);
        }
    }

    @Override
    public Submission poll(Submission submission) {
        if (submission.isFinal()) {
            return submission;
        }
        Instant now = clock.instant();
        return submission.externalId() == null ? pollQueued(submission, now) : pollStatement(submission, now);
    }

    @Override
    public Submission cancel(Submission submission) {
        if (submission.isFinal()) {
            return submission;
        }
        String runId = submission.runId();
        Instant now = clock.instant();
        String externalId = submission.externalId();
        if (externalId == null) {
            synchronized (lock) {
                refused.remove(runId);
                Started st = started.remove(runId);
                if (st != null) {
                    externalId = st.externalId();
                } else if (!unqueueLocked(runId) && busySession(runId) != null) {
                    cancelledInFlight.add(runId);  // being posted right now: cancelled once it has an id
                }
            }
        }
        if (externalId != null) {
            int[] ids = parse(externalId);
            if (ids != null) {
                cancelStatement(ids[0], ids[1], runId);
            }
        }
        LOG.info("Run {} cancelled", runId);
        return submission.ended(SubmissionState.CANCELLED, ErrorCategory.CANCELLED, "cancelled", null, now);
    }

    /** Deletes the pool's sessions that run nothing of ours (busy ones finish their run; Livy's timeout ends them). */
    @Override
    public void close() {
        List<Pooled> toDelete = new ArrayList<>();
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            for (Iterator<Pooled> it = sessions.values().iterator(); it.hasNext(); ) {
                Pooled p = it.next();
                if (p.status != Status.BUSY) {
                    it.remove();
                    toDelete.add(p);
                }
            }
            if (!queue.isEmpty()) {
                LOG.warn("Closing the Livy session submitter with {} runs still queued; they were not started", queue.size());
            }
            queue.clear();
            queued.clear();
        }
        for (Pooled p : toDelete) {
            deleteSessionQuietly(p, "the submitter is closing");
        }
    }

    // ---------------------------------------------------------------- polling

    private Submission pollQueued(Submission submission, Instant now) {
        String runId = submission.runId();
        synchronized (lock) {
            Submission seen = takeStartedLocked(submission, now);
            if (seen != null) {
                return seen;
            }
            String why = refused.remove(runId);
            if (why != null) {
                return submission.ended(SubmissionState.FAILED, ErrorCategory.SUBMISSION_FAILED, why, null, now);
            }
            if (!queued.containsKey(runId)) {
                Pooled p = busySession(runId);
                if (p != null) {  // its statement is being posted right now
                    return p.statementId < 0 ? submission.progressed(null, null, SubmissionState.SUBMITTED, now)
                            : submission.progressed(p.id + "/" + p.statementId, p.appId, SubmissionState.RUNNING, now);
                }
                return submission.ended(SubmissionState.FAILED, ErrorCategory.SUBMISSION_FAILED, "run " + runId
                        + " was waiting for a free Livy session in a submitter that no longer holds it (restarted or closed);"
                        + " it never started: submit it again", null, now);
            }
        }
        try {
            advance(runId);
        } catch (SubmitException e) {
            if (e.transientFailure()) {
                throw e;
            }
            synchronized (lock) {
                unqueueLocked(runId);
                refused.remove(runId);
            }
            return submission.ended(SubmissionState.FAILED, e.errorCategory(), e.getMessage(), null, now);
        }
        synchronized (lock) {
            Submission seen = takeStartedLocked(submission, now);
            return seen != null ? seen : submission.progressed(null, null, SubmissionState.SUBMITTED, now);
        }
    }

    private Submission pollStatement(Submission submission, Instant now) {
        String runId = submission.runId();
        int[] ids = parse(submission.externalId());
        if (ids == null) {
            return submission.ended(SubmissionState.FAILED, ErrorCategory.SUBMISSION_FAILED,
                    "'" + submission.externalId() + "' is not a Livy session statement id (sessionId/statementId)", null, now);
        }
        int sid = ids[0];
        int stid = ids[1];
        maintain();
        String path = "/sessions/" + sid + "/statements/" + stid;
        LivyClient.Response response = client.get(path);
        if (!response.ok()) {
            return sessionTrouble(submission, sid, stid, path, response, now);
        }
        JsonNode statement = response.json();
        if (statement.hasNonNull("code") && !StatementOutput.runIdOf(statement.get("code").asText()).equals(Optional.of(runId))) {
            release(sid, runId);
            return submission.ended(SubmissionState.FAILED, ErrorCategory.SUBMISSION_FAILED, "Livy session " + sid
                    + " has a statement " + stid + " that is not run " + runId + "'s; the run was lost, e.g. by a Livy restart",
                    null, now);
        }
        String state = LivyBatchSubmitter.text(statement, "state");
        state = state == null ? "" : state;
        switch (state) {
            case "waiting", "running", "cancelling" -> {
                String appId = touch(sid, runId, stid, now);
                return submission.progressed(null, appId, SubmissionState.RUNNING, now);
            }
            case "available" -> {
                Submission ended = outcome(submission, sid, stid, statement.get("output"), now);
                finished(sid, runId);
                return ended;
            }
            case "error" -> {
                String detail = statement.hasNonNull("output") ? ": " + errorText(statement.get("output")) : "";
                finished(sid, runId);
                return submission.ended(SubmissionState.FAILED, ErrorCategory.INTERNAL, client.scrub("statement " + stid
                        + " of run " + runId + " on Livy session " + sid + " ended in state error" + detail), null, now);
            }
            case "cancelled" -> {
                finished(sid, runId);
                return submission.ended(SubmissionState.CANCELLED, ErrorCategory.CANCELLED, "cancelled", null, now);
            }
            default -> {
                return submission.progressed(null, null, SubmissionState.UNKNOWN, now);
            }
        }
    }

    /** The statement was not answered: find out whether its session is still there. */
    private Submission sessionTrouble(Submission submission, int sid, int stid, String path, LivyClient.Response response,
                                      Instant now) {
        String runId = submission.runId();
        LivyClient.Response session = client.get("/sessions/" + sid);
        String knownName = nameOf(sid);
        if (session.status() == 404 || (session.ok() && !sameName(knownName, session.json()))) {
            drop(sid, "Livy no longer knows it");
            return submission.ended(SubmissionState.FAILED, ErrorCategory.SUBMISSION_FAILED, "Livy session " + sid
                    + " died: Livy no longer knows it (run " + runId + "); it was lost, e.g. by a Livy restart", null, now);
        }
        if (!session.ok()) {
            throw client.httpError("cannot follow run " + runId, "GET", "/sessions/" + sid, session);
        }
        String state = LivyBatchSubmitter.text(session.json(), "state");
        if (state != null && LivyStates.SESSION_GONE.contains(state)) {
            drop(sid, "state " + state);
            List<String> log = sessionLog(sid);
            String message = "Livy session " + sid + " died (state " + state + ") while running run " + runId
                    + (log.isEmpty() ? "" : "; last log lines:\n" + String.join("\n", log));
            return submission.ended(SubmissionState.FAILED, ErrorCategory.SUBMISSION_FAILED, client.scrub(message), null, now);
        }
        if (response.status() == 404) {
            release(sid, runId);
            return submission.ended(SubmissionState.FAILED, ErrorCategory.SUBMISSION_FAILED, "Livy session " + sid
                    + " does not know statement " + stid + " of run " + runId + "; it was lost, e.g. by a Livy restart", null, now);
        }
        throw client.httpError("cannot follow run " + runId, "GET", path, response);
    }

    private Submission outcome(Submission submission, int sid, int stid, JsonNode output, Instant now) {
        String where = "statement " + stid + " of run " + submission.runId() + " on Livy session " + sid;
        if (output == null || output.isNull()) {
            return submission.ended(SubmissionState.FAILED, ErrorCategory.INTERNAL, where + " ended without output", null, now);
        }
        String status = LivyBatchSubmitter.text(output, "status");
        if ("ok".equals(status)) {
            String text = LivyBatchSubmitter.text(output.path("data"), "text/plain");
            Optional<PipelineRunResult> result = StatementOutput.result(text);
            if (result.isEmpty()) {
                String shown = text == null ? "(none)" : text.length() > 500 ? text.substring(0, 500) + "..." : text;
                return submission.ended(SubmissionState.FAILED, ErrorCategory.INTERNAL,
                        client.scrub(where + " printed no readable run result: " + shown), null, now);
            }
            PipelineRunResult r = result.get();
            boolean succeeded = r.status() == RunStatus.SUCCEEDED;
            return submission.ended(succeeded ? SubmissionState.SUCCEEDED : SubmissionState.FAILED,
                    succeeded ? null : r.errorCategory() == null ? ErrorCategory.INTERNAL : r.errorCategory(),
                    client.scrub(r.errorMessage()), r, now);
        }
        if ("error".equals(status)) {
            return submission.ended(SubmissionState.FAILED, ErrorCategory.INTERNAL, client.scrub(errorText(output)), null, now);
        }
        return submission.ended(SubmissionState.FAILED, ErrorCategory.INTERNAL, where + " ended with output status " + status,
                null, now);
    }

    /** {@code ename: evalue} and the first traceback lines. */
    static String errorText(JsonNode output) {
        StringBuilder text = new StringBuilder();
        text.append(LivyBatchSubmitter.text(output, "ename")).append(": ").append(LivyBatchSubmitter.text(output, "evalue"));
        int n = 0;
        for (JsonNode line : output.path("traceback")) {
            if (n++ == TRACEBACK_LINES) {
                text.append("\n...");
                break;
            }
            text.append('\n').append(line.asText().stripTrailing());
        }
        return text.toString();
    }

    // ---------------------------------------------------------------- the queue and the pool

    /** Housekeeping, then starts queued runs on free sessions and asks for sessions when needed. */
    private void advance(String runId) {
        maintain();
        Map<String, SubmitException> errors = new HashMap<>();
        dispatch(errors);
        SubmitException capacityError = null;
        try {
            ensureCapacity();
        } catch (SubmitException e) {
            capacityError = e;
        }
        dispatch(errors);
        SubmitException own = errors.get(runId);
        if (own != null) {
            throw own;
        }
        if (capacityError != null) {
            synchronized (lock) {
                if (!queued.containsKey(runId)) {
                    return;
                }
            }
            throw capacityError;
        }
    }

    /** Checks starting and doubtful sessions that are due, deletes sessions idle for too long. */
    private void maintain() {
        List<Pooled> check = new ArrayList<>();
        List<Pooled> expired = new ArrayList<>();
        synchronized (lock) {
            Instant now = clock.instant();
            Duration idleTimeout = pool.idleTimeout();
            for (Iterator<Pooled> it = sessions.values().iterator(); it.hasNext(); ) {
                Pooled p = it.next();
                if (p.status == Status.BUSY && idleTimeout != null && !now.isBefore(p.touched.plus(idleTimeout))) {
                    LOG.info("Run {} on Livy session {} was not polled for {}; the session is free again once Livy says idle",
                            p.runId, p.id, idleTimeout);
                    p.status = Status.CHECKING;
                    p.nextCheck = now;
                }
                if ((p.status == Status.STARTING || p.status == Status.CHECKING) && !now.isBefore(p.nextCheck)) {
                    p.nextCheck = now.plus(pool.stateCheckInterval());
                    check.add(p);
                } else if (p.status == Status.IDLE && idleTimeout != null && !now.isBefore(p.idleSince.plus(idleTimeout))) {
                    it.remove();
                    expired.add(p);
                }
            }
        }
        for (Pooled p : check) {
            refresh(p);
        }
        for (Pooled p : expired) {
            deleteSessionQuietly(p, "idle for " + pool.idleTimeout());
        }
    }

    /** Asks Livy for a session's state: idle makes it usable, dead or gone drops it from the pool. */
    private void refresh(Pooled p) {
        LivyClient.Response response;
        try {
            response = client.get("/sessions/" + p.id);
        } catch (SubmitException e) {
            LOG.debug("Checking Livy session {}: {}", p.id, e.getMessage());
            return;
        }
        synchronized (lock) {
            if (sessions.get(p.id) != p) {
                return;
            }
            if (response.status() == 404 || (response.ok() && !sameName(p.name, response.json()))) {
                sessions.remove(p.id);
                LOG.warn("Livy session {} ({}) is gone; dropped from the pool", p.id, p.name);
                return;
            }
            if (!response.ok()) {
                LOG.debug("Checking Livy session {}: {}", p.id, response);
                return;
            }
            String state = LivyBatchSubmitter.text(response.json(), "state");
            String appId = LivyBatchSubmitter.text(response.json(), "appId");
            if (appId != null) {
                p.appId = appId;
            }
            if (state != null && LivyStates.SESSION_GONE.contains(state)) {
                sessions.remove(p.id);
                LOG.warn("Livy session {} ({}) is {}; dropped from the pool", p.id, p.name, state);
            } else if ("idle".equals(state) && p.status != Status.BUSY && p.status != Status.IDLE) {
                if (p.status == Status.STARTING) {
                    LOG.info("Livy session {} ({}) is ready", p.id, p.name);
                }
                makeIdleLocked(p);
            }
        }
    }

    /** Starts queue heads on idle sessions; errors met by a run are put in {@code errors} under its run id. */
    private void dispatch(Map<String, SubmitException> errors) {
        for (int i = 0; i <= pool.size(); i++) {
            Pooled p = null;
            String runId;
            RunRequest request;
            synchronized (lock) {
                if (closed || queue.isEmpty()) {
                    return;
                }
                for (Pooled candidate : sessions.values()) {
                    if (candidate.status == Status.IDLE) {
                        p = candidate;
                        break;
                    }
                }
                if (p == null) {
                    return;
                }
                runId = queue.pollFirst();
                request = queued.remove(runId);
                p.status = Status.BUSY;
                p.runId = runId;
                p.statementId = -1;
                p.touched = clock.instant();
            }
            try {
                int statementId = postStatement(p, request);
                boolean cancel;
                synchronized (lock) {
                    p.statementId = statementId;
                    cancel = cancelledInFlight.remove(runId);
                    if (!cancel) {
                        started.put(runId, new Started(p.id, statementId, p.appId));
                    }
                }
                LOG.info("Run {} started on Livy session {} as statement {}", runId, p.id, statementId);
                if (cancel) {
                    cancelStatement(p.id, statementId, runId);
                }
            } catch (SubmitException e) {
                boolean refusedForGood = e.httpStatus() == 401 || e.httpStatus() == 403;
                synchronized (lock) {
                    if (cancelledInFlight.remove(runId)) {
                        refusedForGood = true;
                    } else if (refusedForGood) {
                        refused.put(runId, e.getMessage());
                    } else {
                        queue.addFirst(runId);
                        queued.put(runId, request);
                    }
                    if (sessions.get(p.id) == p) {
                        p.status = Status.CHECKING;
                        p.runId = null;
                        p.statementId = -1;
                        p.nextCheck = clock.instant();
                    }
                }
                if (e.httpStatus() > 0 || !LivyClient.notSent(e)) {
                    refresh(p);  // is the session still usable? (drops it when dead or gone)
                }
                boolean sessionGone;
                synchronized (lock) {
                    sessionGone = sessions.get(p.id) != p;
                }
                if (sessionGone && !refusedForGood) {
                    continue;  // the run waits for another session
                }
                errors.put(runId, e);
                return;
            }
        }
    }

    private int postStatement(Pooled p, RunRequest request) {
        String code = StatementOutput.code(request.toJson());
        String path = "/sessions/" + p.id + "/statements";
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", "spark");
        body.put("code", code);
        LivyClient.Response response;
        try {
            response = client.post(path, body);
        } catch (SubmitException e) {
            if (LivyClient.notSent(e)) {
                throw e;
            }
            // Outcome unknown: the statement may exist; it is recognized by its code.
            Optional<Integer> found = findStatement(p.id, code);
            if (found.isPresent()) {
                LOG.info("Run {}: statement {} on Livy session {} found after a lost answer; adopted", request.runId(),
                        found.get(), p.id);
                return found.get();
            }
            throw e;
        }
        if (response.ok() && response.json() != null && response.json().hasNonNull("id")) {
            return response.json().get("id").asInt();
        }
        throw client.httpError("run " + request.runId() + " not started on Livy session " + p.id, "POST", path, response);
    }

    private Optional<Integer> findStatement(int sid, String code) {
        String path = "/sessions/" + sid + "/statements";
        LivyClient.Response response = client.get(path);
        if (!response.ok()) {
            throw client.httpError("cannot look up a statement on Livy session " + sid, "GET", path, response);
        }
        for (JsonNode statement : response.json().path("statements")) {
            if (code.equals(LivyBatchSubmitter.text(statement, "code"))) {
                return Optional.of(statement.path("id").asInt());
            }
        }
        return Optional.empty();
    }

    /** Creates one session when runs wait, no session is idle or starting for them, and the pool has room. */
    private void ensureCapacity() {
        String name;
        synchronized (lock) {
            if (closed || queue.isEmpty()) {
                return;
            }
            int starting = creating;
            for (Pooled p : sessions.values()) {
                if (p.status == Status.IDLE) {
                    return;
                }
                if (p.status == Status.STARTING) {
                    starting++;
                }
            }
            if (starting >= queue.size() || sessions.size() + creating >= pool.size()) {
                return;
            }
            creating++;
            name = nextNameLocked();
        }
        Pooled created = null;
        try {
            created = createSession(name);
        } finally {
            boolean discard;
            synchronized (lock) {
                creating--;
                discard = closed && created != null;
                if (created != null && !discard) {
                    sessions.put(created.id, created);
                }
            }
            if (discard) {
                deleteSessionQuietly(created, "the submitter was closed while it started");
            }
        }
    }

    private Pooled createSession(String firstName) {
        String name = firstName;
        for (int attempt = 1; attempt <= 3; attempt++) {
            Map<String, Object> body = sessionBody(name);
            LivyClient.Response response;
            try {
                response = client.post("/sessions", body);
            } catch (SubmitException e) {
                if (LivyClient.notSent(e)) {
                    throw e;
                }
                Optional<JsonNode> found = findSessionByName(name);
                if (found.isPresent()) {
                    LOG.info("Livy session {} found after a lost answer; adopted", name);
                    return pooled(found.get(), name);
                }
                throw e;
            }
            if (response.ok() && response.json() != null && response.json().hasNonNull("id")) {
                Pooled p = pooled(response.json(), name);
                LOG.info("Livy session {} ({}) created for the pool", p.id, name);
                return p;
            }
            if (response.status() == 400 && response.message().contains("Duplicate session name")) {
                synchronized (lock) {
                    name = nextNameLocked();
                }
                continue;
            }
            boolean transientFailure = response.status() >= 500 || response.status() == 429
                    || response.message().contains("too many sessions");
            throw new SubmitException("cannot create a Livy session: Livy at " + client.where() + " answered HTTP "
                    + response.status() + " to POST /sessions: " + response.message(), transientFailure, response.status(), null);
        }
        throw new SubmitException("cannot create a Livy session: the names " + firstName + " to " + name
                + " are all taken (another submitter uses the prefix '" + pool.namePrefix() + "'?)", true);
    }

    private String nextNameLocked() {
        return pool.namePrefix() + "-" + nameCounter++;
    }

    private Map<String, Object> sessionBody(String name) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", "spark");
        body.put("name", name);
        body.put("jars", List.of(settings.jobJar()));
        Map<String, String> conf = settings.confWithSecrets();
        if (!conf.isEmpty()) {
            body.put("conf", conf);
        }
        LivyBatchSubmitter.putIfSet(body, "driverMemory", settings.driverMemory());
        LivyBatchSubmitter.putIfSet(body, "executorMemory", settings.executorMemory());
        LivyBatchSubmitter.putIfSet(body, "executorCores", settings.executorCores());
        LivyBatchSubmitter.putIfSet(body, "numExecutors", settings.numExecutors());
        LivyBatchSubmitter.putIfSet(body, "queue", settings.queue());
        LivyBatchSubmitter.putIfSet(body, "proxyUser", settings.proxyUser());
        return body;
    }

    private Optional<JsonNode> findSessionByName(String name) {
        String path = "/sessions?from=0&size=" + SESSION_LIST_SIZE;
        LivyClient.Response response = client.get(path);
        if (!response.ok()) {
            throw client.httpError("cannot look up Livy session " + name, "GET", path, response);
        }
        for (JsonNode session : response.json().path("sessions")) {
            if (name.equals(LivyBatchSubmitter.text(session, "name"))) {
                return Optional.of(session);
            }
        }
        return Optional.empty();
    }

    private Pooled pooled(JsonNode session, String name) {
        Pooled p = new Pooled(session.get("id").asInt(), name);
        p.appId = LivyBatchSubmitter.text(session, "appId");
        Instant now = clock.instant();
        p.touched = now;
        if ("idle".equals(LivyBatchSubmitter.text(session, "state"))) {
            makeIdleLocked(p);
        } else {
            p.status = Status.STARTING;
            p.nextCheck = now.plus(pool.stateCheckInterval());
        }
        return p;
    }

    private void makeIdleLocked(Pooled p) {
        p.status = Status.IDLE;
        p.runId = null;
        p.statementId = -1;
        p.idleSince = clock.instant();
    }

    /** Our statement ended: the session is free; start the queue's next run on it right away. */
    private void finished(int sid, String runId) {
        release(sid, runId);
        try {
            dispatch(new HashMap<>());
        } catch (RuntimeException e) {
            LOG.warn("Starting queued runs failed: {}", e.getMessage());
        }
    }

    private void release(int sid, String runId) {
        synchronized (lock) {
            Pooled p = sessions.get(sid);
            if (p != null && runId.equals(p.runId) && (p.status == Status.BUSY || p.status == Status.CHECKING)) {
                makeIdleLocked(p);
            }
        }
    }

    /** The run's statement is still going: its session stays held by it. Returns the session's application id. */
    private String touch(int sid, String runId, int stid, Instant now) {
        synchronized (lock) {
            Pooled p = sessions.get(sid);
            if (p == null || !runId.equals(p.runId)) {
                return null;
            }
            p.touched = now;
            p.statementId = stid;
            if (p.status == Status.CHECKING) {
                p.status = Status.BUSY;
            }
            return p.appId;
        }
    }

    private void drop(int sid, String why) {
        synchronized (lock) {
            Pooled p = sessions.remove(sid);
            if (p != null) {
                LOG.warn("Livy session {} ({}) dropped from the pool: {}", sid, p.name, why);
            }
        }
    }

    private void cancelStatement(int sid, int stid, String runId) {
        String path = "/sessions/" + sid + "/statements/" + stid;
        LivyClient.Response statement = client.get(path);
        if (statement.ok()) {
            JsonNode code = statement.json() == null ? null : statement.json().get("code");
            if (code != null && !StatementOutput.runIdOf(code.asText()).equals(Optional.of(runId))) {
                return;  // not ours (Livy restarted and reused the ids): nothing of ours to cancel
            }
            LivyClient.Response response = client.post(path + "/cancel", Map.of());
            if (!response.ok() && response.status() != 404) {
                throw client.httpError("cannot cancel run " + runId, "POST", path + "/cancel", response);
            }
        } else if (statement.status() != 404) {
            throw client.httpError("cannot cancel run " + runId, "GET", path, statement);
        }
        synchronized (lock) {
            Pooled p = sessions.get(sid);
            if (p != null && runId.equals(p.runId)) {
                p.status = Status.CHECKING;  // free again once Livy says the session is idle
                p.runId = null;
                p.statementId = -1;
                p.nextCheck = clock.instant();
            }
        }
    }

    private List<String> sessionLog(int sid) {
        try {
            LivyClient.Response log = client.get("/sessions/" + sid + "/log?size=" + SESSION_LOG_LINES);
            List<String> lines = new ArrayList<>();
            if (log.ok() && log.json() != null) {
                for (JsonNode line : log.json().path("log")) {
                    lines.add(line.asText());
                }
            }
            return lines;
        } catch (SubmitException e) {
            return List.of();
        }
    }

    private void deleteSessionQuietly(Pooled p, String why) {
        try {
            LivyClient.Response response = client.delete("/sessions/" + p.id);
            if (response.ok() || response.status() == 404) {
                LOG.info("Livy session {} ({}) deleted: {}", p.id, p.name, why);
            } else {
                LOG.warn("Deleting Livy session {} ({}) failed: {}", p.id, p.name, response);
            }
        } catch (SubmitException e) {
            LOG.warn("Deleting Livy session {} ({}) failed: {}", p.id, p.name, e.getMessage());
        }
    }

    // ---------------------------------------------------------------- helpers (callers hold the lock where named so)

    private Submission knownLocked(Submission base, Instant now) {
        String runId = base.runId();
        Submission seen = takeStartedLocked(base, now);
        if (seen != null) {
            return seen;
        }
        if (queued.containsKey(runId)) {
            return base;
        }
        Pooled p = busySession(runId);
        if (p != null) {
            return p.statementId < 0 ? base : base.progressed(p.id + "/" + p.statementId, p.appId, SubmissionState.RUNNING, now);
        }
        return null;
    }

    private Submission takeStartedLocked(Submission submission, Instant now) {
        Started st = started.remove(submission.runId());
        return st == null ? null : submission.progressed(st.externalId(), st.appId(), SubmissionState.RUNNING, now);
    }

    private Pooled busySession(String runId) {
        for (Pooled p : sessions.values()) {
            if ((p.status == Status.BUSY || p.status == Status.CHECKING) && runId.equals(p.runId)) {
                return p;
            }
        }
        return null;
    }

    private boolean unqueueLocked(String runId) {
        if (queued.remove(runId) != null) {
            queue.remove(runId);
            return true;
        }
        return false;
    }

    private String nameOf(int sid) {
        synchronized (lock) {
            Pooled p = sessions.get(sid);
            return p == null ? null : p.name;
        }
    }

    /** A session answered for an id is the one we know by name, unless Livy reports no name or we know none. */
    private static boolean sameName(String expected, JsonNode session) {
        String actual = LivyBatchSubmitter.text(session, "name");
        return expected == null || actual == null || expected.equals(actual);
    }

    private static int[] parse(String externalId) {
        String[] parts = externalId.split("/");
        if (parts.length != 2) {
            return null;
        }
        try {
            return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
