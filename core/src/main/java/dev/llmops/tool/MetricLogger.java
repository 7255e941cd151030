package dev.llmops.tool;

/**
 * Logs run metrics from an aggregation tool, like Prompt Flow's {@code log_metric(key, value)}. Declare a
 * parameter of this type on a {@link Tool} method to receive it; it is not bound from node inputs.
 */
@FunctionalInterface
public interface MetricLogger {

    /** Records {@code value} (a number, normally) as the run metric {@code key}; a later call replaces it. */
    void log(String key, Object value);
}
