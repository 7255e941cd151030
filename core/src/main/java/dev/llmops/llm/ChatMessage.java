package dev.llmops.llm;

import java.util.Objects;

/**
 * One chat message. {@code name} is set for {@code function} messages, {@code toolCallId} for {@code tool}
 * messages; both are null otherwise.
 */
public record ChatMessage(String role, String content, String name, String toolCallId) {

    public ChatMessage {
        Objects.requireNonNull(role, "role");
    }

    public static ChatMessage of(String role, String content) {
        return new ChatMessage(role, content, null, null);
    }
}
