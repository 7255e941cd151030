package dev.llmops.run;

import dev.llmops.run.cache.CacheMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How runs execute, shared by {@code llmops run}, {@code eval} and {@code experiment}: one record, declared once
 * on the command line too.
 *
 * @param maxConcurrency lines in flight at once over all runs
 * @param lineTimeout how long one line may take
 * @param maxFailed how many failed lines still count as success; null when not given (a run then allows none,
 *     an evaluation what its standard runs were given)
 * @param cache response cache mode
 * @param resume a run or batch to continue ({@code latest}), or null for a fresh start
 * @param retryFailed with {@code resume}: run failed lines again
 * @param buildId stored as a tag, or null
 * @param runsDir the run store; null for {@code .llmops/runs} under the use case
 */
public record ExecutionOptions(
        int maxConcurrency,
        Duration lineTimeout,
        FailureTolerance maxFailed,
        CacheMode cache,
        String resume,
        boolean retryFailed,
        String buildId,
        Path runsDir) {

    public ExecutionOptions {
        Objects.requireNonNull(lineTimeout, "lineTimeout");
        Objects.requireNonNull(cache, "cache");
    }

    /** The defaults: 16 lines at once, 600 s per line, no failed line allowed, no cache, a fresh start. */
    public static ExecutionOptions defaults() {
        return new ExecutionOptions(
                RunOptions.DEFAULT_CONCURRENCY,
                RunOptions.DEFAULT_LINE_TIMEOUT,
                null,
                CacheMode.OFF,
                null,
                false,
                null,
                null);
    }

    /** The tolerance to apply: the one given, else none. */
    public FailureTolerance tolerance() {
        return maxFailed == null ? FailureTolerance.NONE : maxFailed;
    }

    public ExecutionOptions withResume(String run) {
        return new ExecutionOptions(maxConcurrency, lineTimeout, maxFailed, cache, run, retryFailed, buildId, runsDir);
    }

    public ExecutionOptions withRunsDir(Path dir) {
        return new ExecutionOptions(maxConcurrency, lineTimeout, maxFailed, cache, resume, retryFailed, buildId, dir);
    }
}
