package dev.llmops.flow;

import dev.llmops.llm.TokenUsage;
import java.util.List;
import java.util.Map;

/**
 * What one node produced: its output, the tokens its model calls used, the metrics its tool logged and the
 * {@code @trace} spans its code recorded (flex entries).
 */
record NodeValue(Object output, TokenUsage tokens, Map<String, Object> metrics, List<NodeTrace> spans) {

    NodeValue {
        spans = List.copyOf(spans);
    }

    NodeValue(Object output, TokenUsage tokens, Map<String, Object> metrics) {
        this(output, tokens, metrics, List.of());
    }

    static NodeValue of(Object output) {
        return new NodeValue(output, TokenUsage.ZERO, Map.of());
    }
}
