package dev.llmops.flow;

import java.util.List;

/** The lines of a {@code flow test} in input order and, when the flow has aggregation nodes, their result. */
public record FlowTestResult(Flow flow, List<LineResult> lines, AggregationResult aggregation) {

    public FlowTestResult {
        lines = List.copyOf(lines);
    }

    public boolean succeeded() {
        return lines.stream().allMatch(LineResult.Success.class::isInstance) && aggregation.succeeded();
    }
}
