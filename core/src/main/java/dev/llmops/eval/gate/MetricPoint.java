package dev.llmops.eval.gate;

/**
 * One metric value of one evaluation, as gates see it.
 *
 * @param baseline the same metric in the baseline, or null when there is no baseline value for it
 */
public record MetricPoint(
        String evaluator, String metric, String variant, String dataset, double value, Double baseline) {}
