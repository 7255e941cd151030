package dev.llmops.eval.gate;

import dev.llmops.error.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Checks gates against the metric values of a report. */
public final class GateEvaluator {

    private GateEvaluator() {}

    /**
     * Evaluates every gate on every (variant, dataset) that has its metric, in gate order.
     *
     * @param baselineGiven whether a baseline was loaded; regression gates need one
     * @throws ConfigException when a gate names a metric no evaluator produced, a metric produced by several
     *     evaluators without saying which, or a regression gate without a baseline
     */
    public static List<GateResult> evaluate(List<Gate> gates, List<MetricPoint> points, boolean baselineGiven) {
        List<GateResult> results = new ArrayList<>();
        for (Gate gate : gates) {
            List<MetricPoint> matching = resolve(gate, points);
            for (MetricPoint point : matching) {
                results.add(
                        switch (gate) {
                            case Gate.MinGate min -> checkMin(min, point);
                            case Gate.MaxRegressionGate reg -> {
                                if (!baselineGiven) {
                                    throw ConfigException.of(
                                            gate.source() + " compares against a baseline, but none was given",
                                            "pass --baseline DIR|RUN with an earlier report directory or run");
                                }
                                yield checkRegression(reg, point);
                            }
                        });
            }
        }
        return results;
    }

    private static List<MetricPoint> resolve(Gate gate, List<MetricPoint> points) {
        List<MetricPoint> exact = points.stream()
                .filter(p -> p.metric().equals(gate.metric()))
                .filter(p -> gate.evaluator() == null || p.evaluator().equals(gate.evaluator()))
                .toList();
        if (exact.isEmpty() && gate.evaluator() != null) {
            // A metric name that itself contains a dot, e.g. "ragas.faithfulness".
            String whole = gate.evaluator() + "." + gate.metric();
            exact = points.stream().filter(p -> p.metric().equals(whole)).toList();
            if (!exact.isEmpty()) {
                return resolve(new Gate.MinGate(null, whole, 0, gate.source()), points);
            }
        }
        if (exact.isEmpty()) {
            Set<String> available = new LinkedHashSet<>();
            points.forEach(p -> available.add(p.evaluator() + "." + p.metric()));
            throw ConfigException.of(
                    gate.source() + ": no evaluator reported metric '" + gate.reference() + "'",
                    available.isEmpty()
                            ? "no evaluation produced metrics; check that the evaluators matched the runs' datasets"
                            : "available metrics: " + String.join(", ", available));
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

    private static GateResult checkMin(Gate.MinGate gate, MetricPoint p) {
        // A little slack, so that a conservative 12/19 × 19/20 still counts as 0.60.
        boolean passed = p.value() >= gate.min() - 1e-12;
        String subject = subject(p);
        String message = passed
                ? subject + " is " + Numbers.format(p.value()) + ", at least " + Numbers.format(gate.min()) + " ("
                        + gate.source() + p.linesNote() + ")"
                : "gate failed: " + subject + " is " + Numbers.format(p.value()) + ", below "
                        + Numbers.format(gate.min()) + " (" + gate.source() + p.linesNote() + ")";
        return new GateResult(
                p.evaluator(),
                p.metric(),
                p.variant(),
                p.dataset(),
                p.value(),
                gate.min(),
                passed,
                message,
                gate.source());
    }

    private static GateResult checkRegression(Gate.MaxRegressionGate gate, MetricPoint p) {
        String subject = subject(p);
        if (p.baseline() == null || p.baseline().isNaN()) {
            return new GateResult(
                    p.evaluator(),
                    p.metric(),
                    p.variant(),
                    p.dataset(),
                    p.value(),
                    Double.NaN,
                    true,
                    subject + " has no baseline value; not compared (" + gate.source() + ")",
                    gate.source());
        }
        double floor = p.baseline() - gate.maxRegression();
        double drop = p.baseline() - p.value();
        // Compare with a little slack so that 0.85 - 0.05 == 0.80 holds despite binary rounding.
        boolean passed = p.value() >= floor - 1e-12;
        String change = drop > 0 ? "dropped by " + Numbers.format(drop) : "changed by +" + Numbers.format(-drop);
        String message = (passed ? "" : "gate failed: ") + subject + " " + change + " from "
                + Numbers.format(p.baseline()) + " to " + Numbers.format(p.value())
                + (passed ? ", within " : ", more than the allowed ") + Numbers.format(gate.maxRegression()) + " ("
                + gate.source() + p.linesNote() + ")";
        return new GateResult(
                p.evaluator(), p.metric(), p.variant(), p.dataset(), p.value(), floor, passed, message, gate.source());
    }

    private static String subject(MetricPoint p) {
        return p.metric() + " of variant " + p.variant() + " on dataset " + p.dataset();
    }
}
