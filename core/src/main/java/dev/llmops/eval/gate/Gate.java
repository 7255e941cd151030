package dev.llmops.eval.gate;

import java.util.Objects;

/**
 * A quality gate a CI run must pass. Every gate applies to each (variant, dataset) that has its metric, and all
 * metrics are taken as higher-is-better.
 */
public sealed interface Gate permits Gate.MinGate, Gate.MaxRegressionGate {

    /** The evaluator that must have produced the metric, or null for "whichever evaluator has it (exactly one)". */
    String evaluator();

    String metric();

    /** Where the gate was declared, quoted in messages: {@code --fail-under accuracy=0.8}, {@code experiment.yaml:12}. */
    String source();

    /** {@code evaluator.metric} or {@code metric}. */
    default String reference() {
        return evaluator() == null ? metric() : evaluator() + "." + metric();
    }

    /** The metric must be at least {@code min}. */
    record MinGate(String evaluator, String metric, double min, String source) implements Gate {
        public MinGate {
            Objects.requireNonNull(metric, "metric");
        }
    }

    /** The metric may drop at most {@code maxRegression} below its baseline value. */
    record MaxRegressionGate(String evaluator, String metric, double maxRegression, String source) implements Gate {
        public MaxRegressionGate {
            Objects.requireNonNull(metric, "metric");
        }
    }
}
