package dev.llmops.run.engine;

import dev.llmops.flow.AggregationResult;
import dev.llmops.flow.FlowExecutor;
import dev.llmops.flow.LineResult;
import dev.llmops.run.LineExecutor;
import dev.llmops.run.LineOutcome;
import dev.llmops.run.store.LineRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs a flow's lines for the runner: adapts {@link FlowExecutor} to {@link LineExecutor}. */
final class FlowLineExecutor implements LineExecutor {

    private final FlowExecutor executor;
    private final Optional<AggregationPlan> aggregation;

    FlowLineExecutor(FlowExecutor executor, Optional<AggregationPlan> aggregation) {
        this.executor = executor;
        this.aggregation = aggregation;
    }

    @Override
    public LineOutcome execute(int lineNumber, Map<String, Object> inputs) throws InterruptedException {
        LineResult result = executor.executeLine(lineNumber, inputs);
        if (Thread.interrupted()) {
            throw new InterruptedException("line " + lineNumber + " abandoned");
        }
        return switch (result) {
            case LineResult.Success s ->
                new LineOutcome.Success(
                        s.outputs(),
                        s.tokens(),
                        s.latencyMillis(),
                        aggregation.map(plan -> plan.capture(s)).orElse(null));
            case LineResult.Failure f ->
                new LineOutcome.Failure(f.message(), f.detail(), f.failedNode(), f.tokens(), f.latencyMillis());
        };
    }

    @Override
    public boolean hasAggregation() {
        return aggregation.isPresent() || executor.hasAggregation();
    }

    @Override
    public Map<String, Object> aggregate(Iterable<LineRecord> lines) {
        // Aggregation nodes receive lists over the lines that succeeded, in line order, as in Prompt Flow.
        List<LineResult> results = new ArrayList<>();
        for (LineRecord record : lines) {
            if (!record.failed()) {
                results.add(AggregationPlan.restore(record.lineNumber(), record.outputs(), record.aggregationInputs()));
            }
        }
        AggregationResult result = executor.aggregate(results);
        result.failure().ifPresent(error -> {
            throw new AggregationFailedException("node '" + error.node() + "': " + error.message()
                    + (error.detail() == null ? "" : System.lineSeparator() + error.detail()));
        });
        return result.metrics();
    }

    /** An aggregation node failed; the run is marked Failed with this message, its lines are kept. */
    static final class AggregationFailedException extends RuntimeException {
        AggregationFailedException(String message) {
            super(message);
        }
    }
}
