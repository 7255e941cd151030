package dev.llmops.run;

import dev.llmops.llm.CallObserver;
import dev.llmops.llm.TokenUsage;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link CallObserver} that adds each attempt's tokens to the run whose line made the call, per connection,
 * counts the run's throttled (429) answers, cache hits and calls waiting to retry, and passes every call on to
 * the next observer (the throttle). The runner binds the run on the thread that executes a line (threads started
 * from it inherit the binding); model clients call observers on the calling thread.
 *
 * <p>A call is counted as retrying from a failed attempt until its next attempt starts, or until the line ends
 * (the client gave up, or the failure was final).
 */
public final class UsageTracker implements CallObserver {

    private final CallObserver next;
    // Inheritable: a flow that runs nodes in parallel on threads it starts from the line's thread still
    // charges the line's run.
    private final ThreadLocal<Binding> current = new InheritableThreadLocal<>();

    /** A line's binding: its run's tallies, and the line's own calls waiting to retry. */
    private record Binding(Map<String, TokenUsage> usage, CallCounters calls, AtomicInteger pendingRetries) {}

    public UsageTracker(CallObserver next) {
        this.next = next;
    }

    @Override
    public void beforeAttempt(String connection, int estimatedTokens) throws InterruptedException {
        Binding b = current.get();
        if (b != null && b.pendingRetries().getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            b.calls().retrying.decrementAndGet();
        }
        next.beforeAttempt(connection, estimatedTokens);
    }

    @Override
    public void afterAttempt(String connection, int status, TokenUsage usage, long retryAfterMillis) {
        Binding b = current.get();
        if (b != null) {
            if (usage.totalTokens() > 0) {
                b.usage().merge(connection, usage, TokenUsage::plus);
            }
            if (status == 429) {
                b.calls().throttled.incrementAndGet();
            }
            if (status / 100 != 2) {
                b.pendingRetries().incrementAndGet();
                b.calls().retrying.incrementAndGet();
            }
        }
        next.afterAttempt(connection, status, usage, retryAfterMillis);
    }

    @Override
    public void cacheHit(String connection) {
        Binding b = current.get();
        if (b != null) {
            b.calls().cacheHits.incrementAndGet();
        }
        next.cacheHit(connection);
    }

    /** A fresh per-connection tally for one run. */
    static Map<String, TokenUsage> newTally() {
        return new ConcurrentHashMap<>();
    }

    void bind(Map<String, TokenUsage> tally) {
        bind(tally, new CallCounters());
    }

    /** Charges the calls of the line on this thread to a run's token tally and call counters. */
    void bind(Map<String, TokenUsage> tally, CallCounters calls) {
        current.set(new Binding(tally, calls, new AtomicInteger()));
    }

    void unbind() {
        Binding b = current.get();
        if (b != null) {
            b.calls().retrying.addAndGet(-b.pendingRetries().getAndSet(0));
        }
        current.remove();
    }
}
