package dev.llmops.run.schedule;

/**
 * A token bucket refilled continuously at {@code perMinute} tokens a minute, holding at most one minute's worth
 * (a full minute may burst, as endpoints meter per minute). Used for requests per minute (one token a request)
 * and tokens per minute (the request's estimated tokens). Thread-safe.
 */
public final class TokenBucket {

    private static final long MINUTE_NANOS = 60_000_000_000L;

    private final double capacity;
    private final double perNano;
    private final Ticker ticker;
    private double available;
    private long last;

    public TokenBucket(long perMinute, Ticker ticker) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("perMinute must be positive, was " + perMinute);
        }
        this.capacity = perMinute;
        this.perNano = perMinute / (double) MINUTE_NANOS;
        this.ticker = ticker;
        this.available = perMinute;
        this.last = ticker.nanos();
    }

    /**
     * Takes {@code amount} tokens, waiting until they are available. An amount larger than the bucket waits for
     * a full bucket and then takes it (otherwise a large request could never pass).
     */
    public void acquire(long amount) throws InterruptedException {
        long wait = reserve(Math.min(amount, (long) capacity));
        ticker.sleepNanos(wait);
    }

    /** Takes the tokens now (the balance may go negative) and returns how long the caller must wait. */
    synchronized long reserve(long amount) {
        refill();
        available -= amount;
        return available >= 0 ? 0 : (long) Math.ceil(-available / perNano);
    }

    /** Returns tokens estimated too high, or takes more when the estimate was low (no waiting). */
    public synchronized void adjust(long delta) {
        refill();
        available = Math.min(capacity, available - delta);
    }

    private void refill() {
        long now = ticker.nanos();
        available = Math.min(capacity, available + (now - last) * perNano);
        last = now;
    }
}
