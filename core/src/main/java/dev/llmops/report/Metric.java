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
     * Attaches confidence intervals to aggregated metrics. A metric gets one only when a per-line series provably
     * reproduces it: a score of the same name, else any per-line score, else the indicator of one outcome of a
     * discrete score (accuracy as the share of lines scoring 1), whose mean equals the aggregated value exactly or
     * as rounded to the value's 2 to 4 decimals. Otherwise the aggregation computed some other statistic (a
     * median, a ratio of counts) and an interval of a mean would describe the wrong number.
     */
    public static List<Metric> summarize(Map<String, Double> aggregated, List<LineRow> lines, Bootstrap bootstrap) {
        List<Metric> metrics = new ArrayList<>();
        for (Map.Entry<String, Double> e : aggregated.entrySet()) {
            double value = e.getValue();
            Optional<ConfidenceInterval> interval = PerLineSeries.candidates(e.getKey(), lines).stream()
                    .filter(series -> series.length > 0 && reproduces(Descriptive.mean(series), value))
                    .findFirst()
                    .map(bootstrap::meanInterval);
            metrics.add(new Metric(e.getKey(), value, interval));
        }
        return metrics;
    }

    static boolean reproduces(double mean, double value) {
        if (Math.abs(mean - value) <= 1e-9 * Math.max(1, Math.abs(value))) {
            return true;
        }
        for (int decimals = 2; decimals <= 4; decimals++) {
            double scale = Math.pow(10, decimals);
            boolean valueHasThatPrecision = Math.abs(Math.rint(value * scale) - value * scale) < 1e-6;
            if (valueHasThatPrecision && Math.rint(mean * scale) == Math.rint(value * scale)) {
                return true;
            }
        }
        return false;
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
