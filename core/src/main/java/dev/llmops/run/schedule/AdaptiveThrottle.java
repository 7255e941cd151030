package dev.llmops.run.schedule;

import dev.llmops.llm.CallObserver;
import dev.llmops.llm.ConnectionConfig;
import dev.llmops.llm.TokenUsage;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Enforces per-connection limits on every model call attempt: the {@code rpm} and {@code tpm} a connection
 * declares (token buckets), and adaptive concurrency when the endpoint throttles: a 429 halves the number of
 * concurrent attempts allowed on that connection and pauses it for the server's Retry-After; each run of
 * successes as long as the current limit raises it by one again, up to the runner's concurrency (additive
 * increase, multiplicative decrease).
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
        s.estimates.merge(Thread.currentThread().threadId(), (long) estimatedTokens, (a, b) -> b);
    }

    @Override
    public void afterAttempt(String connection, int status, TokenUsage usage, long retryAfterMillis) {
        ConnectionState s = state(connection);
        s.limiter.release();
        Long estimate = s.estimates.remove(Thread.currentThread().threadId());
        if (s.tokens != null && estimate != null && usage.totalTokens() > 0) {
            s.tokens.adjust(usage.totalTokens() - estimate);
        }
        if (status == 429) {
            s.throttled(retryAfterMillis, ticker);
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

    private static final class ConnectionState {
        final ConcurrencyLimiter limiter;
        final TokenBucket requests;
        final TokenBucket tokens;
        final Map<Long, Long> estimates = new ConcurrentHashMap<>();
        private int successes;
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

        synchronized void throttled(long retryAfterMillis, Ticker ticker) {
            limiter.setLimit(Math.max(1, limiter.limit() / 2));
            successes = 0;
            if (retryAfterMillis > 0) {
                long until = ticker.nanos() + retryAfterMillis * 1_000_000;
                pausedUntil = paused ? Math.max(pausedUntil, until) : until;
                paused = true;
            }
        }

        synchronized void succeeded(int maxConcurrency) {
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
