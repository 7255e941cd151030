package dev.llmops.eval;

import dev.llmops.experiment.ExperimentRequest;
import dev.llmops.run.cache.CacheMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@code llmops eval} was asked to do.
 *
 * @param experiment which experiment file, overlay and use case
 * @param runs the standard runs to evaluate
 * @param maxConcurrency lines in flight at once over all evaluation runs
 * @param lineTimeout how long one evaluation line may take
 * @param cache response cache mode (LLM judges and evaluation flows that call models)
 * @param buildId stored as a tag, or null
 * @param runsDir the run store; null for {@code .llmops/runs} under the use case
 * @param resume continue an evaluation batch, or null for a fresh start: {@code latest} (the newest evaluation
 *     batch), an evaluation run's name (its batch) or a standard run's name (the newest evaluation batch of its
 *     standard batch, or a fresh one when it has none)
 * @param retryFailed on resume, evaluate the failed lines again too
 */
public record EvalRequest(
        ExperimentRequest experiment,
        RunSelection runs,
        int maxConcurrency,
        Duration lineTimeout,
        CacheMode cache,
        String buildId,
        Path runsDir,
        String resume,
        boolean retryFailed) {

    /** A fresh evaluation (no resume). */
    public EvalRequest(
            ExperimentRequest experiment,
            RunSelection runs,
            int maxConcurrency,
            Duration lineTimeout,
            CacheMode cache,
            String buildId,
            Path runsDir) {
        this(experiment, runs, maxConcurrency, lineTimeout, cache, buildId, runsDir, null, false);
    }

    public EvalRequest {
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(runs, "runs");
        Objects.requireNonNull(lineTimeout, "lineTimeout");
        Objects.requireNonNull(cache, "cache");
    }
}
