package dev.llmops.flow.tool;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a tool returned.
 *
 * @param output the return value (JSON-like)
 * @param metrics metrics the tool logged with {@code log_metric} (python) or returned as the run's metrics
 *     (java aggregation tools); empty when none
 */
public record ToolResult(Object output, Map<String, Object> metrics) {

    public ToolResult {
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    public static ToolResult of(Object output) {
        return new ToolResult(output, Map.of());
    }
}
