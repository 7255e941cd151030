package dev.llmops.run;

import dev.llmops.experiment.ExperimentRequest;
import dev.llmops.run.cache.CacheMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@code llmops run} was asked to do.
 *
 * @param experiment which experiment file, overlay and use case
 * @param variants {@code all}, {@code defaults}, {@code grid} or a list {@code node.variant,...}
 * @param maxConcurrency lines in flight at once over all runs
 * @param lineTimeout how long one line may take
 * @param maxFailed how many failed lines still count as success
 * @param cache response cache mode
 * @param resume a run or batch to continue ({@code latest}), or null for a new batch
 * @param retryFailed with {@code resume}: run failed lines again
 * @param buildId stored as a tag, or null
 * @param runsDir the run store; null for {@code .llmops/runs} under the use case
 * @param outputFile write the run names here as a JSON list, or null
 * @param recordFile append live model answers to this recordings file, or null
 * @param dryRun print the plan and stop
 */
public record RunServiceRequest(
        ExperimentRequest experiment,
        String variants,
        int maxConcurrency,
        Duration lineTimeout,
        FailureTolerance maxFailed,
        CacheMode cache,
        String resume,
        boolean retryFailed,
        String buildId,
        Path runsDir,
        Path outputFile,
        Path recordFile,
        boolean dryRun) {

    public RunServiceRequest {
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(variants, "variants");
        Objects.requireNonNull(lineTimeout, "lineTimeout");
        Objects.requireNonNull(maxFailed, "maxFailed");
        Objects.requireNonNull(cache, "cache");
    }
}
