package dev.llmops.run.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The content of {@code run.json}: what a run is and how it ended. Never holds secrets: connection details are
 * not part of it.
 *
 * @param name the run name, also its directory name
 * @param batch the id shared by the runs one {@code llmops run} started; {@code --resume} continues a batch
 * @param variant {@code node.variant} or {@code default}
 * @param variantOverrides node → variant for the nodes not at their defaults
 * @param flowHash SHA-256 of the flow definition, so a resume on a changed flow can be refused
 * @param lines counts over distinct line numbers (the latest attempt of each line)
 * @param costEstimate estimated cost when the connections declare prices, else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunRecord(
        int formatVersion,
        String name,
        String batch,
        String experiment,
        String env,
        String flowPath,
        String flowHash,
        String variant,
        Map<String, String> variantOverrides,
        String dataset,
        String dataFile,
        RunStatus status,
        Instant created,
        Instant started,
        Instant ended,
        Long durationMs,
        Lines lines,
        LineRecord.Tokens tokens,
        Latency latency,
        Double costEstimate,
        String buildId,
        Map<String, String> tags,
        Map<String, Object> metrics,
        String error) {

    public static final int FORMAT = 1;

    /** Line counts. {@code total} is the dataset size when known. */
    public record Lines(int total, int completed, int failed) {}

    /** Latency percentiles over the run's lines, in milliseconds. */
    public record Latency(long p50, long p95) {}

    public RunRecord {
        variantOverrides = variantOverrides == null
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(variantOverrides));
        tags = tags == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }

    /** The record of a run (re)starting now; keeps the time already spent, so a resumed run adds to it. */
    public RunRecord withStarted(Instant at) {
        return withProgress(
                RunStatus.Running, at, null, durationMs, lines, tokens, latency, costEstimate, metrics, null);
    }

    /** The record at the end of a run (or at a cancel), with the statistics read back from the store. */
    public RunRecord finished(
            RunStatus finalStatus,
            Instant at,
            long elapsedMs,
            Lines finalLines,
            LineRecord.Tokens finalTokens,
            Latency finalLatency,
            Double cost,
            Map<String, Object> finalMetrics,
            String finalError) {
        return withProgress(
                finalStatus,
                started,
                at,
                elapsedMs,
                finalLines,
                finalTokens,
                finalLatency,
                cost,
                finalMetrics,
                finalError);
    }

    /** This run's identity (name, flow, variant, dataset, tags) with another state of progress. */
    private RunRecord withProgress(
            RunStatus newStatus,
            Instant newStarted,
            Instant newEnded,
            Long newDurationMs,
            Lines newLines,
            LineRecord.Tokens newTokens,
            Latency newLatency,
            Double newCost,
            Map<String, Object> newMetrics,
            String newError) {
        return new RunRecord(
                formatVersion,
                name,
                batch,
                experiment,
                env,
                flowPath,
                flowHash,
                variant,
                variantOverrides,
                dataset,
                dataFile,
                newStatus,
                created,
                newStarted,
                newEnded,
                newDurationMs,
                newLines,
                newTokens,
                newLatency,
                newCost,
                buildId,
                tags,
                newMetrics,
                newError);
    }
}
