package dev.llmops.eval.builtin;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A reference-based metric ({@code response} against {@code ground_truth}); see {@link BuiltinEvaluators} for the
 * instances. Scores at or above {@code threshold} pass, as in {@code azure-ai-evaluation}.
 */
public final class ReferenceMetricEvaluator implements BuiltinEvaluator {

    static final List<String> INPUTS = List.of("response", "ground_truth");

    private final String name;
    private final double threshold;
    private final BiFunction<String, String, Map<String, Double>> metric;

    ReferenceMetricEvaluator(String name, double threshold, BiFunction<String, String, Map<String, Double>> metric) {
        this.name = name;
        this.threshold = threshold;
        this.metric = metric;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> requiredInputs() {
        return INPUTS;
    }

    @Override
    public LineScore evaluate(Map<String, Object> inputs) {
        String response = Inputs.text(name, inputs, "response");
        String groundTruth = Inputs.text(name, inputs, "ground_truth");
        Map<String, Double> scores = metric.apply(response, groundTruth);
        // The first score is the headline one that decides pass/fail.
        double headline = scores.values().iterator().next();
        String key = scores.keySet().iterator().next();
        return new LineScore(
                scores,
                Map.of(key + "_result", headline >= threshold ? "pass" : "fail", key + "_threshold", threshold));
    }
}
