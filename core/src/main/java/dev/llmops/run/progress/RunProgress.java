package dev.llmops.run.progress;

/**
 * A snapshot of one run while it executes.
 *
 * @param total lines in the dataset
 * @param skipped lines already done before a resume (counted in {@code completed}/{@code failed} neither)
 * @param elapsedMillis time since this run started in this process
 * @param finished whether the run has stopped dispatching and every line is back
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
        boolean finished) {

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
