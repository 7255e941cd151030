package dev.llmops.report;

/**
 * The change of one metric against the baseline. Metrics are higher-is-better, so a negative delta is a
 * regression.
 *
 * @param current the value now
 * @param baseline the value in the baseline
 * @param delta current − baseline
 * @param regressed whether the metric went down
 * @param significant whether the baseline value lies outside the current 95 % interval (false without one)
 */
public record MetricDelta(
        MetricKey key, double current, double baseline, double delta, boolean regressed, boolean significant) {}
