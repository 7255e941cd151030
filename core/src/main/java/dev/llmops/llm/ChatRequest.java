package dev.llmops.llm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A call to a chat or completion model.
 *
 * @param api chat or completion
 * @param deployment the Azure deployment name or OpenAI model name
 * @param messages the chat messages (chat api); empty for completion
 * @param prompt the prompt text (completion api); null for chat
 * @param parameters wire parameters passed through as given: {@code temperature}, {@code max_tokens},
 *     {@code top_p}, {@code stop}, {@code presence_penalty}, {@code frequency_penalty}, {@code seed},
 *     {@code response_format}, ...
 */
public record ChatRequest(
        LlmApi api, String deployment, List<ChatMessage> messages, String prompt, Map<String, Object> parameters) {

    public ChatRequest {
        Objects.requireNonNull(api, "api");
        messages = List.copyOf(messages);
        parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    public static ChatRequest chat(String deployment, List<ChatMessage> messages, Map<String, Object> parameters) {
        return new ChatRequest(LlmApi.CHAT, deployment, messages, null, parameters);
    }

    public static ChatRequest completion(String deployment, String prompt, Map<String, Object> parameters) {
        return new ChatRequest(LlmApi.COMPLETION, deployment, List.of(), prompt, parameters);
    }
}
