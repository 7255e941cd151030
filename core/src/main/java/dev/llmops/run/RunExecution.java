package dev.llmops.run;

import dev.llmops.error.ConfigException;
import dev.llmops.llm.TokenUsage;
import dev.llmops.run.progress.RunProgress;
import dev.llmops.run.schedule.ConcurrencyLimiter;
import dev.llmops.run.store.LineRecord;
import dev.llmops.run.store.RunRecord;
import dev.llmops.run.store.RunStore;
import dev.llmops.run.store.RunWriter;
import dev.llmops.run.variant.PlannedRun;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One run in progress: streams its dataset, dispatches each line not done yet under the shared concurrency
 * limit, and records each finished line as it comes back. Only O(concurrency) lines are in memory at once.
 */
final class RunExecution {

    final PlannedRun plan;
    final DatasetInput dataset;
    final RunStore.ResumeState resumed;
    final int total;
    final Map<String, TokenUsage> usageByConnection = UsageTracker.newTally();
    private final CallCounters calls = new CallCounters();
    volatile RunRecord record;

    private final LineExecutor executor;
    private final InputMapper mapper;
    private final RunWriter writer;
    private final RunOptions options;
    private final ConcurrencyLimiter limiter;
    private final AtomicInteger skipped = new AtomicInteger();
    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicLong tokens = new AtomicLong();
    private final long startNanos = System.nanoTime();
    private volatile long endNanos;
    private volatile boolean canceled;
    /** A failure of the store itself (disk full): the run cannot be trusted and is marked Failed. */
    volatile String fatalError;
    // One virtual thread per line in flight; the timer fires each line's timeout.
    private final ExecutorService lines = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<Line> inFlight = ConcurrentHashMap.newKeySet();
    // A lock, not a monitor: a virtual thread waiting on a monitor pins its carrier on JDK 21 to 23.
    private final ReentrantLock settledLock = new ReentrantLock();
    private final Condition allSettled = settledLock.newCondition();
    private final ScheduledThreadPoolExecutor timeouts = newTimer();

    RunExecution(
            PlannedRun plan,
            DatasetInput dataset,
            RunRecord record,
            RunStore.ResumeState resumed,
            int total,
            LineExecutor executor,
            InputMapper mapper,
            RunWriter writer,
            RunOptions options,
            ConcurrencyLimiter limiter) {
        this.plan = plan;
        this.dataset = dataset;
        this.record = record;
        this.resumed = resumed;
        this.total = total;
        this.executor = executor;
        this.mapper = mapper;
        this.writer = writer;
        this.options = options;
        this.limiter = limiter;
    }

    private static ScheduledThreadPoolExecutor newTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(
                1, Thread.ofPlatform().daemon().name("llmops-line-timeouts").factory());
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    LineExecutor executor() {
        return executor;
    }

    /** Streams the dataset and dispatches lines until done or interrupted; then waits for in-flight lines. */
    void dispatch(ReferencedRunReader referenced) throws InterruptedException {
        try (RowSource rows = dataset.rows().get()) {
            while (rows.hasNext()) {
                DataRow row = rows.next();
                if (resumed.done(row.lineNumber(), options.retryFailed())) {
                    skipped.incrementAndGet();
                    continue;
                }
                InputMapper.ReferencedLine ref = referenced == null ? null : referenced.line(row.lineNumber());
                if (canceled || fatalError != null) {
                    break;
                }
                limiter.acquire();
                Line line = new Line(row);
                inFlight.add(line);
                try {
                    lines.execute(() -> runLine(line, ref));
                } catch (RejectedExecutionException e) {
                    line.settle(Line.ABANDONED); // canceled while dispatching
                    break;
                }
            }
        } catch (RuntimeException e) {
            // A dataset that breaks mid-way (a malformed row, a read error): the lines so far are kept, the run
            // is marked Failed with the reason instead of looking complete.
            fatalError = options.masker().mask(String.valueOf(e.getMessage()));
        } finally {
            lines.shutdown();
        }
        awaitLines();
        endNanos = System.nanoTime();
    }

    /**
     * Waits until every dispatched line is settled: recorded, timed out or abandoned. A line whose code ignores
     * its timeout does not hold the run up: its timer settles it.
     */
    void awaitLines() throws InterruptedException {
        settledLock.lock();
        try {
            while (!inFlight.isEmpty()) {
                allSettled.await();
            }
        } finally {
            settledLock.unlock();
        }
    }

    /** Abandons in-flight lines: their threads are interrupted and their results are not recorded. */
    void cancel() {
        canceled = true;
        lines.shutdownNow();
        timeouts.shutdownNow();
        List.copyOf(inFlight).forEach(line -> line.settle(Line.ABANDONED));
    }

