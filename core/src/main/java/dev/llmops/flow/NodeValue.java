package dev.llmops.flow;

import dev.llmops.llm.TokenUsage;
import java.util.Map;

/** What one node produced: its output, the tokens its model calls used and the metrics its tool logged. */
record NodeValue(Object output, TokenUsage tokens, Map<String, Object> metrics) {

    static NodeValue of(Object output) {
        return new NodeValue(output, TokenUsage.ZERO, Map.of());
    }
}
