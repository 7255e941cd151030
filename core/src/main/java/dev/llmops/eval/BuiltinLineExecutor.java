package dev.llmops.eval;

import dev.llmops.eval.builtin.BuiltinEvaluator;
import dev.llmops.eval.builtin.EvaluatorInputException;
import dev.llmops.eval.builtin.LineScore;
import dev.llmops.llm.LlmException;
import dev.llmops.llm.TokenUsage;
import dev.llmops.run.LineExecutor;
import dev.llmops.run.LineOutcome;
import dev.llmops.run.store.LineRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a built-in evaluator ({@code flow: builtin:<name>}) as the runner runs flows: one line at a time, the
 * scores as the line's outputs, and the mean of every score as the run's metrics (read back from the store, so
 * a resumed run aggregates every line).
 */
final class BuiltinLineExecutor implements LineExecutor {

    private final BuiltinEvaluator evaluator;

    BuiltinLineExecutor(BuiltinEvaluator evaluator) {
        this.evaluator = evaluator;
    }

    @Override
    public LineOutcome execute(int lineNumber, Map<String, Object> inputs) {
        long start = System.nanoTime();
        try {
            LineScore score = evaluator.evaluate(inputs);
            return new LineOutcome.Success(score.outputs(), TokenUsage.ZERO, elapsed(start));
        } catch (EvaluatorInputException | LlmException e) {
            return new LineOutcome.Failure(
                    evaluator.name() + ": " + e.getMessage(), null, evaluator.name(), TokenUsage.ZERO, elapsed(start));
        }
    }

    @Override
    public boolean hasAggregation() {
        return true;
    }

    @Override
    public Map<String, Object> aggregate(Iterable<LineRecord> lines) {
        List<LineScore> scores = new ArrayList<>();
        for (LineRecord line : lines) {
            if (line.failed() || line.outputs() == null) {
                continue;
            }
            Map<String, Double> numeric = new LinkedHashMap<>();
            line.outputs().forEach((k, v) -> {
                if (v instanceof Number n) {
                    numeric.put(k, n.doubleValue());
                }
            });
            scores.add(new LineScore(numeric, Map.of()));
        }
        return new LinkedHashMap<>(evaluator.aggregate(scores));
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
