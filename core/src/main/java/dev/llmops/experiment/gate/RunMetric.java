package dev.llmops.experiment.gate;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Metrics of the standard runs themselves, which gates name as {@code run.<name>}. All are lower-is-better and are
 * judged as measured: failed lines are their own metric, not folded into latency or cost.
 */
public enum RunMetric {
    FAILED_LINES("failed_lines", "lines that failed"),
    FAILED_LINE_RATE("failed_line_rate", "failed lines / lines run"),
    LATENCY_P50_MS("latency_p50_ms", "median line latency of the lines that completed, ms"),
    LATENCY_P95_MS("latency_p95_ms", "95th-percentile line latency of the lines that completed, ms"),
    COST_USD("cost_usd", "estimated cost in USD (unknown without prices, which fails the gate)"),
    TOKENS("tokens", "prompt + completion tokens over all lines");

    /** The evaluator name gates use for these metrics. */
    public static final String EVALUATOR = "run";

    private final String metricName;
    private final String description;

    RunMetric(String metricName, String description) {
        this.metricName = metricName;
        this.description = description;
    }

    public String metricName() {
        return metricName;
    }

    public String description() {
        return description;
    }

    public static Optional<RunMetric> byName(String name) {
        return Arrays.stream(values()).filter(m -> m.metricName.equals(name)).findFirst();
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(RunMetric::metricName).toList();
    }
}
