package dev.llmops.llm;

/**
 * A model's answer.
 *
 * @param text the assistant message content (chat) or the completion text
 * @param usage tokens reported by the endpoint
 * @param latencyMillis wall time of the successful attempt
 * @param model the model name the endpoint reported, or null
 */
public record ChatResponse(String text, TokenUsage usage, long latencyMillis, String model) {}
