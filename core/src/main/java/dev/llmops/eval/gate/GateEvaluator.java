package dev.llmops.eval.gate;

import dev.llmops.error.ConfigException;
import dev.llmops.experiment.gate.Better;
import dev.llmops.experiment.gate.Gate;
import dev.llmops.experiment.gate.RunMetric;
import dev.llmops.experiment.gate.VariantScope;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks gates against the metric values of a report. */
public final class GateEvaluator {

    /** A little slack, so that a conservative 12/19 × 19/20 still counts as 0.60 and 0.85 − 0.05 as 0.80. */
    private static final double SLACK = 1e-12;

    private GateEvaluator() {}

    /**
     * Evaluates every gate on the (variant, dataset) points its scope selects, in gate order.
     *
     * @param points the evaluators' metrics and the run metrics ({@code evaluator} {@link RunMetric#EVALUATOR})
     * @param baselineGiven whether a baseline was loaded; regression gates need one
     * @throws ConfigException when a gate names a metric no evaluator produced, a metric produced by several
     *     evaluators without saying which, a variant that did not run, or a regression gate without a baseline
     */
    public static List<GateResult> evaluate(List<Gate> gates, List<MetricPoint> points, boolean baselineGiven) {
        List<GateResult> results = new ArrayList<>();
        for (Gate gate : gates) {
            if (gate instanceof Gate.MaxRegressionGate && !baselineGiven) {
                throw ConfigException.of(
                        gate.source() + " compares against a baseline, but none was given",
                        "pass --baseline DIR|RUN with an earlier report directory or run");
            }
            List<MetricPoint> matching = resolve(gate, points);
            for (Selected s : select(gate, matching)) {
                results.add(
                        switch (gate) {
                            case Gate.MinGate min -> checkLimit(gate, min.min(), true, s);
                            case Gate.MaxGate max -> checkLimit(gate, max.max(), false, s);
                            case Gate.MaxRegressionGate reg -> checkRegression(reg, s);
                        });
            }
        }
        return results;
    }

    /** A point chosen by the gate's scope; {@code of} is how many variants it was chosen from (best), else 0. */
    private record Selected(MetricPoint point, int of) {}

    private static List<MetricPoint> resolve(Gate gate, List<MetricPoint> points) {
        List<MetricPoint> exact = points.stream()
                .filter(p -> p.metric().equals(gate.metric()))
                .filter(p -> gate.evaluator() == null
                        ? !RunMetric.EVALUATOR.equals(p.evaluator())
                        : p.evaluator().equals(gate.evaluator()))
                .toList();
        if (exact.isEmpty() && gate.evaluator() != null) {
            // A metric name that itself contains a dot, e.g. "ragas.faithfulness".
            String whole = gate.evaluator() + "." + gate.metric();
            exact = points.stream().filter(p -> p.metric().equals(whole)).toList();
        }
        if (exact.isEmpty()) {
            Set<String> available = new LinkedHashSet<>();
            points.stream()
                    .filter(p -> !RunMetric.EVALUATOR.equals(p.evaluator()))
                    .forEach(p -> available.add(p.evaluator() + "." + p.metric()));
            String runMetrics = "run metrics: run." + String.join(", run.", RunMetric.names());
            throw ConfigException.of(
                    gate.source() + ": no evaluator reported metric '" + gate.reference() + "'",
                    available.isEmpty()
                            ? "no evaluation produced metrics; check that the evaluators matched the runs' datasets ("
                                    + runMetrics + ")"
                            : "available metrics: " + String.join(", ", available) + "; " + runMetrics);
        }
        Set<String> evaluators = new LinkedHashSet<>();
        exact.forEach(p -> evaluators.add(p.evaluator()));
        if (gate.evaluator() == null && evaluators.size() > 1) {
            throw ConfigException.of(
                    gate.source() + ": metric '" + gate.metric() + "' is reported by several evaluators ("
                            + String.join(", ", evaluators) + ")",
                    "name the evaluator, e.g. " + evaluators.iterator().next() + "." + gate.metric());
        }
        return exact;
    }

    private static List<Selected> select(Gate gate, List<MetricPoint> matching) {
        return switch (gate.variants()) {
            case VariantScope.All a ->
                matching.stream().map(p -> new Selected(p, 0)).toList();
            case VariantScope.Default d -> {
                List<Selected> chosen = matching.stream()
                        .filter(MetricPoint::defaultVariant)
                        .map(p -> new Selected(p, 0))
                        .toList();
                if (chosen.isEmpty()) {
                    throw noSuchVariant(gate, "the default variant", matching);
                }
                yield chosen;
            }
            case VariantScope.Named n -> {
                List<Selected> chosen = matching.stream()
                        .filter(p -> p.variant().equals(n.label()))
                        .map(p -> new Selected(p, 0))
                        .toList();
                if (chosen.isEmpty()) {
                    throw noSuchVariant(gate, "variant '" + n.label() + "'", matching);
                }
                yield chosen;
            }
            case VariantScope.Best b -> best(gate, matching);
        };
    }

