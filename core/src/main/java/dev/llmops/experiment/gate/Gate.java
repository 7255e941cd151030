package dev.llmops.experiment.gate;

import dev.llmops.yaml.YLocation;
import java.util.Objects;

/**
 * A quality gate a CI run must pass, part of the loaded experiment ({@code gates:}) or given on the command line.
 * A gate names a metric an evaluator logs ({@code accuracy}, {@code evaluation.accuracy}) or a metric of the
 * standard runs ({@code run.latency_p95_ms}, see {@link RunMetric}), which way it improves, and which variants it
 * judges (by default the best one of each dataset).
 */
public sealed interface Gate permits Gate.MinGate, Gate.MaxGate, Gate.MaxRegressionGate {

    /** The evaluator that must have produced the metric, {@code run} for a run metric, or null for "whichever has it". */
    String evaluator();

    String metric();

    /** Which way the metric improves: decides the conservative value, what "best" and a regression mean. */
    Better better();

    /** The variants judged. */
    VariantScope variants();

    /** Where the gate was declared, quoted in messages: {@code --fail-under accuracy=0.8}, {@code experiment.yaml:12:3 gates[0]}. */
    String source();

    /** Where a {@code gates:} entry was written, or null for a command-line gate. */
    YLocation location();

    /** {@code evaluator.metric} or {@code metric}. */
    default String reference() {
        return evaluator() == null ? metric() : evaluator() + "." + metric();
    }

    /** Whether the gate judges a metric of the standard runs rather than of an evaluator. */
    default boolean isRunMetric() {
        return RunMetric.EVALUATOR.equals(evaluator());
    }

    /** The metric must be at least {@code min}. */
    record MinGate(
            String evaluator,
            String metric,
            double min,
            Better better,
            VariantScope variants,
            String source,
            YLocation location)
            implements Gate {
        public MinGate {
            Objects.requireNonNull(metric, "metric");
            Objects.requireNonNull(better, "better");
            Objects.requireNonNull(variants, "variants");
        }

        /** A higher-is-better command-line gate on the best variant. */
        public MinGate(String evaluator, String metric, double min, String source) {
            this(evaluator, metric, min, Better.HIGHER, new VariantScope.Best(), source, null);
        }
    }

    /** The metric must be at most {@code max}. */
    record MaxGate(
            String evaluator,
            String metric,
            double max,
            Better better,
            VariantScope variants,
            String source,
            YLocation location)
            implements Gate {
        public MaxGate {
            Objects.requireNonNull(metric, "metric");
            Objects.requireNonNull(better, "better");
            Objects.requireNonNull(variants, "variants");
        }
    }

    /** The metric may get at most {@code maxRegression} worse than its baseline value (lower, or higher when lower is better). */
    record MaxRegressionGate(
            String evaluator,
            String metric,
            double maxRegression,
            Better better,
            VariantScope variants,
            String source,
            YLocation location)
            implements Gate {
        public MaxRegressionGate {
            Objects.requireNonNull(metric, "metric");
            Objects.requireNonNull(better, "better");
            Objects.requireNonNull(variants, "variants");
        }

        /** A higher-is-better command-line gate on the best variant. */
        public MaxRegressionGate(String evaluator, String metric, double maxRegression, String source) {
            this(evaluator, metric, maxRegression, Better.HIGHER, new VariantScope.Best(), source, null);
        }
    }
}
