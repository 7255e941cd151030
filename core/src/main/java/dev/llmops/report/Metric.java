package dev.llmops.report;

import dev.llmops.eval.stats.Bootstrap;
import dev.llmops.eval.stats.ConfidenceInterval;
import dev.llmops.eval.stats.Descriptive;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An aggregated metric of one evaluation run.
 *
 * @param name the metric name as logged ({@code accuracy}, {@code f1_score})
 * @param value the aggregated value
 * @param interval the bootstrap CI of the per-line mean, or empty when the metric is not a mean of per-line scores
 */
public record Metric(String name, double value, Optional<ConfidenceInterval> interval) {

    public static Metric of(String name, double value) {
        return new Metric(name, value, Optional.empty());
    }

    /**
     * Attaches confidence intervals to aggregated metrics. A metric gets one when the lines carry a numeric score
     * of the same name whose mean equals the aggregated value; otherwise the aggregation computed some other
     * statistic (a median, a ratio of counts) and an interval of the mean would describe the wrong number.
     */
    public static List<Metric> summarize(Map<String, Double> aggregated, List<LineRow> lines, Bootstrap bootstrap) {
        List<Metric> metrics = new ArrayList<>();
        for (Map.Entry<String, Double> e : aggregated.entrySet()) {
            List<Double> perLine = new ArrayList<>();
            for (LineRow line : lines) {
                Double score = line.scores().get(e.getKey());
                if (score != null) {
                    perLine.add(score);
                }
            }
            double value = e.getValue();
            double[] finite = Descriptive.finite(perLine);
            Optional<ConfidenceInterval> interval = Optional.empty();
            if (finite.length > 0
                    && Math.abs(Descriptive.mean(finite) - value) <= 1e-9 * Math.max(1, Math.abs(value))) {
                interval = Optional.of(bootstrap.meanInterval(finite));
            }
            metrics.add(new Metric(e.getKey(), value, interval));
        }
        return metrics;
    }

    /** Convenience for built-in evaluators: the per-line means of every score, each with its interval. */
    public static List<Metric> fromLineScores(List<LineRow> lines, Bootstrap bootstrap) {
        Map<String, List<Double>> byName = new LinkedHashMap<>();
        lines.forEach(l -> l.scores().forEach((k, v) -> byName.computeIfAbsent(k, x -> new ArrayList<>())
                .add(v)));
        Map<String, Double> means = new LinkedHashMap<>();
        byName.forEach((k, v) -> means.put(k, Descriptive.mean(Descriptive.finite(v))));
        return summarize(means, lines, bootstrap);
    }
}
