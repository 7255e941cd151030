package dev.llmops.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One request the {@link FakeLlmServer} received, as it arrived.
 *
 * @param method the HTTP method
 * @param path the path, e.g. {@code /openai/deployments/gpt-4o/chat/completions} or {@code /v1/chat/completions}
 * @param query the raw query, or null
 * @param headers the headers, keys lower-cased
 * @param body the body as text
 */
public record FakeLlmRequest(String method, String path, String query, Map<String, List<String>> headers, String body) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern AZURE = Pattern.compile("/openai/deployments/([^/]+)/(chat/completions|completions)");

    /** The first value of a header (case-insensitive), or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    public JsonNode json() {
        try {
            return JSON.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when the body asks for {@code stream: true}. */
    public boolean streamed() {
        return body.contains("\"stream\"") && json().path("stream").asBoolean(false);
    }

    /** True for the Azure OpenAI path shape. */
    public boolean isAzure() {
        return AZURE.matcher(path).matches();
    }

    /** True for {@code chat/completions}, false for {@code completions}. */
    public boolean isChat() {
        return path.endsWith("/chat/completions");
    }

    /** The Azure deployment from the path, or the OpenAI {@code model} from the body. */
    public String deployment() {
        Matcher m = AZURE.matcher(path);
        if (m.matches()) {
            return m.group(1);
        }
        JsonNode model = json().path("model");
        return model.isTextual() ? model.asText() : null;
    }

    /** The {@code api-version} query parameter, or null. */
    public String apiVersion() {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith("api-version=")) {
                return pair.substring("api-version=".length());
            }
        }
        return null;
    }

    /** The content of the last {@code user} message, or the {@code prompt} of a completion request. */
    public String lastUserMessage() {
        JsonNode root = json();
        if (!isChat()) {
            return root.path("prompt").asText(null);
        }
        JsonNode messages = root.path("messages");
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).path("role").asText())) {
                return messages.get(i).path("content").asText(null);
            }
        }
        return null;
    }
}
