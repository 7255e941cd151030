package dev.llmops.run.progress;

/**
 * A snapshot of one run while it executes.
 *
 * @param total lines in the dataset
 * @param skipped lines already done before a resume (counted in {@code completed}/{@code failed} neither)
 * @param elapsedMillis time since this run started in this process
 * @param finished whether the run has stopped dispatching and every line is back
 * @param calls the run's model calls: waiting to retry, throttled, answered from the cache
 */
public record RunProgress(
        String name,
        String variant,
        String dataset,
        int total,
        int skipped,
        int completed,
        int failed,
        long tokens,
        long elapsedMillis,
        boolean finished,
        Calls calls) {

    /**
     * Model-call activity of a run.
     *
     * @param retrying calls waiting to retry after a failed attempt (now)
     * @param throttled attempts the endpoint answered 429 (so far)
     * @param cacheHits answers taken from the response cache (so far)
     */
    public record Calls(int retrying, long throttled, long cacheHits) {
        public static final Calls NONE = new Calls(0, 0, 0);
    }

    public RunProgress {
        calls = calls == null ? Calls.NONE : calls;
    }

    /** A run without call activity to show. */
    public RunProgress(
            String name,
            String variant,
            String dataset,
            int total,
            int skipped,
            int completed,
            int failed,
            long tokens,
            long elapsedMillis,
            boolean finished) {
        this(name, variant, dataset, total, skipped, completed, failed, tokens, elapsedMillis, finished, Calls.NONE);
    }

    public int done() {
        return skipped + completed + failed;
    }

    /** Lines per second executed in this process. */
    public double rate() {
        return elapsedMillis <= 0 ? 0 : (completed + failed) * 1000.0 / elapsedMillis;
    }

    /** Estimated seconds left, or -1 when unknown. */
    public long etaSeconds() {
        double rate = rate();
        if (finished) {
            return 0;
        }
        return rate <= 0 ? -1 : (long) Math.ceil((total - done()) / rate);
    }
}
