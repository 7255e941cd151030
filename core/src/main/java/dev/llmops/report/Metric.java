package dev.llmops.report;

import dev.llmops.eval.gate.MetricPoint;
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
 * @param n the lines the value was computed over (those that produced a result)
 * @param failed the lines that produced no result (the flow or evaluator failed, or the standard line failed):
 *     the value leaves them out, {@link #conservative} counts them as failures
 */
public record Metric(String name, double value, Optional<ConfidenceInterval> interval, int n, int failed) {

    /** A metric without line counts: its interval's n, no failed lines. */
    public Metric(String name, double value, Optional<ConfidenceInterval> interval) {
        this(name, value, interval, interval.map(ConfidenceInterval::n).orElse(0), 0);
    }

    public static Metric of(String name, double value) {
        return new Metric(name, value, Optional.empty());
    }

    /**
     * The value had every failed line scored as a failure: for a higher-is-better metric 0 (the mean over
     * {@code n + failed} lines, so 0.929 over 297 of 300 lines gives 0.920); for a lower-is-better one the worst
     * (1 for a rate in [0, 1], else +Infinity). Equal to {@link #value} without failed lines.
     */
    public double conservative(boolean higherIsBetter) {
        return MetricPoint.conservative(value, n, failed, higherIsBetter);
    }

    /** The same metric with its line counts. */
    public Metric withLines(int lines, int failedLines) {
        return new Metric(name, value, interval, lines, failedLines);
    }

    /**
     * Attaches confidence intervals to aggregated metrics. A metric gets one only when a per-line series provably
     * reproduces it: a score of the same name, else any per-line score, else the indicator of one outcome of a
     * discrete score (accuracy as the share of lines scoring 1), whose mean equals the aggregated value exactly or
     * as rounded to the value's 2 to 4 decimals. Otherwise the aggregation computed some other statistic (a
     * median, a ratio of counts) and an interval of a mean would describe the wrong number.
     */
    public static List<Metric> summarize(Map<String, Double> aggregated, List<LineRow> lines, Bootstrap bootstrap) {
        return summarize(aggregated, lines, bootstrap, 0);
    }

    /**
     * As {@link #summarize(Map, List, Bootstrap)}, with each metric's line counts: {@code n} the lines that produced
     * a result, {@code failed} the lines in error plus {@code notEvaluated} lines the evaluation has no row for.
     */
    public static List<Metric> summarize(
            Map<String, Double> aggregated, List<LineRow> lines, Bootstrap bootstrap, int notEvaluated) {
        int errored =
                (int) lines.stream().filter(l -> l.status() == LineStatus.ERROR).count();
        int n = lines.size() - errored;
        int failed = errored + Math.max(0, notEvaluated);
        List<Metric> metrics = new ArrayList<>();
        for (Map.Entry<String, Double> e : aggregated.entrySet()) {
            double value = e.getValue();
            Optional<ConfidenceInterval> interval = PerLineSeries.candidates(e.getKey(), lines).stream()
                    .filter(series -> series.length > 0 && reproduces(Descriptive.mean(series), value))
                    .findFirst()
                    .map(bootstrap::meanInterval);
            metrics.add(new Metric(e.getKey(), value, interval, n, failed));
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
