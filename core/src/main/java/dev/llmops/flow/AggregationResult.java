package dev.llmops.flow;

import dev.llmops.llm.TokenUsage;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of the aggregation nodes of a run.
 *
 * @param metrics metrics the aggregation tools logged, in the order logged
 * @param outputs each aggregation node's output
 * @param traces one per aggregation node that ran or was bypassed
 * @param failure the first failure; when present, nodes depending on the failed node did not run
 */
public record AggregationResult(
        Map<String, Object> metrics,
        Map<String, Object> outputs,
        List<NodeTrace> traces,
        TokenUsage tokens,
        Optional<ExecutionError> failure) {

    public AggregationResult {
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
        traces = List.copyOf(traces);
    }

    public static AggregationResult empty() {
        return new AggregationResult(Map.of(), Map.of(), List.of(), TokenUsage.ZERO, Optional.empty());
    }

    public boolean succeeded() {
        return failure.isEmpty();
    }
}
