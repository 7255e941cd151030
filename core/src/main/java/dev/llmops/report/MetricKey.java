package dev.llmops.report;

/** Identifies a metric across reports: the same evaluator, metric, variant and dataset. */
public record MetricKey(String evaluator, String metric, String variant, String dataset) {}
