package dev.llmops.run.schedule;

/**
 * Time for the schedulers: a monotonic clock and a way to wait. Tests pass a fake that advances on
 * {@link #sleepNanos}, so pacing is checked by counting, not by timing.
 */
public interface Ticker {

    Ticker SYSTEM = new Ticker() {
        @Override
        public long nanos() {
            return System.nanoTime();
        }

        @Override
        public void sleepNanos(long nanos) throws InterruptedException {
            if (nanos > 0) {
                Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            }
        }
    };

    long nanos();

    void sleepNanos(long nanos) throws InterruptedException;
}
