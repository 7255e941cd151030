package dev.llmops.report;

import dev.llmops.eval.stats.Descriptive;
import dev.llmops.llm.TokenUsage;
import java.util.Collection;
import java.util.Objects;

/**
 * What a report shows about a standard run itself.
 *
 * @param runId the standard run id
 * @param variant {@code <node>.<variant>} or {@code default}
 * @param defaultVariant whether this is the default variant
 * @param dataset the standard dataset name
 * @param tokens tokens summed over all lines and calls
 * @param cost estimated cost in USD, or null when prices are unknown
 * @param latencyP50Millis median line latency, NaN when no line completed
 * @param latencyP95Millis 95th-percentile line latency, NaN when no line completed
 * @param lines lines run
 * @param failedLines lines that failed
 * @param dataAsset the data asset version the run read ({@code azureml:<name>:<version>}), or null for a local file
 */
public record StandardRunSummary(
        String runId,
        String variant,
        boolean defaultVariant,
        String dataset,
        TokenUsage tokens,
        Double cost,
        double latencyP50Millis,
        double latencyP95Millis,
        int lines,
        int failedLines,
        String dataAsset) {

    public StandardRunSummary {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(tokens, "tokens");
    }

    /** A summary of a run on a local file. */
    public StandardRunSummary(
            String runId,
            String variant,
            boolean defaultVariant,
            String dataset,
            TokenUsage tokens,
            Double cost,
            double latencyP50Millis,
            double latencyP95Millis,
            int lines,
            int failedLines) {
        this(
                runId,
                variant,
                defaultVariant,
                dataset,
                tokens,
                cost,
                latencyP50Millis,
                latencyP95Millis,
                lines,
                failedLines,
                null);
    }

    /** The same summary, for a run that read this data asset version. */
    public StandardRunSummary withDataAsset(String label) {
        return new StandardRunSummary(
                runId,
                variant,
                defaultVariant,
                dataset,
                tokens,
                cost,
                latencyP50Millis,
                latencyP95Millis,
                lines,
                failedLines,
                label);
    }

    /** Builds a summary computing p50/p95 from the completed lines' latencies. */
    public static StandardRunSummary of(
            String runId,
            String variant,
            boolean defaultVariant,
            String dataset,
            TokenUsage tokens,
            Double cost,
            Collection<? extends Number> lineLatenciesMillis,
            int lines,
            int failedLines) {
        double[] latencies = Descriptive.finite(lineLatenciesMillis);
        return new StandardRunSummary(
                runId,
                variant,
                defaultVariant,
                dataset,
                tokens,
                cost,
                Descriptive.p50(latencies),
                Descriptive.p95(latencies),
                lines,
                failedLines);
    }
}
