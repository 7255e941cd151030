package dev.llmops.run;

import dev.llmops.error.ConfigException;
import dev.llmops.error.Problem;
import dev.llmops.error.StateException;
import dev.llmops.run.schedule.ConcurrencyLimiter;
import dev.llmops.run.store.LineRecord;
import dev.llmops.run.store.LineStats;
import dev.llmops.run.store.RunRecord;
import dev.llmops.run.store.RunStatus;
import dev.llmops.run.store.RunStore;
import dev.llmops.run.store.RunWriter;
import dev.llmops.run.variant.PlannedRun;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs every planned (variant × dataset) run of an experiment at once under one concurrency limit, recording
 * each line in the {@link RunStore} as it finishes, and resumes interrupted experiments.
 *
 * <p>One instance runs one experiment; {@link #cancel()} (from a shutdown hook on Ctrl-C) abandons the lines in
 * flight, marks the runs {@link RunStatus#Canceled} and returns once everything finished is on disk.
 */
public final class ExperimentRunner {

    private final RunStore store;
    private final Clock clock;
    private final CountDownLatch done = new CountDownLatch(1);
    private final List<RunExecution> executions = new ArrayList<>();
    private final List<Thread> dispatchers = new ArrayList<>();
    private volatile boolean canceled;

    public ExperimentRunner(RunStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Runs the experiment. Never throws for failed lines (they are in the result); throws
     * {@link ConfigException} before any model call when a dataset does not fit the flow's inputs, and
     * {@link StateException} when the run to resume does not exist or was made with another flow.
     */
    public ExperimentResult run(RunRequest request) {
        try {
            return execute(request);
        } finally {
            done.countDown();
        }
    }

    private ExperimentResult execute(RunRequest request) throws StateException {
        RunOptions options = request.options();
        Map<String, Integer> sizes = validate(request);
        List<RunRecord> previous = options.resume() == null ? List.of() : store.batch(options.resume());
        String batch = previous.isEmpty()
                ? UUID.randomUUID().toString()
                : previous.get(0).batch();
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(options.maxConcurrency());

        // Decide and prepare everything that can fail (flows that do not load, stale resumes) before any run
        // directory is created, so a bad start leaves no half-made runs behind.
        List<RunSummary> alreadyDone = new ArrayList<>();
        Map<PlannedRun, RunRecord> resumeFrom = new LinkedHashMap<>();
        Map<PlannedRun, LineExecutor> toRun = new LinkedHashMap<>();
        for (PlannedRun plan : request.runs()) {
            Optional<RunRecord> old = previous.stream()
                    .filter(r -> r.variant().equals(plan.variantLabel())
                            && r.dataset().equals(plan.dataset()))
                    .findFirst();
            if (old.isPresent()
                    && !old.get().status().resumable()
                    && !incomplete(old.get())
                    && !(options.retryFailed() && hasFailures(old.get()))) {
                alreadyDone.add(summary(old.get()));
                continue;
            }
            String flowHash = request.flow(plan).flowHash();
            if (old.isPresent()
                    && flowHash != null
                    && !flowHash.equals(old.get().flowHash())) {
                throw new StateException("cannot resume " + old.get().name()
                        + ": the flow changed since it started (flow hash differs); start a new run without --resume");
            }
            old.ifPresent(r -> resumeFrom.put(plan, r));
            toRun.put(plan, request.executors().create(plan));
        }
        for (Map.Entry<PlannedRun, LineExecutor> e : toRun.entrySet()) {
            PlannedRun plan = e.getKey();
            synchronized (this) {
                if (canceled) {
                    break;
                }
                executions.add(open(
                        request, plan, e.getValue(), resumeFrom.get(plan), batch, sizes.get(plan.dataset()), limiter));
            }
        }

        Thread progress = Thread.ofVirtual().name("llmops-progress").start(() -> reportProgress(options));
        synchronized (this) {
            for (RunExecution ex : executions) {
                dispatchers.add(Thread.ofVirtual()
                        .name("llmops-dispatch-" + ex.record.name())
                        .start(() -> {
                            try (ReferencedRunReader ref = referenced(ex.dataset)) {
                                ex.dispatch(ref);
                            } catch (InterruptedException e) {
                                ex.cancel();
                                awaitQuietly(ex);
                            }
                        }));
            }
        }
        for (Thread t : dispatchers) {
            joinUninterruptibly(t);
        }
        progress.interrupt();
        joinUninterruptibly(progress);
        options.progress()
                .update(executions.stream().map(RunExecution::progress).toList());

        List<RunSummary> summaries = new ArrayList<>();
        for (PlannedRun plan : request.runs()) {
            alreadyDone.stream()
                    .filter(s -> s.variant().equals(plan.variantLabel())
                            && s.dataset().equals(plan.dataset()))
                    .findFirst()
                    .ifPresent(summaries::add);
            executions.stream()
                    .filter(ex -> ex.plan.equals(plan))
                    .findFirst()
                    .ifPresent(ex -> summaries.add(finish(ex, options)));
        }
        options.progress().finished(summaries);
        return new ExperimentResult(summaries, canceled);
    }

    private static boolean incomplete(RunRecord r) {
        return r.lines() != null
                && r.lines().completed() + r.lines().failed() < r.lines().total();
    }

    private static boolean hasFailures(RunRecord r) {
        return r.lines() != null && r.lines().failed() > 0;
    }

    /** Checks every dataset against its flow's inputs and counts its lines, before any run starts. */
    private static Map<String, Integer> validate(RunRequest request) {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        Set<List<Object>> checked = new HashSet<>();
        for (PlannedRun plan : request.runs()) {
            FlowSignature signature = request.flow(plan).signature();
            if (!checked.add(List.of(plan.dataset(), signature))) {
                continue;
            }
            DatasetInput dataset = request.datasets().get(plan.dataset());
            InputMapper mapper = new InputMapper(signature, dataset);
            int count = 0;
            try (RowSource rows = dataset.rows().get()) {
                while (rows.hasNext()) {
                    DataRow row = rows.next();
                    if (count++ == 0) {
                        mapper.validate(row);
                    }
                }
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
            if (count == 0 && problems.isEmpty()) {
                problems.add(Problem.error(
                        dataset.file(), 0, 0, "dataset '" + dataset.name() + "' has no rows", "add data lines"));
            }
            sizes.put(plan.dataset(), count);
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return sizes;
    }

    private RunExecution open(
            RunRequest request,
            PlannedRun plan,
            LineExecutor executor,
            RunRecord old,
            String batch,
            int total,
            ConcurrencyLimiter limiter) {
        RunOptions options = request.options();
        RunFlow flow = request.flow(plan);
        DatasetInput dataset = request.datasets().get(plan.dataset());
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        RunRecord record;
        RunWriter writer;
        RunStore.ResumeState state;
        if (old != null) {
            state = store.prepareResume(old.name());
            record = old.withStarted(now);
            writer = store.reopen(old.name());
        } else {
            Map<String, String> tags = new LinkedHashMap<>(options.tags());
            tags.putAll(flow.tags());
            if (options.buildId() != null) {
                tags.put("build_id", options.buildId());
            }
            String name = store.newRunName(request.experiment(), plan.variantLabel(), plan.dataset(), now);
            record = new RunRecord(
                    RunRecord.FORMAT,
                    name,
                    batch,
                    request.experiment(),
                    request.env(),
                    flow.flowPath(),
                    flow.flowHash(),
                    plan.variantLabel(),
                    plan.variantOverrides(),
                    plan.dataset(),
                    Objects.toString(dataset.file(), null),
                    RunStatus.Running,
                    now,
                    now,
                    null,
                    null,
                    new RunRecord.Lines(total, 0, 0),
                    null,
                    null,
                    null,
                    options.buildId(),
                    tags,
                    null,
                    null);
            writer = store.create(record);
            state = new RunStore.ResumeState(new BitSet(), new BitSet(), 0);
        }
        store.save(record);
        return new RunExecution(
                plan,
                dataset,
                record,
                state,
                total,
                executor,
                new InputMapper(flow.signature(), dataset),
                writer,
                options,
                limiter);
    }

    private ReferencedRunReader referenced(DatasetInput dataset) {
        return dataset.referencedRun() == null ? null : new ReferencedRunReader(store, dataset.referencedRun());
    }

    /** Writes the final state of a run: compacted files, statistics, metrics, status. */
    private RunSummary finish(RunExecution ex, RunOptions options) {
        ex.closeWriter();
        String name = ex.record.name();
        LineStats stats = store.compact(name);
        RunStatus status;
        String error = ex.fatalError;
        int missing = ex.total - stats.completed() - stats.failed();
        if (!canceled && error == null && missing > 0) {
            // Never a silent skip: a line without a record makes the run Failed, and resumable lines stay so.
            error = missing + " line(s) have no result; run again with --resume " + name;
        }
        Map<String, Object> metrics = null;
        if (canceled) {
            status = RunStatus.Canceled;
        } else if (error != null || (stats.completed() == 0 && stats.failed() > 0)) {
            status = RunStatus.Failed;
        } else {
            if (ex.executor().hasAggregation()) {
                try {
                    metrics = ex.executor().aggregate(store.lines(name));
                    store.saveMetrics(name, metrics);
                } catch (RuntimeException e) {
                    error = "aggregation failed: " + options.masker().mask(String.valueOf(e.getMessage()));
                }
            }
            status = error != null
                    ? RunStatus.Failed
                    : stats.failed() > 0 ? RunStatus.CompletedWithErrors : RunStatus.Completed;
        }
        long previousMs = ex.record.durationMs() == null ? 0 : ex.record.durationMs();
        long elapsed = ex.elapsedMillis() + previousMs;
        Double cost = options.costs() == null
                ? null
                : options.costs().estimate(ex.usageByConnection).orElse(null);
        if (cost != null && ex.record.costEstimate() != null) {
            cost += ex.record.costEstimate();
        }
        RunRecord fin = ex.record.finished(
                status,
                clock.instant(),
                elapsed,
                new RunRecord.Lines(ex.total, stats.completed(), stats.failed()),
                stats.tokens(),
                stats.latency(),
                cost,
                metrics,
                error);
        store.save(fin);
        ex.record = fin;
        return summary(fin);
    }

    static RunSummary summary(RunRecord r) {
        RunRecord.Lines lines = r.lines() == null ? new RunRecord.Lines(0, 0, 0) : r.lines();
        LineRecord.Tokens tokens = r.tokens() == null ? new LineRecord.Tokens(0, 0, 0) : r.tokens();
        RunRecord.Latency latency = r.latency() == null ? new RunRecord.Latency(0, 0) : r.latency();
        return new RunSummary(
                r.name(),
                r.variant(),
                r.dataset(),
                r.status(),
                lines.total(),
                lines.completed(),
                lines.failed(),
                tokens.total(),
                latency.p50(),
                latency.p95(),
                r.durationMs() == null ? 0 : r.durationMs(),
                r.costEstimate(),
                r.error());
    }

    private void reportProgress(RunOptions options) {
        long lastCheckpoint = System.nanoTime();
        try {
            while (true) {
                List<RunExecution> current;
                synchronized (this) {
                    current = List.copyOf(executions);
                }
                options.progress()
                        .update(current.stream().map(RunExecution::progress).toList());
                // run.json is rewritten every 20 progress ticks (5 s by default), not on every line.
                if (System.nanoTime() - lastCheckpoint
                        >= options.progressInterval().toNanos() * 20) {
                    current.forEach(this::checkpoint);
                    lastCheckpoint = System.nanoTime();
                }
                Thread.sleep(options.progressInterval().toMillis());
            }
        } catch (InterruptedException e) {
            // the experiment ended
        }
    }

    /** Records the time spent so far, so that a killed run still accounts for it when resumed. */
    private void checkpoint(RunExecution ex) {
        long previousMs = ex.record.durationMs() == null ? 0 : ex.record.durationMs();
        RunRecord r = ex.record;
        store.save(r.finished(
                RunStatus.Running,
                null,
                previousMs + ex.elapsedMillis(),
                r.lines(),
                r.tokens(),
                r.latency(),
                r.costEstimate(),
                r.metrics(),
                null));
    }

    /**
     * Abandons the lines in flight and stops dispatching; the runs end as {@link RunStatus#Canceled} with every
     * finished line on disk. Waits up to {@code wait} for that to be written (call from a shutdown hook).
     */
    public void cancel(java.time.Duration wait) {
        synchronized (this) {
            canceled = true;
            executions.forEach(RunExecution::cancel);
            dispatchers.forEach(Thread::interrupt);
        }
        try {
            done.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Interrupted lines return promptly; let them leave before the run's files are closed. */
    private static void awaitQuietly(RunExecution ex) {
        try {
            ex.awaitLines();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
