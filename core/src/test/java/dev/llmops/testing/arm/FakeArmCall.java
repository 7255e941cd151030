package dev.llmops.testing.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request the fake received.
 *
 * @param method HTTP method
 * @param path the URL path as sent (not lower-cased)
 * @param query the query string, or empty
 * @param headers request headers, names lower-cased, first value each
 * @param body the request body as text (empty when none)
 * @param status what the fake answered
 */
public record FakeArmCall(
        String method, String path, String query, Map<String, String> headers, String body, int status) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The body as JSON; a missing node when it is empty or not JSON. */
    public JsonNode json() {
        if (body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    /** Query parameters, decoded. */
    public Map<String, String> params() {
        return decode(query);
    }

    /** Decodes {@code a=1&b=2} (a query string or a form body). */
    public static Map<String, String> decode(String query) {
        Map<String, String> out = new LinkedHashMap<>();
        if (query.isEmpty()) {
            return out;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return out;
    }

    /** {@code METHOD /path-after-the-workspace} (or the whole path outside a workspace), for sequence assertions. */
    public String brief() {
        int ws = path.toLowerCase(java.util.Locale.ROOT).indexOf("/workspaces/");
        String shown = path;
        if (ws >= 0) {
            int next = path.indexOf('/', ws + "/workspaces/".length());
            shown = next < 0 ? "/" : path.substring(next);
        }
        return method + " " + shown;
    }

    /** A request that changes something (not a read, a poll, a token or a score). */
    public boolean isWrite() {
        if (!path.startsWith("/subscriptions/")) {
            return false;
        }
        return (method.equals("PUT") || method.equals("DELETE") || method.equals("PATCH"))
                || (method.equals("POST")
                        && !path.endsWith("/listKeys")
                        && !path.endsWith("/getLogs")
                        && !path.endsWith("/listSecrets")
                        && !path.endsWith("/list")
                        && !path.endsWith("/containerlogs"));
    }
}
