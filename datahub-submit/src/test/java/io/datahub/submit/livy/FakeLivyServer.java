package io.datahub.submit.livy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.datahub.model.run.PipelineRunResult;
import io.datahub.model.run.RunStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP server speaking the part of Livy's REST API the submitters use, with the JSON shapes and state
 * progressions measured against Livy 0.9 (DESIGN section 6). Batches and statements move one step per GET, as the
 * test scripts them; faults can be injected per request; every request is recorded.
 */
public final class FakeLivyServer implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RUN_CALL = Pattern.compile("runBase64\\(\"([A-Za-z0-9+/=]*)\"\\)");

    /** One request as received. Header names are lower case. */
    public record Recorded(String method, String path, String query, Map<String, String> headers, String body) {
        public String target() {
            return method + " " + path + (query == null ? "" : "?" + query);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * How a batch moves: {@code states.get(0)} when created, {@code states.get(k)} after its k-th GET (the last one
     * repeats), and its log lines (as Livy shows them, e.g. prefixed {@code "stdout: "}).
     */
    public record BatchScript(List<String> states, List<String> log) {
    }

    /** How a statement moves: {@code states.get(k)} after its k-th GET; {@code output} once available. */
    public record StatementScript(List<String> states, Map<String, Object> output) {
    }

    private enum FaultKind { STATUS, DROP_RESPONSE, DROP_REQUEST, PROCESS_THEN_STATUS }

    private record Fault(String method, Pattern path, FaultKind kind, int status, String body) {
    }

    private record Reply(int status, String body) {
    }

    public final class Batch {
        final int id;
        final String name;
        final JsonNode request;
        final BatchScript script;
        int gets;

        public Batch(int id, String name, JsonNode request, BatchScript script) {
            this.id = id;
            this.name = name;
            this.request = request;
            this.script = script;
        }

        public String state() {
            return script.states().get(Math.min(gets, script.states().size() - 1));
        }
    }

    public final class Session {
        final int id;
        final String name;
        final JsonNode request;
        final List<Statement> statements = new ArrayList<>();
        final List<String> log = new ArrayList<>();
        int gets;
        String forcedState;

        public Session(int id, String name, JsonNode request) {
            this.id = id;
            this.name = name;
            this.request = request;
        }

        public String state() {
            if (forcedState != null) {
                return forcedState;
            }
            if (gets < sessionStartGets) {
                return "starting";
            }
            for (Statement st : statements) {
                if (!st.isFinal()) {
                    return "busy";
                }
            }
            return "idle";
        }
    }

    public final class Statement {
        final int id;
        final String code;
        final StatementScript script;
        int gets;
        boolean cancelled;

        public Statement(int id, String code, StatementScript script) {
            this.id = id;
            this.code = code;
            this.script = script;
        }

        public String state() {
            return cancelled ? "cancelled" : script.states().get(Math.min(gets, script.states().size() - 1));
        }

        public boolean isFinal() {
            String state = state();
            return state.equals("available") || state.equals("error") || state.equals("cancelled");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final List<Recorded> requests = new ArrayList<>();
    private final List<Fault> faults = new ArrayList<>();
    private final Map<Integer, Batch> batches = new TreeMap<>();
    private final Map<Integer, Session> sessions = new TreeMap<>();
    private int nextBatchId;
    private int nextSessionId;
    private Function<String, BatchScript> batchScripts = FakeLivyServer::succeedingBatch;
    private Function<String, StatementScript> statementScripts = FakeLivyServer::succeedingStatement;
    private int sessionStartGets = 1;
    private String basicAuth;

    public FakeLivyServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Stops listening (connections are refused afterwards); the state stays readable. */
    public void stop() {
        server.stop(0);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ------------------------------------------------------------ scripting

    public synchronized void scriptBatches(Function<String, BatchScript> byName) {
        batchScripts = byName;
    }

    /** Statements by the run id their code carries. */
    public synchronized void scriptStatements(Function<String, StatementScript> byRunId) {
        statementScripts = byRunId;
    }

    /** A new session is {@code starting} until it has been asked for this many times, then {@code idle}. */
    public synchronized void sessionStartGets(int gets) {
        sessionStartGets = gets;
    }

    public synchronized void requireBasicAuth(String user, String password) {
        basicAuth = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The next matching request is answered with this status and body, without any effect. */
    public synchronized void failNext(String method, String pathRegex, int status, String body) {
        faults.add(new Fault(method, Pattern.compile(pathRegex), FaultKind.STATUS, status, body));
    }

    /** The next matching request is processed, then answered with this status and body (Livy's refused batch). */
    public synchronized void processThenFailNext(String method, String pathRegex, int status, String body) {
        faults.add(new Fault(method, Pattern.compile(pathRegex), FaultKind.PROCESS_THEN_STATUS, status, body));
    }

    /** The next matching request is processed, then its connection is closed without an answer. */
    public synchronized void dropResponseNext(String method, String pathRegex) {
        faults.add(new Fault(method, Pattern.compile(pathRegex), FaultKind.DROP_RESPONSE, 0, null));
    }

    /** The next matching request is read but neither processed nor answered. */
    public synchronized void dropRequestNext(String method, String pathRegex) {
        faults.add(new Fault(method, Pattern.compile(pathRegex), FaultKind.DROP_REQUEST, 0, null));
    }

    /** A Livy restart without recovery: all batches and sessions are gone and ids start at 0 again. */
    public synchronized void restartLivy() {
        batches.clear();
        sessions.clear();
        nextBatchId = 0;
        nextSessionId = 0;
    }

    /** A batch somebody else submitted. */
    public synchronized int addBatch(String name, BatchScript script) {
        int id = nextBatchId++;
        batches.put(id, new Batch(id, name, JSON.createObjectNode(), script));
        return id;
    }

    /** A session somebody else created (already idle). */
    public synchronized int addSession(String name) {
        int id = nextSessionId++;
        Session session = new Session(id, name, JSON.createObjectNode());
        session.gets = Integer.MAX_VALUE / 2;
        sessions.put(id, session);
        return id;
    }

    public synchronized void killSession(int id, String... log) {
        Session session = sessions.get(id);
        session.forcedState = "dead";
        session.log.addAll(List.of(log));
    }

    // ------------------------------------------------------------ inspection

    public synchronized List<Recorded> requests() {
        return List.copyOf(requests);
    }

    public synchronized List<String> targets() {
        return requests.stream().map(Recorded::target).toList();
    }

    public synchronized long count(String method, String pathRegex) {
        Pattern p = Pattern.compile(pathRegex);
        return requests.stream().filter(r -> r.method().equals(method) && p.matcher(r.path()).matches()).count();
    }

    public synchronized Map<Integer, Batch> batches() {
        return Map.copyOf(batches);
    }

    public synchronized Map<Integer, Session> sessions() {
        return Map.copyOf(sessions);
    }

    public synchronized List<String> statementRunIds(int sessionId) {
        return sessions.get(sessionId).statements.stream().map(st -> runIdOf(st.code)).toList();
    }

    // ------------------------------------------------------------ default scripts

    public static PipelineRunResult result(String runId, RunStatus status) {
        Instant start = Instant.parse("2026-01-05T10:00:00Z");
        return new PipelineRunResult(runId, "sales", "staging", "orders", "1.0", "2026-01-05", status, start,
                start.plusSeconds(3), Map.of("orders", 42L), Map.of("orders_clean", 40L), Map.of(), Map.of(), List.of(), List.of(),
                null, null);
    }

    public static BatchScript succeedingBatch(String runId) {
        return new BatchScript(List.of("starting", "success"), List.of("stdout: ", "stdout: Spark job started",
                "stdout: " + result(runId, RunStatus.SUCCEEDED).toLogLine(), "", "stderr: "));
    }

    /** The println form the submitter's statement produces: the result JSON on its own line. */
    public static StatementScript succeedingStatement(String runId) {
        return new StatementScript(List.of("waiting", "available"), okOutput(result(runId, RunStatus.SUCCEEDED).toJson() + "\n"));
    }

    public static Map<String, Object> okOutput(String text) {
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("status", "ok");
        output.put("execution_count", 0);
        output.put("data", Map.of("text/plain", text));
        return output;
    }

    public static Map<String, Object> errorOutput(String ename, String evalue, List<String> traceback) {
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("status", "error");
        output.put("execution_count", 0);
        output.put("ename", ename);
        output.put("evalue", evalue);
        output.put("traceback", traceback);
        return output;
    }

    public static String runIdOf(String code) {
        Matcher m = RUN_CALL.matcher(code == null ? "" : code);
        if (!m.find()) {
            return null;
        }
        try {
            return JSON.readTree(Base64.getDecoder().decode(m.group(1))).path("runId").asText(null);
        } catch (IOException e) {
            return null;
        }
    }

    // ------------------------------------------------------------ HTTP

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        String query = exchange.getRequestURI().getRawQuery();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
        Reply reply;
        Fault fault;
        synchronized (this) {
            requests.add(new Recorded(method, path, query, headers, body));
            fault = takeFault(method, path);
            if (fault != null && fault.kind() == FaultKind.DROP_REQUEST) {
                reply = null;
            } else if (fault != null && fault.kind() == FaultKind.STATUS) {
                reply = new Reply(fault.status(), fault.body());
            } else {
                reply = route(method, path, query, headers, body);
                if (fault != null && fault.kind() == FaultKind.PROCESS_THEN_STATUS) {
                    reply = new Reply(fault.status(), fault.body());
                }
            }
        }
        if (reply == null || (fault != null && fault.kind() == FaultKind.DROP_RESPONSE)) {
            exchange.close();  // no answer: the client sees the connection closed
            return;
        }
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        boolean json = reply.body().startsWith("{") || reply.body().startsWith("\"");
        exchange.getResponseHeaders().set("Content-Type", json ? "application/json;charset=utf-8" : "text/plain;charset=utf-8");
        exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private Fault takeFault(String method, String path) {
        for (int i = 0; i < faults.size(); i++) {
            Fault f = faults.get(i);
            if (f.method().equals(method) && f.path().matcher(path).matches()) {
                return faults.remove(i);
            }
        }
        return null;
    }

    private Reply route(String method, String path, String query, Map<String, String> headers, String body) {
        if ((method.equals("POST") || method.equals("DELETE")) && headers.get("x-requested-by") == null) {
            return new Reply(400, "Missing Required Header for CSRF protection.");
        }
        if (basicAuth != null && !basicAuth.equals(headers.get("authorization"))) {
            return new Reply(401, "Unauthorized");
        }
        String[] parts = path.replaceAll("^/+|/+$", "").split("/");
        Map<String, String> params = params(query);
        if (parts[0].equals("batches")) {
            return batches(method, parts, params, body);
        }
        if (parts[0].equals("sessions")) {
            return sessions(method, parts, params, body);
        }
        return new Reply(404, "Not Found");
    }

    private Reply batches(String method, String[] parts, Map<String, String> params, String body) {
        if (parts.length == 1 && method.equals("GET")) {
            return ok(list(batches.values().stream().map(this::view).toList(), params));
        }
        if (parts.length == 1 && method.equals("POST")) {
            JsonNode request = parse(body);
            String name = request.path("name").asText(null);
            if (name != null && batches.values().stream().anyMatch(b -> name.equals(b.name))) {
                return msg(400, "Duplicate session name: Some(" + name + ")");
            }
            int id = nextBatchId++;
            Batch batch = new Batch(id, name, request, batchScripts.apply(name));
            batches.put(id, batch);
            return new Reply(201, write(view(batch)));
        }
        Batch batch = findBatch(parts[1]);
        if (batch == null) {
            return msg(404, "Session '" + parts[1] + "' not found.");
        }
        if (parts.length == 2 && method.equals("GET")) {
            batch.gets++;
            return ok(view(batch));
        }
        if (parts.length == 2 && method.equals("DELETE")) {
            batches.remove(batch.id);
            return msg(200, "deleted");
        }
        if (parts.length == 3 && parts[2].equals("state") && method.equals("GET")) {
            return ok(Map.of("id", batch.id, "state", batch.state()));
        }
        if (parts.length == 3 && parts[2].equals("log") && method.equals("GET")) {
            return ok(log(batch.id, batch.script.log(), params));
        }
        return new Reply(404, "Not Found");
    }

    private Batch findBatch(String idOrName) {
        if (idOrName.matches("\\d+")) {
            return batches.get(Integer.parseInt(idOrName));
        }
        return batches.values().stream().filter(b -> idOrName.equals(b.name)).findFirst().orElse(null);
    }

    private Map<String, Object> view(Batch batch) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", batch.id);
        view.put("name", batch.name);
        view.put("owner", null);
        view.put("proxyUser", null);
        view.put("state", batch.state());
        view.put("appId", null);
        view.put("appInfo", appInfo());
        view.put("log", List.of());
        return view;
    }

    private Reply sessions(String method, String[] parts, Map<String, String> params, String body) {
        if (parts.length == 1 && method.equals("GET")) {
            return ok(list(sessions.values().stream().map(this::view).toList(), params));
        }
        if (parts.length == 1 && method.equals("POST")) {
            JsonNode request = parse(body);
            String name = request.path("name").asText(null);
            if (name != null && sessions.values().stream().anyMatch(s -> name.equals(s.name))) {
                return msg(400, "Duplicate session name: Some(" + name + ")");
            }
            int id = nextSessionId++;
            Session session = new Session(id, name, request);
            sessions.put(id, session);
            return new Reply(201, write(view(session)));
        }
        Session session = parts[1].matches("\\d+") ? sessions.get(Integer.parseInt(parts[1])) : null;
        if (session == null) {
            return msg(404, "Session '" + parts[1] + "' not found.");
        }
        if (parts.length == 2 && method.equals("GET")) {
            session.gets++;
            return ok(view(session));
        }
        if (parts.length == 2 && method.equals("DELETE")) {
            sessions.remove(session.id);
            return msg(200, "deleted");
        }
        if (parts.length == 3 && parts[2].equals("log") && method.equals("GET")) {
            return ok(log(session.id, session.log, params));
        }
        if (parts.length >= 3 && parts[2].equals("statements")) {
            return statements(method, parts, session, body);
        }
        return new Reply(404, "Not Found");
    }

    private Reply statements(String method, String[] parts, Session session, String body) {
        if (parts.length == 3 && method.equals("GET")) {
            return ok(Map.of("total_statements", session.statements.size(),
                    "statements", session.statements.stream().map(this::view).toList()));
        }
        String state = session.state();
        if (!state.equals("idle") && !state.equals("busy")) {
            return new Reply(500, "java.lang.IllegalStateException: Session is in state " + state);
        }
        if (parts.length == 3 && method.equals("POST")) {
            String code = parse(body).path("code").asText();
            Statement statement = new Statement(session.statements.size(), code, statementScripts.apply(runIdOf(code)));
            session.statements.add(statement);
            return new Reply(201, write(view(statement)));
        }
        int stid = Integer.parseInt(parts[3]);
        if (stid >= session.statements.size()) {
            return msg(404, "Statement not found");
        }
        Statement statement = session.statements.get(stid);
        if (parts.length == 4 && method.equals("GET")) {
            // Statements run one after the other: one moves only once all before it have ended.
            boolean earlierRunning = session.statements.subList(0, stid).stream().anyMatch(st -> !st.isFinal());
            if (!earlierRunning) {
                statement.gets++;
            }
            return ok(view(statement));
        }
        if (parts.length == 5 && parts[4].equals("cancel") && method.equals("POST")) {
            if (!statement.isFinal()) {
                statement.cancelled = true;
            }
            return msg(200, "canceled");
        }
        return new Reply(404, "Not Found");
    }

    private Map<String, Object> view(Session session) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", session.id);
        view.put("name", session.name);
        view.put("appId", null);
        view.put("owner", null);
        view.put("proxyUser", null);
        view.put("state", session.state());
        view.put("kind", "spark");
        view.put("appInfo", appInfo());
        view.put("log", List.of());
        return view;
    }

    private Map<String, Object> view(Statement statement) {
        Map<String, Object> view = new LinkedHashMap<>();
        String state = statement.state();
        view.put("id", statement.id);
        view.put("code", statement.code);
        view.put("state", state);
        view.put("output", state.equals("available") ? statement.script.output() : null);
        view.put("progress", statement.isFinal() ? 1.0 : 0.0);
        view.put("started", 0);
        view.put("completed", 0);
        return view;
    }

    private static Map<String, Object> appInfo() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("driverLogUrl", null);
        info.put("sparkUiUrl", null);
        return info;
    }

    private static Map<String, Object> list(List<Map<String, Object>> all, Map<String, String> params) {
        int from = Integer.parseInt(params.getOrDefault("from", "0"));
        int size = Integer.parseInt(params.getOrDefault("size", "100"));
        return Map.of("from", from, "total", all.size(), "sessions", all.subList(Math.min(from, all.size()),
                Math.min(all.size(), from + size)));
    }

    /** Livy's log paging: size defaults to 100; without from, the last size lines. */
    private static Map<String, Object> log(int id, List<String> lines, Map<String, String> params) {
        int size = Integer.parseInt(params.getOrDefault("size", "100"));
        int from = Integer.parseInt(params.getOrDefault("from", "-1"));
        if (size < 0) {
            size = lines.size();
        }
        if (from < 0) {
            from = Math.max(0, lines.size() - size);
        }
        int start = Math.min(from, lines.size());
        int end = Math.min(lines.size(), from + size);
        Map<String, Object> log = new LinkedHashMap<>();
        log.put("id", id);
        log.put("from", from);
        log.put("total", lines.size());
        log.put("log", lines.subList(start, end));
        return log;
    }

    private static Map<String, String> params(String query) {
        Map<String, String> params = new LinkedHashMap<>();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        return params;
    }

    private static Reply ok(Object value) {
        return new Reply(200, write(value));
    }

    private static Reply msg(int status, String message) {
        return new Reply(status, write(Map.of("msg", message)));
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body.isEmpty() ? "{}" : body);
        } catch (JsonProcessingException e) {
            return JSON.createObjectNode();
        }
    }
}
