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
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

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
    // Runs the flow's code for a line; lines are supervised (timeout, cancel) from the per-line threads.
    private final ExecutorService work = Executors.newVirtualThreadPerTaskExecutor();
    private final ExecutorService lines = Executors.newVirtualThreadPerTaskExecutor();

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
                try {
                    lines.submit(() -> runLine(row, ref));
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    limiter.release();
                    break; // canceled while dispatching
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

    /** Waits for the lines in flight; each is bounded by the line timeout. */
    void awaitLines() throws InterruptedException {
        while (!lines.awaitTermination(1, TimeUnit.HOURS)) {
            // keep waiting
        }
    }

    /** Abandons in-flight lines: their threads are interrupted and their results are not recorded. */
    void cancel() {
        canceled = true;
        lines.shutdownNow();
        work.shutdownNow();
    }

    private void runLine(DataRow row, InputMapper.ReferencedLine ref) {
        long start = System.nanoTime();
        Map<String, Object> inputs = row.values();
        LineOutcome outcome;
        try {
            inputs = mapper.map(row, ref);
            outcome = execute(row.lineNumber(), inputs, start);
        } catch (ConfigException e) {
            outcome = LineOutcome.Failure.of(e.getMessage(), elapsedMillis(start));
        } catch (InterruptedException e) {
            // Canceled: the line is abandoned and will run again on resume.
            limiter.release();
            return;
        }
        try {
            record(row.lineNumber(), inputs, outcome);
        } catch (RuntimeException e) {
            fatalError = "cannot write the run store: " + e.getMessage();
        } finally {
            limiter.release();
        }
    }

    private LineOutcome execute(int lineNumber, Map<String, Object> inputs, long start) throws InterruptedException {
        Map<String, Object> lineInputs = inputs;
        Future<LineOutcome> future;
        try {
            future = work.submit(() -> {
                UsageTracker tracker = options.usage();
                if (tracker != null) {
                    tracker.bind(usageByConnection);
                }
                try {
                    return executor.execute(lineNumber, lineInputs);
                } finally {
                    if (tracker != null) {
                        tracker.unbind();
                    }
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new InterruptedException("canceled"); // the work executor only rejects after a cancel
        }
        try {
            LineOutcome outcome = future.get(options.lineTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (outcome == null) {
                return LineOutcome.Failure.of("the flow returned no outcome for the line", elapsedMillis(start));
            }
            return outcome.latencyMillis() > 0 ? outcome : withLatency(outcome, elapsedMillis(start));
        } catch (TimeoutException e) {
            future.cancel(true);
            return LineOutcome.Failure.of(
                    "line timed out after " + options.lineTimeout().toSeconds() + "s (raise --line-timeout)",
                    elapsedMillis(start));
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InterruptedException ie && canceled) {
                throw ie;
            }
            return new LineOutcome.Failure(
                    String.valueOf(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()),
                    cause.getClass().getName(),
                    null,
                    TokenUsage.ZERO,
                    elapsedMillis(start));
        } catch (java.util.concurrent.CancellationException e) {
            if (canceled) {
                throw new InterruptedException("canceled");
            }
            return LineOutcome.Failure.of("the line was interrupted", elapsedMillis(start));
        }
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
                endNanos != 0);
    }

    long elapsedMillis() {
        return elapsedMillis(startNanos);
    }

    void closeWriter() {
        work.shutdownNow();
        writer.close();
    }
}
