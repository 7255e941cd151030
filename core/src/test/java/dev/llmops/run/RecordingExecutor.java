package dev.llmops.run;

import dev.llmops.llm.TokenUsage;
import dev.llmops.run.store.LineRecord;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

/**
 * A flow stand-in for runner tests: echoes its inputs as outputs, counts calls and the peak number of lines in
 * flight, and fails, hangs or blocks the lines it is told to.
 */
final class RecordingExecutor implements LineExecutor {

    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger peak = new AtomicInteger();
    final Set<Integer> executedLines = ConcurrentHashMap.newKeySet();
    private final IntPredicate fails;
    private final IntPredicate hangs;
    private final long holdMillis;
    private final boolean aggregation;
    /** Lines at or after this number wait for {@link #gate} (for cancel tests). */
    volatile int gatedFrom = Integer.MAX_VALUE;

    final CountDownLatch gate = new CountDownLatch(1);

    RecordingExecutor(IntPredicate fails, IntPredicate hangs, long holdMillis, boolean aggregation) {
        this.fails = fails;
        this.hangs = hangs;
        this.holdMillis = holdMillis;
        this.aggregation = aggregation;
    }

    static RecordingExecutor echo() {
        return new RecordingExecutor(n -> false, n -> false, 0, false);
    }

    @Override
    public LineOutcome execute(int lineNumber, Map<String, Object> inputs) throws InterruptedException {
        calls.incrementAndGet();
        executedLines.add(lineNumber);
        int now = inFlight.incrementAndGet();
        peak.accumulateAndGet(now, Math::max);
        try {
            if (hangs.test(lineNumber)) {
                new CountDownLatch(1).await();
            }
            if (lineNumber >= gatedFrom) {
                gate.await();
            }
            if (holdMillis > 0) {
                Thread.sleep(holdMillis);
            }
            if (fails.test(lineNumber)) {
                return new LineOutcome.Failure(
                        "node answer failed: boom " + lineNumber, "Traceback ...", "answer", new TokenUsage(3, 0), 5);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("answer", "echo " + inputs.get("question"));
            out.put("line", lineNumber);
            return new LineOutcome.Success(out, new TokenUsage(10, 5), 1 + lineNumber % 10);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public boolean hasAggregation() {
        return aggregation;
    }

    @Override
    public Map<String, Object> aggregate(Iterable<LineRecord> lines) {
        int ok = 0;
        int all = 0;
        int previous = -1;
        for (LineRecord r : lines) {
            if (r.lineNumber() <= previous) {
                throw new IllegalStateException("lines out of order at " + r.lineNumber());
            }
            previous = r.lineNumber();
            all++;
            ok += r.failed() ? 0 : 1;
        }
        return Map.of("accuracy", all == 0 ? 0.0 : ok / (double) all, "count", all);
    }
}
