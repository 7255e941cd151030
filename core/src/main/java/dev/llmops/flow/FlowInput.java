package dev.llmops.flow;

/**
 * A declared flow input.
 *
 * @param defaultValue the default (JSON-like); only meaningful when {@code hasDefault}
 */
public record FlowInput(
        String name,
        InputType type,
        Object defaultValue,
        boolean hasDefault,
        String description,
        boolean isChatInput,
        boolean isChatHistory) {}