    /** Per dataset, the variant with the best judged value; NaN is the worst, ties keep the first. */
    private static List<Selected> best(Gate gate, List<MetricPoint> matching) {
        Map<String, List<MetricPoint>> byDataset = new LinkedHashMap<>();
        matching.forEach(p ->
                byDataset.computeIfAbsent(p.dataset(), k -> new ArrayList<>()).add(p));
        boolean higher = gate.better() == Better.HIGHER;
        Comparator<MetricPoint> better = Comparator.comparingDouble(p -> rank(p.judged(higher), higher));
        List<Selected> chosen = new ArrayList<>();
        byDataset.values().forEach(list -> {
            MetricPoint top = list.get(0);
            for (MetricPoint p : list) {
                if (better.compare(p, top) < 0) {
                    top = p;
                }
            }
            chosen.add(new Selected(top, list.size()));
        });
        return chosen;
    }

    /** Smaller ranks first: the best value, NaN last. */
    private static double rank(double value, boolean higher) {
        if (Double.isNaN(value)) {
            return Double.POSITIVE_INFINITY;
        }
        return higher ? -value : value;
    }

    private static ConfigException noSuchVariant(Gate gate, String what, List<MetricPoint> matching) {
        Set<String> variants = new LinkedHashSet<>();
        matching.forEach(p -> variants.add(p.variant()));
        return ConfigException.of(
                gate.source() + " judges " + what + ", which has no '" + gate.reference() + "' in this report",
                "variants reported: " + String.join(", ", variants)
                        + "; run it (--variants) or set the gate's variant: to best or all");
    }

    private static GateResult checkLimit(Gate gate, double limit, boolean minimum, Selected s) {
        MetricPoint p = s.point();
        double value = p.judged(gate.better() == Better.HIGHER);
        // NaN fails either way: a value that could not be computed meets no limit.
        boolean passed = minimum ? value >= limit - SLACK : value <= limit + SLACK;
        String subject = subject(p, s.of());
        String bound = minimum ? (passed ? "at least " : "below ") : (passed ? "at most " : "above ");
        String message = (passed ? "" : "gate failed: ") + subject + " is " + Numbers.format(value) + ", " + bound
                + Numbers.format(limit) + " (" + gate.source() + p.linesNote() + ")";
        return result(p, value, limit, passed, message, gate);
    }

    private static GateResult checkRegression(Gate.MaxRegressionGate gate, Selected s) {
        MetricPoint p = s.point();
        boolean higher = gate.better() == Better.HIGHER;
        double value = p.judged(higher);
        String subject = subject(p, s.of());
        if (p.baseline() == null || p.baseline().isNaN()) {
            return result(
                    p,
                    value,
                    Double.NaN,
                    true,
                    subject + " has no baseline value; not compared (" + gate.source() + ")",
                    gate);
        }
        double limit = higher ? p.baseline() - gate.maxRegression() : p.baseline() + gate.maxRegression();
        double worse = higher ? p.baseline() - value : value - p.baseline();
        boolean passed = higher ? value >= limit - SLACK : value <= limit + SLACK;
        String change = worse > 0
                ? (higher ? "dropped by " : "rose by ") + Numbers.format(worse)
                : "changed by " + (higher ? "+" : "-") + Numbers.format(-worse);
        String message = (passed ? "" : "gate failed: ") + subject + " " + change + " from "
                + Numbers.format(p.baseline()) + " to " + Numbers.format(value)
                + (passed ? ", within " : ", more than the allowed ") + Numbers.format(gate.maxRegression()) + " ("
                + gate.source() + p.linesNote() + ")";
        return result(p, value, limit, passed, message, gate);
    }

    private static GateResult result(
            MetricPoint p, double value, double threshold, boolean passed, String message, Gate gate) {
        return new GateResult(
                p.evaluator(), p.metric(), p.variant(), p.dataset(), value, threshold, passed, message, gate.source());
    }

    private static String subject(MetricPoint p, int of) {
        String metric = RunMetric.EVALUATOR.equals(p.evaluator()) ? RunMetric.EVALUATOR + "." + p.metric() : p.metric();
        String variant = "variant " + p.variant() + (of > 1 ? " (the best of " + of + ")" : "");
        return metric + " of " + variant + " on dataset " + p.dataset();
    }
}
