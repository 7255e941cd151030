package dev.llmops.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.error.ConfigException;
import dev.llmops.flow.FlowLoader;
import dev.llmops.secret.SecretMasker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code llmops serve --smoke URL}: the use case's {@code sample-request.json} (or another request file) scored by
 * a running server, with the first key of {@code LLMOPS_SERVE_KEYS} or the keys file when there is one, and the
 * answer checked against what the flow returns. Retried as the template's {@code test_local_flow.py} does (3
 * attempts, 2 s after a refused connection), but a failure is a failure.
 */
public final class ServeSmoke {

    static final int ATTEMPTS = 3;
    static final Duration PAUSE = Duration.ofSeconds(2);

    private ServeSmoke() {}

    /**
     * @param url the server's base URL ({@code http://localhost:8080}) or its scoring URL
     * @param requestFile the request body to send, JSON
     * @param flow the flow the server is expected to serve (its folder, {@code flow.dag.yaml} or {@code .prompty}),
     *     for the answer's shape; empty to accept any JSON
     * @param keysFile a keys file as {@code --keys-file} takes it; null for none
     * @param env where {@code LLMOPS_SERVE_KEYS} and {@code PROMPTFLOW_RESPONSE_INCLUDED_FIELDS} are read
     * @param timeout how long one attempt may take
     */
    public record Request(
            String url,
            Path requestFile,
            Optional<Path> flow,
            Path keysFile,
            Map<String, String> env,
            Duration timeout) {}

    /**
     * @return the verdict: passed (200 with the flow's shape) or failed, with why
     * @throws ConfigException for a URL that is not one, a missing request file, one that is not JSON, or a flow
     *     that does not load, before anything is sent
     */
    public static SmokeTest.Verdict run(Request request, SecretMasker masker, HttpClient http) {
        URI uri;
        try {
            uri = SmokeTest.scoreUri(request.url());
        } catch (IllegalArgumentException e) {
            throw ConfigException.of(
                    "--smoke " + e.getMessage(),
                    "give the server's URL, e.g. --smoke"
                            + " http://localhost:8080 (POSTs to /score) or an endpoint's scoring URI");
        }
        String body = body(request.requestFile());
        ResponseShape shape = request.flow()
                .map(f -> ResponseShape.of(
                        new FlowLoader().load(f),
                        ServeSettings.includedFields(request.env().get("PROMPTFLOW_RESPONSE_INCLUDED_FIELDS"))))
                .orElse(new ResponseShape.AnyJson());
        List<String> keys = ServeSettings.keys(request.env(), request.keysFile(), masker);
        SmokeTest test = new SmokeTest(http, request.timeout(), ATTEMPTS, PAUSE);
        return test.check(uri, keys.stream().findFirst(), body, shape);
    }

    private static String body(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw ConfigException.at(
                    file,
                    0,
                    0,
                    "the smoke-test request file does not exist or cannot be read",
                    "create it (one JSON request to /score, as sample-request.json), or pass --request FILE");
        }
        try {
            new ObjectMapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw ConfigException.at(
                    file,
                    e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    e.getLocation() == null ? 0 : e.getLocation().getColumnNr(),
                    "the smoke-test request is not valid JSON: " + e.getOriginalMessage(),
                    "write one JSON object with the flow's inputs, e.g. {\"question\": \"...\"}");
        }
        return text;
    }
}