    private void runLine(Line line, InputMapper.ReferencedLine ref) {
        long start = System.nanoTime();
        line.thread = Thread.currentThread();
        DataRow row = line.row;
        // The line runs on this thread; its timer records the timeout and frees the slot should the flow's code
        // not return in time, even when that code ignores the interrupt it gets.
        ScheduledFuture<?> timer;
        try {
            timer = timeouts.schedule(
                    () -> timedOut(line, start), options.lineTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            line.settle(Line.ABANDONED); // canceled before the line started
            return;
        }
        Map<String, Object> inputs = row.values();
        LineOutcome outcome;
        try {
            inputs = mapper.map(row, ref);
            outcome = execute(row.lineNumber(), inputs, start);
        } catch (ConfigException e) {
            outcome = LineOutcome.Failure.of(e.getMessage(), elapsedMillis(start));
        } catch (InterruptedException e) {
            outcome = canceled ? null : LineOutcome.Failure.of("the line was interrupted", elapsedMillis(start));
        } finally {
            timer.cancel(false);
        }
        if (outcome == null) {
            line.settle(Line.ABANDONED); // canceled: the line runs again on resume
        } else if (line.claim(Line.DONE)) {
            finish(line, inputs, outcome);
        }
    }

    private void timedOut(Line line, long start) {
        if (!line.claim(Line.TIMED_OUT)) {
            return;
        }
        Thread thread = line.thread;
        if (thread != null) {
            thread.interrupt();
        }
        finish(
                line,
                line.row.values(),
                LineOutcome.Failure.of(
                        "line timed out after " + options.lineTimeout().toSeconds() + "s (raise --line-timeout)",
                        elapsedMillis(start)));
    }

    /** Records a line claimed by its thread or its timer, then frees its slot. */
    private void finish(Line line, Map<String, Object> inputs, LineOutcome outcome) {
        try {
            record(line.row.lineNumber(), inputs, outcome);
        } catch (RuntimeException e) {
            fatalError = "cannot write the run store: " + e.getMessage();
        } finally {
            line.release();
        }
    }

    /**
     * A dispatched line until it is settled. Exactly one of its thread (done), its timer (timed out) or a cancel
     * (abandoned) settles it; the others leave it alone, so it is recorded at most once and its slot freed once.
     */
    private final class Line {
        static final int RUNNING = 0;
        static final int DONE = 1;
        static final int TIMED_OUT = 2;
        static final int ABANDONED = 3;

        final DataRow row;
        volatile Thread thread;
        private final AtomicInteger state = new AtomicInteger(RUNNING);

        Line(DataRow row) {
            this.row = row;
        }

        /** Takes the line over to record it; {@link #release} must follow. */
        boolean claim(int how) {
            return state.compareAndSet(RUNNING, how);
        }

        /** Settles the line without recording it. */
        void settle(int how) {
            if (claim(how)) {
                release();
            }
        }

        void release() {
            limiter.release();
            inFlight.remove(this);
            if (inFlight.isEmpty()) {
                settledLock.lock();
                try {
                    allSettled.signalAll();
                } finally {
                    settledLock.unlock();
                }
            }
        }
    }

    private LineOutcome execute(int lineNumber, Map<String, Object> inputs, long start) throws InterruptedException {
        UsageTracker tracker = options.usage();
        if (tracker != null) {
            tracker.bind(usageByConnection, calls);
        }
        LineOutcome outcome;
        try {
            outcome = executor.execute(lineNumber, inputs);
        } catch (RuntimeException | Error e) {
            // Whatever escapes the flow fails this line alone, and at once rather than at its timeout.
            return new LineOutcome.Failure(
                    String.valueOf(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
                    e.getClass().getName(),
                    null,
                    TokenUsage.ZERO,
                    elapsedMillis(start));
        } finally {
            if (tracker != null) {
                tracker.unbind();
            }
        }
        if (outcome == null) {
            return LineOutcome.Failure.of("the flow returned no outcome for the line", elapsedMillis(start));
        }
        return outcome.latencyMillis() > 0 ? outcome : withLatency(outcome, elapsedMillis(start));
    }

    private static LineOutcome withLatency(LineOutcome o, long latency) {
        return switch (o) {
            case LineOutcome.Success s ->
                new LineOutcome.Success(s.outputs(), s.usage(), latency, s.aggregationInputs());
            case LineOutcome.Failure f ->
                new LineOutcome.Failure(f.message(), f.detail(), f.failingNode(), f.usage(), latency);
        };
    }

    private void record(int lineNumber, Map<String, Object> inputs, LineOutcome outcome) {
        if (outcome instanceof LineOutcome.Failure f) {
            outcome = new LineOutcome.Failure(
                    options.masker().mask(f.message()),
                    options.masker().mask(f.detail()),
                    f.failingNode(),
                    f.usage(),
                    f.latencyMillis());
        }
        writer.append(LineRecord.of(lineNumber, outcome), inputs);
        tokens.addAndGet(outcome.usage().totalTokens());
        (outcome instanceof LineOutcome.Failure ? failed : completed).incrementAndGet();
    }

    private static long elapsedMillis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    RunProgress progress() {
        long end = endNanos == 0 ? System.nanoTime() : endNanos;
        return new RunProgress(
                record.name(),
                plan.variantLabel(),
                plan.dataset(),
                total,
                skipped.get(),
                completed.get(),
                failed.get(),
                tokens.get(),
                (end - startNanos) / 1_000_000,
                endNanos != 0,
                calls.snapshot());
    }

    long elapsedMillis() {
        return elapsedMillis(startNanos);
    }

    void closeWriter() {
        timeouts.shutdownNow();
        writer.close();
    }
}
