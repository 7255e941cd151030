package dev.llmops.llm.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * The one place that decides what an HTTP outcome means: which statuses are retriable and what the user should
 * check. 429, 5xx, timeouts and I/O errors are retriable; everything else fails at once.
 */
final class HttpFailures {

    private static final int SNIPPET = 300;

    private final ObjectMapper json;

    HttpFailures(ObjectMapper json) {
        this.json = json;
    }

    AttemptFailure fromStatus(CallTarget target, int status, String body, long retryAfterMillis) {
        ServerError error = parse(body);
        // Servers end their messages with a full stop or not; ours follow as a new sentence either way.
        String answered = target.describe() + " answered HTTP " + status + error.suffix();
        String what = answered.endsWith(".") ? answered.substring(0, answered.length() - 1) : answered;
        if (status == 429) {
            return new AttemptFailure(
                    what + ". The endpoint is throttling: lower concurrency or raise the deployment's quota",
                    true,
                    status,
                    retryAfterMillis,
                    null);
        }
        if (status >= 500) {
            return new AttemptFailure(
                    what + ". The service had a server error; it usually passes", true, status, retryAfterMillis, null);
        }
        String hint =
                switch (status) {
                    case 400 ->
                        error.isContentFilter()
                                ? "The prompt was blocked by the content filter (content_filter /"
                                        + " ResponsibleAIPolicyViolation): change the input or the deployment's"
                                        + " content filtering policy"
                                : "The request was rejected: check the llm node's parameters (temperature,"
                                        + " max_tokens, response_format, ...) and that the model supports them";
                    case 401, 403 ->
                        "Check the connection's api_key (or, with Entra ID, that the signed-in identity has the"
                                + " 'Cognitive Services OpenAI User' role on the resource)";
                    case 404 -> target.notFoundHint();
                    default -> "Check the connection's endpoint and the request";
                };
        return new AttemptFailure(what + ". " + hint, false, status, -1, null);
    }

    AttemptFailure fromIo(CallTarget target, IOException e, Duration requestTimeout) {
        String why =
                switch (e) {
                    case HttpTimeoutException t ->
                        "got no answer within the request timeout of " + requestTimeout.toMillis()
                                + " ms (request_timeout_seconds bounds the whole response, body included)";
                    case ConnectException c ->
                        "could not connect (" + c.getClass().getSimpleName() + "); check the endpoint and the network";
                    default -> "failed with " + e.getClass().getSimpleName() + ": " + e.getMessage();
                };
        return new AttemptFailure(target.describe() + " " + why, true, 0, -1, e);
    }

    /**
     * Not retriable: an endpoint that sends a body this large does so again, and the answer is not a chat
     * completion anyway.
     */
    AttemptFailure tooLarge(CallTarget target, BoundedBody.TooLargeException e) {
        String limit = HttpLimits.describe(e.limit());
        return new AttemptFailure(
                target.describe() + " sent a response body larger than the limit of " + limit
                        + (e.declared() ? " (its Content-Length said so; nothing was read)" : " (cut off there)")
                        + ". Check that the endpoint is an OpenAI-compatible API, or raise the connection's"
                        + " max_response_mb if such answers are expected",
                false,
                e.status(),
                -1,
                null);
    }

    AttemptFailure malformed(CallTarget target, String body, String problem) {
        return new AttemptFailure(
                target.describe() + " returned a response that is not a " + problem + ": " + snippet(body)
                        + ". Check that the endpoint is an OpenAI-compatible API",
                false,
                200,
                -1,
                null);
    }

    private ServerError parse(String body) {
        if (body == null || body.isBlank()) {
            return new ServerError(null, null, null);
        }
        try {
            JsonNode error = json.readTree(body).path("error");
            return new ServerError(
                    text(error.path("code")),
                    text(error.path("message")),
                    text(error.path("innererror").path("code")));
        } catch (IOException notJson) {
            return new ServerError(null, snippet(body), null);
        }
    }

    private static String text(JsonNode node) {
        return node.isValueNode() ? node.asText() : null;
    }

    static String snippet(String body) {
        if (body == null) {
            return "(empty)";
        }
        String flat = body.replaceAll("\\s+", " ").trim();
        return flat.length() <= SNIPPET ? flat : flat.substring(0, SNIPPET) + "...";
    }

    private record ServerError(String code, String message, String innerCode) {

        boolean isContentFilter() {
            return "content_filter".equals(code)
                    || "ResponsibleAIPolicyViolation".equals(innerCode)
                    || "ResponsibleAIPolicyViolation".equals(code);
        }

        String suffix() {
            StringBuilder sb = new StringBuilder();
            if (code != null) {
                sb.append(" (").append(code).append(')');
            }
            if (message != null) {
                sb.append(": ").append(snippet(message));
            }
            return sb.toString();
        }
    }
}
