package io.datahub.submit.livy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datahub.model.run.PipelineRunResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The code of a session statement running one run, and how to read the run's result back from its output. */
final class StatementOutput {

    private static final Pattern CALL = Pattern.compile("runBase64\\(\"([A-Za-z0-9+/=]*)\"\\)");
    private static final Pattern REPL_VALUE = Pattern.compile("res\\d+: String = ");
    private static final ObjectMapper JSON = new ObjectMapper();

    private StatementOutput() {
    }

    /**
     * The statement: the job's session entry point, its result printed with {@code println}. Printing (rather than
     * letting the REPL echo {@code res0: String = ...}) keeps long results whole: the Scala REPL abbreviates the
     * values it echoes.
     */
    static String code(String requestJson) {
        String encoded = Base64.getEncoder().encodeToString(requestJson.getBytes(StandardCharsets.UTF_8));
        return "println(io.datahub.spark.SessionEntryPoint.runBase64(\"" + encoded + "\"))";
    }

    /** The run id of the request a statement's code carries, if it is one of ours. */
    static Optional<String> runIdOf(String code) {
        if (code == null) {
            return Optional.empty();
        }
        Matcher m = CALL.matcher(code);
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            JsonNode request = JSON.readTree(Base64.getDecoder().decode(m.group(1)));
            JsonNode runId = request.get("runId");
            return runId == null || runId.isNull() ? Optional.empty() : Optional.of(runId.asText());
        } catch (IllegalArgumentException | java.io.IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The run result in a statement's {@code text/plain} output: a marked result line, the REPL's echo
     * {@code resN: String = {...}}, or a JSON object on its own line.
     */
    static Optional<PipelineRunResult> result(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        List<String> lines = text.lines().toList();
        try {
            Optional<PipelineRunResult> marked = PipelineRunResult.fromLog(lines);
            if (marked.isPresent() && marked.get().status() != null) {
                return marked;
            }
        } catch (IllegalArgumentException e) {
            // fall through to the other forms
        }
        List<String> candidates = new ArrayList<>();
        Matcher echo = REPL_VALUE.matcher(text);
        if (echo.find()) {
            candidates.add(text.substring(echo.end()).strip());
        }
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i).strip();
            if (line.startsWith("{")) {
                candidates.add(line);
            }
        }
        int first = text.indexOf('{');
        int last = text.lastIndexOf('}');
        if (first >= 0 && last > first) {
            candidates.add(text.substring(first, last + 1));
        }
        for (String candidate : candidates) {
            try {
                PipelineRunResult parsed = PipelineRunResult.fromJson(candidate);
                if (parsed.status() != null) {
                    return Optional.of(parsed);
                }
            } catch (IllegalArgumentException e) {
                // next form
            }
        }
        return Optional.empty();
    }
}
