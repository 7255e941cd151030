package dev.llmops.run;

import dev.llmops.llm.CallObserver;
import dev.llmops.llm.TokenUsage;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link CallObserver} that adds each attempt's tokens to the run whose line made the call, per connection,
 * and passes every call on to the next observer (the throttle). The runner binds the run on the thread that
 * executes a line (threads started from it inherit the binding); model clients call observers on the calling
 * thread.
 */
public final class UsageTracker implements CallObserver {

    private final CallObserver next;
    // Inheritable: a flow that runs nodes in parallel on threads it starts from the line's thread still
    // charges the line's run.
    private final ThreadLocal<Map<String, TokenUsage>> current = new InheritableThreadLocal<>();

    public UsageTracker(CallObserver next) {
        this.next = next;
    }

    @Override
    public void beforeAttempt(String connection, int estimatedTokens) throws InterruptedException {
        next.beforeAttempt(connection, estimatedTokens);
    }

    @Override
    public void afterAttempt(String connection, int status, TokenUsage usage, long retryAfterMillis) {
        Map<String, TokenUsage> sink = current.get();
        if (sink != null && usage.totalTokens() > 0) {
            sink.merge(connection, usage, TokenUsage::plus);
        }
        next.afterAttempt(connection, status, usage, retryAfterMillis);
    }

    /** A fresh per-connection tally for one run. */
    static Map<String, TokenUsage> newTally() {
        return new ConcurrentHashMap<>();
    }

    void bind(Map<String, TokenUsage> tally) {
        current.set(tally);
    }

    void unbind() {
        current.remove();
    }
}
