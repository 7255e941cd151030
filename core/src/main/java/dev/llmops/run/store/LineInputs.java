package dev.llmops.run.store;

import java.util.Map;

/** One line of {@code inputs.jsonl}: the flow inputs a line ran with. */
public record LineInputs(int lineNumber, Map<String, Object> inputs) {
    public LineInputs {
        inputs = inputs == null ? Map.of() : inputs;
    }
}
