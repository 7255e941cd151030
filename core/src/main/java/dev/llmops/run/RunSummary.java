package dev.llmops.run;

import dev.llmops.run.store.ErrorGroup;
import dev.llmops.run.store.RunStatus;
import java.util.List;

/**
 * How one run ended, for the summary table and the exit code.
 *
 * @param total dataset lines; {@code completed + failed == total} unless canceled
 * @param costEstimate null when no connection declares prices
 * @param errors the distinct errors of the failed lines, most frequent first
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
        String error,
        List<ErrorGroup> errors) {

    public RunSummary {
        errors = List.copyOf(errors);
    }

    /** A summary without per-line errors. */
    public RunSummary(
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
            String error) {
        this(
                name,
                variant,
                dataset,
                status,
                total,
                completed,
                failed,
                tokens,
                p50Millis,
                p95Millis,
                wallMillis,
                costEstimate,
                error,
                List.of());
    }
}
