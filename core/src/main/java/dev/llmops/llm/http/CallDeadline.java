package dev.llmops.llm.http;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The whole-call deadline of one model call, made on the calling thread: when it passes, one shared timer thread
 * interrupts the caller, which cancels the JDK client's exchange (and closes its connection) wherever it waits, for
 * the headers or for a body that trickles. Before, every call ran on a virtual thread of its own that the caller
 * waited for: a second thread, stack and future for each call in flight.
 *
 * <p>Exactly one of {@link #finish()} and the timer wins. When the timer won, {@code finish} waits for its interrupt
 * to be delivered and clears it, so no stray interrupt reaches what the thread does next.
 */
final class CallDeadline {
    private static final int RUNNING = 0;
    private static final int FINISHED = 1;
    private static final int FIRING = 2;
    private static final int FIRED = 3;

    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private final Thread caller = Thread.currentThread();
    private final AtomicInteger state = new AtomicInteger(RUNNING);
    private final ScheduledFuture<?> timeout;

    private CallDeadline(Duration after) {
        timeout = TIMER.schedule(this::fire, after.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Starts the deadline of a call the current thread is about to make. */
    static CallDeadline start(Duration after) {
        return new CallDeadline(after);
    }

    /**
     * Ends the deadline; idempotent. Returns whether it had passed: then the call was interrupted by it (or finished
     * just as it passed) and this thread's interrupt status is clear again.
     */
    boolean finish() {
        if (state.compareAndSet(RUNNING, FINISHED)) {
            timeout.cancel(false);
            return false;
        }
        if (state.get() == FINISHED) {
            return false;
        }
        while (state.get() != FIRED) {
            Thread.onSpinWait(); // the timer is between its claim and its interrupt: a few instructions
        }
        Thread.interrupted();
        return true;
    }

    private void fire() {
        if (state.compareAndSet(RUNNING, FIRING)) {
            caller.interrupt();
            state.set(FIRED);
        }
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(
                1, Thread.ofPlatform().daemon().name("llmops-call-deadlines").factory());
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
