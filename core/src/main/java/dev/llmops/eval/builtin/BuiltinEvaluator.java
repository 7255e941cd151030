package dev.llmops.eval.builtin;

import dev.llmops.eval.stats.Descriptive;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An evaluator implemented natively, referenced from an experiment as {@code flow: builtin:<name>}. It scores one
 * line at a time from already-mapped inputs ({@code response}, {@code ground_truth}, {@code query},
 * {@code context}) and aggregates the line scores into run metrics.
 *
 * <p>Implementations are thread-safe: the runner calls {@link #evaluate} for many lines concurrently.
 */
public sealed interface BuiltinEvaluator permits ReferenceMetricEvaluator, JudgeEvaluator {

    /** The name after {@code builtin:}, e.g. {@code f1_score}. */
    String name();

    /** Input names every line must provide; the experiment loader checks the evaluator mappings against them. */
    List<String> requiredInputs();

    /**
     * Scores one line.
     *
     * @throws EvaluatorInputException when a required input is missing; the line fails, the run goes on
     * @throws dev.llmops.llm.LlmException when a judge call fails for good
     */
    LineScore evaluate(Map<String, Object> inputs);

    /** The run metrics: the mean of every score over the lines, ignoring NaN (a line that could not be scored). */
    default Map<String, Double> aggregate(List<LineScore> lines) {
        Map<String, List<Double>> byName = new LinkedHashMap<>();
        for (LineScore line : lines) {
            line.scores().forEach((k, v) -> byName.computeIfAbsent(k, x -> new ArrayList<>())
                    .add(v));
        }
        Map<String, Double> means = new LinkedHashMap<>();
        byName.forEach((k, v) -> means.put(k, Descriptive.mean(Descriptive.finite(v))));
        return means;
    }
}
