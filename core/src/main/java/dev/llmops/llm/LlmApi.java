package dev.llmops.llm;

/** Which endpoint an llm node calls. */
public enum LlmApi {
    CHAT,
    COMPLETION
}
