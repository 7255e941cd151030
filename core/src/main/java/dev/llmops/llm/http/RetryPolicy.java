package dev.llmops.llm.http;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How often and how long a client retries a retriable failure. The budget is both a number of attempts and a
 * total time spent waiting between them, so a throttled endpoint cannot hold a line for ever.
 *
 * @param maxAttempts attempts in all, the first one included (1 = no retry)
 * @param initialBackoff the wait before the first retry when the server gives no Retry-After
 * @param maxBackoff the longest computed wait; a server's Retry-After may ask for longer
 * @param maxTotalWait the most time spent waiting between attempts of one call
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxTotalWait) {

    public static final RetryPolicy DEFAULT =
            new RetryPolicy(6, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(120));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(maxTotalWait, "maxTotalWait");
    }

    public RetryPolicy withMaxAttempts(int attempts) {
        return new RetryPolicy(attempts, initialBackoff, maxBackoff, maxTotalWait);
    }

    public RetryPolicy withMaxTotalWait(Duration wait) {
        return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, wait);
    }

    /**
     * The wait before attempt {@code failedAttempt + 1}. A server's Retry-After is honoured as a floor (plus up
     * to 10% jitter so that many lines throttled together do not come back in the same millisecond); otherwise
     * exponential backoff with "equal jitter": half the exponential step fixed, half random.
     *
     * @param failedAttempt the 1-based number of the attempt that just failed
     * @param retryAfterMillis the server's Retry-After, or -1
     */
    public Duration delay(int failedAttempt, long retryAfterMillis, RandomGenerator random) {
        if (retryAfterMillis >= 0) {
            long jitter = retryAfterMillis == 0 ? 0 : random.nextLong(retryAfterMillis / 10 + 1);
            return Duration.ofMillis(retryAfterMillis + jitter);
        }
        long base = initialBackoff.toMillis();
        int shift = Math.min(failedAttempt - 1, 30);
        long step = Math.min(maxBackoff.toMillis(), base << shift);
        long half = step / 2;
        return Duration.ofMillis(half + (half == 0 ? 0 : random.nextLong(half + 1)));
    }
}
