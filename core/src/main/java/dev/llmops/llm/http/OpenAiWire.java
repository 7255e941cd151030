package dev.llmops.llm.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmops.llm.ChatMessage;
import dev.llmops.llm.ChatRequest;
import dev.llmops.llm.LlmApi;
import dev.llmops.llm.TokenUsage;
import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * The JSON both OpenAI and Azure OpenAI speak for {@code chat/completions} and {@code completions}: the request
 * body and the parts of the answer we keep.
 */
final class OpenAiWire {

    /** Parameters that choose the endpoint rather than travel in the body. */
    private static final Set<String> NOT_IN_BODY = Set.of("deployment_name", "model");

    private final ObjectMapper json;

    OpenAiWire(ObjectMapper json) {
        this.json = json;
    }

    /**
     * The request body: {@code model} first when the protocol wants it (OpenAI), then messages or prompt, then
     * every parameter as given. Null parameters are left out, as Prompt Flow does for unset tool inputs.
     */
    ObjectNode body(ChatRequest request, boolean includeModel) {
        ObjectNode body = json.createObjectNode();
        if (includeModel) {
            body.put("model", request.deployment());
        }
        if (request.api() == LlmApi.CHAT) {
            ArrayNode messages = body.putArray("messages");
            for (ChatMessage m : request.messages()) {
                ObjectNode node = messages.addObject();
                node.put("role", m.role());
                node.put("content", m.content());
                if (m.name() != null) {
                    node.put("name", m.name());
                }
                if (m.toolCallId() != null) {
                    node.put("tool_call_id", m.toolCallId());
                }
            }
        } else {
            body.put("prompt", request.prompt());
        }
        for (Map.Entry<String, Object> p : request.parameters().entrySet()) {
            if (p.getValue() != null && !NOT_IN_BODY.contains(p.getKey())) {
                body.set(p.getKey(), json.valueToTree(p.getValue()));
            }
        }
        return body;
    }

    record Answer(String text, TokenUsage usage, String model, String finishReason) {}

    /** @throws IOException when the body is not JSON */
    Answer parse(LlmApi api, String body) throws IOException {
        JsonNode root = json.readTree(body);
        if (root == null || !root.isObject()) {
            throw new IOException("not a JSON object");
        }
        JsonNode choice = root.path("choices").path(0);
        if (choice.isMissingNode()) {
            throw new IOException("no choices");
        }
        JsonNode content = api == LlmApi.CHAT ? choice.path("message").path("content") : choice.path("text");
        JsonNode usage = root.path("usage");
        return new Answer(
                content.isTextual() ? content.asText() : null,
                new TokenUsage(
                        usage.path("prompt_tokens").asLong(0),
                        usage.path("completion_tokens").asLong(0)),
                root.path("model").isTextual() ? root.path("model").asText() : null,
                choice.path("finish_reason").isTextual()
                        ? choice.path("finish_reason").asText()
                        : null);
    }
}
