package dev.llmops.run.schedule;

import dev.llmops.llm.CallObserver;
import dev.llmops.llm.ConnectionConfig;
import dev.llmops.llm.TokenUsage;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Enforces per-connection limits on every model call attempt: the {@code rpm} and {@code tpm} a connection
 * declares (token buckets), and adaptive concurrency when the endpoint throttles (additive increase,
 * multiplicative decrease):
 *
 * <ul>
 *   <li>a 429 halves the number of concurrent attempts allowed on the connection, once per round: 429s of
 *       attempts that started before the last decrease were answered to the old limit and do not count again,
 *       and after a decrease the next one waits for the answer's Retry-After (at most a second);
 *   <li>each run of successes as long as the current limit raises it by one, up to the runner's concurrency;
 *   <li>the whole connection pauses for Retry-After only when most recent attempts were throttled (a quota
 *       used up), not for an occasional 429: that one attempt waits for its own Retry-After before it retries.
 * </ul>
 */
public final class AdaptiveThrottle implements CallObserver {

    private final Map<String, ConnectionConfig> connections;
    private final int maxConcurrency;
    private final Ticker ticker;
    private final Map<String, ConnectionState> states = new ConcurrentHashMap<>();

    public AdaptiveThrottle(Map<String, ConnectionConfig> connections, int maxConcurrency, Ticker ticker) {
        this.connections = Map.copyOf(connections);
        this.maxConcurrency = maxConcurrency;
        this.ticker = ticker;
    }

    @Override
    public void beforeAttempt(String connection, int estimatedTokens) throws InterruptedException {
        ConnectionState s = state(connection);
        s.waitForPause(ticker);
        if (s.requests != null) {
            s.requests.acquire(1);
        }
        if (s.tokens != null) {
            s.tokens.acquire(Math.max(1, estimatedTokens));
        }
        s.limiter.acquire();
        s.attempts.put(Thread.currentThread().threadId(), new Attempt(estimatedTokens, s.round()));
    }

    @Override
    public void afterAttempt(String connection, int status, TokenUsage usage, long retryAfterMillis) {
        ConnectionState s = state(connection);
        s.limiter.release();
        Attempt attempt = s.attempts.remove(Thread.currentThread().threadId());
        if (s.tokens != null && attempt != null && usage.totalTokens() > 0) {
            s.tokens.adjust(usage.totalTokens() - attempt.estimatedTokens());
        }
        if (status == 429) {
            s.throttled(retryAfterMillis, attempt == null ? s.round() : attempt.round(), ticker);
        } else if (status >= 200 && status < 300) {
            s.succeeded(maxConcurrency);
        }
    }

    /** The number of concurrent attempts currently allowed on a connection. */
    public int currentLimit(String connection) {
        return state(connection).limiter.limit();
    }

    private ConnectionState state(String connection) {
        return states.computeIfAbsent(connection, c -> new ConnectionState(connections.get(c), maxConcurrency, ticker));
    }

    /** An attempt in flight: its token estimate, and the decrease round it started in. */
    private record Attempt(long estimatedTokens, long round) {}

    private static final class ConnectionState {
        /** Weight of the newest attempt in the throttled share: about the last 40 attempts count. */
        private static final double SHARE_WEIGHT = 0.05;
        /** Above this share of throttled attempts the quota is taken as used up and the connection pauses. */
        private static final double PAUSE_SHARE = 0.5;
        /** The longest wait between two decreases, whatever Retry-After says. */
        private static final long MAX_DECREASE_SPACING_NANOS = 1_000_000_000L;

        final ConcurrencyLimiter limiter;
        final TokenBucket requests;
        final TokenBucket tokens;
        final Map<Long, Attempt> attempts = new ConcurrentHashMap<>();
        private int successes;
        private long round;
        private long lastDecrease;
        private boolean decreased;
        private double throttledShare;
        private long pausedUntil;
        private boolean paused;

        ConnectionState(ConnectionConfig config, int maxConcurrency, Ticker ticker) {
            this.limiter = new ConcurrencyLimiter(maxConcurrency);
            this.requests = bucket(config, "rpm", ticker);
            this.tokens = bucket(config, "tpm", ticker);
        }

        private static TokenBucket bucket(ConnectionConfig config, String key, Ticker ticker) {
            if (config == null
                    || config.property(key) == null
                    || config.property(key).isBlank()) {
                return null;
            }
            try {
                long perMinute = Long.parseLong(config.property(key).strip());
                return perMinute > 0 ? new TokenBucket(perMinute, ticker) : null;
            } catch (NumberFormatException e) {
                throw dev.llmops.error.ConfigException.of(
                        "connection '" + config.name() + "': " + key + " must be a whole number, was '"
                                + config.property(key) + "'",
                        "e.g. " + key + ": 600");
            }
        }

        synchronized long round() {
            return round;
        }

        synchronized void throttled(long retryAfterMillis, long startedRound, Ticker ticker) {
            throttledShare += SHARE_WEIGHT * (1 - throttledShare);
            long now = ticker.nanos();
            long spacing =
                    retryAfterMillis > 0 ? Math.min(retryAfterMillis * 1_000_000, MAX_DECREASE_SPACING_NANOS) : 0;
            if (startedRound == round && (!decreased || now - lastDecrease >= spacing)) {
                limiter.setLimit(Math.max(1, limiter.limit() / 2));
                successes = 0;
                round++;
                lastDecrease = now;
                decreased = true;
            }
            if (retryAfterMillis > 0 && throttledShare >= PAUSE_SHARE) {
                long until = now + retryAfterMillis * 1_000_000;
                pausedUntil = paused ? Math.max(pausedUntil, until) : until;
                paused = true;
            }
        }

        synchronized void succeeded(int maxConcurrency) {
            throttledShare -= SHARE_WEIGHT * throttledShare;
            int limit = limiter.limit();
            if (limit < maxConcurrency && ++successes >= limit) {
                limiter.setLimit(limit + 1);
                successes = 0;
            }
        }

        void waitForPause(Ticker ticker) throws InterruptedException {
            long wait;
            synchronized (this) {
                wait = paused ? pausedUntil - ticker.nanos() : 0;
                if (wait <= 0) {
                    paused = false;
                }
            }
            if (wait > 0) {
                ticker.sleepNanos(wait);
            }
        }
    }
}
