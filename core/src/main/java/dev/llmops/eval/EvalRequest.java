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
 */
public record EvalRequest(
        ExperimentRequest experiment,
        RunSelection runs,
        int maxConcurrency,
        Duration lineTimeout,
        CacheMode cache,
        String buildId,
        Path runsDir) {

    public EvalRequest {
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(runs, "runs");
        Objects.requireNonNull(lineTimeout, "lineTimeout");
        Objects.requireNonNull(cache, "cache");
    }
}
