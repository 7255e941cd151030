package dev.llmops.run;

import dev.llmops.run.progress.ProgressListener;
import dev.llmops.secret.SecretMasker;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How an experiment runs. Build with {@link #builder()}.
 *
 * @param maxConcurrency lines in flight at once across every run (default 16)
 * @param lineTimeout a line taking longer is abandoned and recorded as failed (default 600 s)
 * @param resume a run name or {@code latest} to continue that run's batch, or null for a fresh start
 * @param retryFailed on resume, run the failed lines again too
 * @param buildId stored as tag {@code build_id}, or null
 * @param tags extra tags stored in every run
 * @param progress receives progress snapshots every {@code progressInterval}
 * @param masker masks secrets out of error messages before they are stored
 * @param costs estimates the cost of the tokens used per connection, or null
 * @param usage attributes model calls to runs for per-connection token totals, or null
 * @param maxFailed the {@code --max-failed-lines} the runs were given, stored with them (null when not given)
 */
public record RunOptions(
        int maxConcurrency,
        Duration lineTimeout,
        String resume,
        boolean retryFailed,
        String buildId,
        Map<String, String> tags,
        ProgressListener progress,
        Duration progressInterval,
        SecretMasker masker,
        CostEstimator costs,
        UsageTracker usage,
        FailureTolerance maxFailed) {

    public static final int DEFAULT_CONCURRENCY = 16;
    public static final Duration DEFAULT_LINE_TIMEOUT = Duration.ofSeconds(600);

    public RunOptions {
        if (maxConcurrency < 1) {
            throw dev.llmops.error.ConfigException.of(
                    "--max-concurrency must be at least 1, was " + maxConcurrency, "e.g. --max-concurrency 16");
        }
        Objects.requireNonNull(lineTimeout, "lineTimeout");
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(progressInterval, "progressInterval");
        Objects.requireNonNull(masker, "masker");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder with the defaults above. */
    public static final class Builder {
        private int maxConcurrency = DEFAULT_CONCURRENCY;
        private Duration lineTimeout = DEFAULT_LINE_TIMEOUT;
        private String resume;
        private boolean retryFailed;
        private String buildId;
        private Map<String, String> tags = Map.of();
        private ProgressListener progress = ProgressListener.NONE;
        private Duration progressInterval = Duration.ofMillis(250);
        private SecretMasker masker = new SecretMasker();
        private CostEstimator costs;
        private UsageTracker usage;
        private FailureTolerance maxFailed;

        public Builder maxConcurrency(int v) {
            maxConcurrency = v;
            return this;
        }

        public Builder lineTimeout(Duration v) {
            lineTimeout = v;
            return this;
        }

        public Builder resume(String v) {
            resume = v;
            return this;
        }

        public Builder retryFailed(boolean v) {
            retryFailed = v;
            return this;
        }

        public Builder buildId(String v) {
            buildId = v;
            return this;
        }

        public Builder tags(Map<String, String> v) {
            tags = v;
            return this;
        }

        public Builder progress(ProgressListener v, Duration interval) {
            progress = v;
            progressInterval = interval;
            return this;
        }

        public Builder masker(SecretMasker v) {
            masker = v;
            return this;
        }

        public Builder costs(CostEstimator v, UsageTracker tracker) {
            costs = v;
            usage = tracker;
            return this;
        }

        public Builder maxFailed(FailureTolerance v) {
            maxFailed = v;
            return this;
        }

        public RunOptions build() {
            return new RunOptions(
                    maxConcurrency,
                    lineTimeout,
                    resume,
                    retryFailed,
                    buildId,
                    tags,
                    progress,
                    progressInterval,
                    masker,
                    costs,
                    usage,
                    maxFailed);
        }
    }
}
