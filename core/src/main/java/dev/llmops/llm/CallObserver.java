package dev.llmops.llm;

/**
 * Watches every attempt a {@link ChatClient} makes, so that the runner can enforce rate limits and back off
 * when an endpoint throttles. Implementations are thread-safe; {@link #beforeAttempt} may block.
 */
public interface CallObserver {

    CallObserver NONE = new CallObserver() {};

    /**
     * Called before each attempt, including retries. May block until the attempt is allowed (rpm / tpm limits,
     * concurrency after throttling).
     *
     * @param connection the connection name
     * @param estimatedTokens a rough token estimate of the request, for tokens-per-minute limits
     */
    default void beforeAttempt(String connection, int estimatedTokens) throws InterruptedException {}

    /**
     * Called after each attempt.
     *
     * @param connection the connection name
     * @param status the HTTP status, or 0 when no response arrived (timeout, connection refused)
     * @param usage tokens reported, {@link TokenUsage#ZERO} when none
     * @param retryAfterMillis the server's Retry-After in milliseconds, or -1 when absent
     */
    default void afterAttempt(String connection, int status, TokenUsage usage, long retryAfterMillis) {}

    /**
     * Called when a response cache answered instead of the endpoint (no attempt was made).
     *
     * @param connection the connection name
     */
    default void cacheHit(String connection) {}
}
