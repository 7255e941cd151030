package dev.llmops.run.store;

import java.util.Arrays;

/**
 * Counts, tokens and latency percentiles over a run's lines, kept compactly (an int per line for latency) so
 * that a 100,000-line run costs a few hundred kilobytes. Not thread-safe: feed it from one thread.
 */
public final class LineStats {

    private int completed;
    private int failed;
    private long promptTokens;
    private long completionTokens;
    private int[] latencies = new int[256];
    private int count;

    public void add(LineRecord r) {
        LineRecord.Tokens t = r.tokens() == null ? new LineRecord.Tokens(0, 0, 0) : r.tokens();
        add(r.failed(), t.prompt(), t.completion(), r.latencyMs());
    }

    public void add(boolean lineFailed, long prompt, long completion, long latencyMs) {
        if (lineFailed) {
            failed++;
        } else {
            completed++;
        }
        promptTokens += prompt;
        completionTokens += completion;
        if (count == latencies.length) {
            latencies = Arrays.copyOf(latencies, count * 2);
        }
        latencies[count++] = (int) Math.min(Integer.MAX_VALUE, latencyMs);
    }

    public int completed() {
        return completed;
    }

    public int failed() {
        return failed;
    }

    public LineRecord.Tokens tokens() {
        return new LineRecord.Tokens(promptTokens, completionTokens, promptTokens + completionTokens);
    }

    /** Nearest-rank percentile in milliseconds, 0 when there are no lines. */
    public long percentile(double p) {
        if (count == 0) {
            return 0;
        }
        int[] sorted = Arrays.copyOf(latencies, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * count);
        return sorted[Math.max(0, Math.min(count - 1, rank - 1))];
    }

    public RunRecord.Latency latency() {
        return new RunRecord.Latency(percentile(50), percentile(95));
    }
}
