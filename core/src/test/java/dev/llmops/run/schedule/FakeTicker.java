package dev.llmops.run.schedule;

import java.util.concurrent.atomic.AtomicLong;

/** Time that moves only when someone sleeps: pacing is checked by how long callers were told to wait. */
final class FakeTicker implements Ticker {

    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final AtomicLong slept = new AtomicLong();
    final AtomicLong sleeps = new AtomicLong();

    @Override
    public long nanos() {
        return now.get();
    }

    @Override
    public void sleepNanos(long nanos) {
        if (nanos > 0) {
            sleeps.incrementAndGet();
            slept.addAndGet(nanos);
            now.addAndGet(nanos);
        }
    }
}
