package dev.llmops.llm.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmops.llm.ChatMessage;
import dev.llmops.llm.ChatRequest;
import dev.llmops.llm.ChatResponse;
import dev.llmops.llm.LlmApi;
import dev.llmops.llm.TokenUsage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The recordings file format (one JSON object a line):
 *
 * <pre>{"request": {"api": "chat", "deployment": "gpt-4o", "messages": [...], "parameters": {...}},
 *  "response": {"text": "...", "model": "...", "usage": {"prompt_tokens": 12, "completion_tokens": 3}}}</pre>
 *
 * <p>The fingerprint of a request is the SHA-256 of its canonical JSON (keys sorted, numbers without trailing
 * zeros), computed from what is in the file, so a hand-edited request still matches what it says. It never
 * includes the connection, endpoint or key.
 */
public final class ReplayFormat {

    private final ObjectMapper json;

    public ReplayFormat(ObjectMapper json) {
        this.json = json;
    }

    public ObjectNode request(ChatRequest request) {
        ObjectNode node = json.createObjectNode();
        node.put("api", request.api().name().toLowerCase(Locale.ROOT));
        node.put("deployment", request.deployment());
        if (request.api() == LlmApi.CHAT) {
            ArrayNode messages = node.putArray("messages");
            for (ChatMessage m : request.messages()) {
                ObjectNode message = messages.addObject();
                message.put("role", m.role());
                message.put("content", m.content());
                if (m.name() != null) {
                    message.put("name", m.name());
                }
                if (m.toolCallId() != null) {
                    message.put("tool_call_id", m.toolCallId());
                }
            }
        } else {
            node.put("prompt", request.prompt());
        }
        ObjectNode parameters = node.putObject("parameters");
        request.parameters().forEach((k, v) -> {
            if (v != null) {
                parameters.set(k, json.valueToTree(v));
            }
        });
        return node;
    }

    public ObjectNode response(ChatResponse response) {
        ObjectNode node = json.createObjectNode();
        node.put("text", response.text());
        if (response.model() != null) {
            node.put("model", response.model());
        }
        ObjectNode usage = node.putObject("usage");
        usage.put("prompt_tokens", response.usage().promptTokens());
        usage.put("completion_tokens", response.usage().completionTokens());
        return node;
    }

    /**
     * @param estimate the usage to report when the entry has none (hand-written entries)
     */
    ChatResponse response(JsonNode node, TokenUsage estimate) {
        JsonNode usage = node.path("usage");
        TokenUsage tokens = usage.isObject()
                ? new TokenUsage(
                        usage.path("prompt_tokens").asLong(0),
                        usage.path("completion_tokens").asLong(0))
                : estimate;
        String model = node.path("model").isTextual() ? node.path("model").asText() : null;
        return new ChatResponse(node.path("text").asText(), tokens, 0, model);
    }

    public String fingerprint(JsonNode request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical(request).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private String canonical(JsonNode node) {
        StringBuilder sb = new StringBuilder();
        appendCanonical(node, sb);
        return sb.toString();
    }

    private void appendCanonical(JsonNode node, StringBuilder sb) {
        if (node.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                // An absent, null or empty value says the same thing; hand-written entries differ in which they use.
                if (!e.getValue().isNull()
                        && !(e.getValue().isContainerNode() && e.getValue().isEmpty())) {
                    sorted.put(e.getKey(), e.getValue());
                }
            }
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonNode> e : sorted.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                sb.append(json.getNodeFactory().textNode(e.getKey()));
                sb.append(':');
                appendCanonical(e.getValue(), sb);
            }
            sb.append('}');
        } else if (node.isArray()) {
            sb.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                appendCanonical(node.get(i), sb);
            }
            sb.append(']');
        } else if (node.isNumber()) {
            // 0, 0.0 and 0e0 are the same temperature: a hand edit must not change the fingerprint.
            sb.append(node.decimalValue().stripTrailingZeros().toPlainString());
        } else {
            sb.append(node);
        }
    }
}
