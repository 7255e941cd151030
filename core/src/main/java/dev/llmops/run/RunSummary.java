package dev.llmops.run;

import dev.llmops.run.store.RunStatus;

/**
 * How one run ended, for the summary table and the exit code.
 *
 * @param total dataset lines; {@code completed + failed == total} unless canceled
 * @param costEstimate null when no connection declares prices
 */
public record RunSummary(
        String name,
        String variant,
        String dataset,
        RunStatus status,
        int total,
        int completed,
        int failed,
        long tokens,
        long p50Millis,
        long p95Millis,
        long wallMillis,
        Double costEstimate,
        String error) {}
