package dev.llmops.flow.tool;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a tool returned.
 *
 * @param output the return value (JSON-like)
 * @param metrics metrics the tool logged with {@code log_metric} (python) or returned as the run's metrics
 *     (java aggregation tools, flex {@code __aggregate__}); empty when none
 * @param spans the {@code @trace} spans the code recorded during the call, in the order they ended
 */
public record ToolResult(Object output, Map<String, Object> metrics, List<Span> spans) {

    /**
     * One traced function call.
     *
     * @param startMillis epoch milliseconds
     * @param error the exception text when the traced call raised, else null
     */
    public record Span(String name, long startMillis, long durationMillis, String error) {}

    public ToolResult {
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        spans = List.copyOf(spans);
    }

    public ToolResult(Object output, Map<String, Object> metrics) {
        this(output, metrics, List.of());
    }

    public static ToolResult of(Object output) {
        return new ToolResult(output, Map.of());
    }
}
