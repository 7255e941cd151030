package dev.llmops.run;

import dev.llmops.error.ConfigException;
import dev.llmops.error.Problem;
import dev.llmops.error.StateException;
import dev.llmops.run.schedule.ConcurrencyLimiter;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs every planned (variant × dataset) run of an experiment at once under one concurrency limit, recording
 * each line in the {@link RunStore} as it finishes, and resumes interrupted experiments.
 *
 * <p>{@link ResumePlan} decides what is left to do, {@link RunExecution} executes one run's lines and
 * {@link RunFinisher} writes each run's final state; this class schedules them. One instance runs one experiment;
 * {@link #cancel()} (from a shutdown hook on Ctrl-C) abandons the lines in flight, marks the runs {@link RunStatus#Canceled} and returns once everything finished is on disk.
 */
public final class ExperimentRunner {

    private final RunStore store;
    private final Clock clock;
    private final RunFinisher finisher;
    private final CountDownLatch done = new CountDownLatch(1);
    private final List<RunExecution> executions = new ArrayList<>();
    private final List<Thread> dispatchers = new ArrayList<>();
    private volatile boolean canceled;

    public ExperimentRunner(RunStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.finisher = new RunFinisher(store, clock);
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
        ResumePlan resume = ResumePlan.of(store, request);
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(options.maxConcurrency());
        // Every executor is made (flows loaded) before any run directory is created.
        Map<PlannedRun, LineExecutor> toRun = new LinkedHashMap<>();
        for (PlannedRun plan : resume.toRun()) {
            toRun.put(plan, request.executors().create(plan));
        }
        for (Map.Entry<PlannedRun, LineExecutor> e : toRun.entrySet()) {
            PlannedRun plan = e.getKey();
            synchronized (this) {
                if (canceled) {
                    break;
                }
                executions.add(open(
                        request,
                        plan,
                        e.getValue(),
                        resume.resumeFrom().get(plan),
                        resume.batch(),
                        sizes.get(plan.dataset()),
                        limiter));
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
            RunRecord done = resume.done().get(plan);
            if (done != null) {
                summaries.add(finisher.summary(done));
            }
            executions.stream()
                    .filter(ex -> ex.plan.equals(plan))
                    .findFirst()
                    .ifPresent(ex -> summaries.add(finisher.finish(ex, options, canceled)));
        }
        options.progress().finished(summaries);
        return new ExperimentResult(summaries, canceled);
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
            DataRow first = null;
            Set<String> columns = new LinkedHashSet<>();
            try (RowSource rows = dataset.rows().get()) {
                while (rows.hasNext()) {
                    DataRow row = rows.next();
                    first = count++ == 0 ? row : first;
                    columns.addAll(row.values().keySet());
                }
                // A column some rows have is there: the lines without it fail on their own (validate warns).
                if (first != null) {
                    mapper.validate(first, columns);
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
            // An interrupted segment counts up to its last line, not only to its last checkpoint; read before a torn
            // tail is cut off, which would move the files' modification time to now.
            long spent = store.durationSoFar(old);
            state = store.prepareResume(old.name());
            record = old.toBuilder().durationMs(spent).build().withStarted(now);
            writer = store.reopen(old.name());
        } else {
            Map<String, String> tags = new LinkedHashMap<>(options.tags());
            tags.putAll(flow.tags());
            if (options.buildId() != null) {
                tags.put("build_id", options.buildId());
            }
            String name = store.newRunName(request.experiment(), plan.variantLabel(), plan.dataset(), now);
            record = RunRecord.builder()
                    .name(name)
                    .batch(batch)
                    .experiment(request.experiment())
                    .env(request.env())
                    .flow(flow.flowPath(), flow.flowHash())
                    .variant(plan.variantLabel(), plan.variantOverrides())
                    .dataset(plan.dataset(), Objects.toString(dataset.file(), null))
                    .dataAsset(dataset.asset())
                    .status(RunStatus.Running)
                    .created(now)
                    .started(now)
                    .lines(new RunRecord.Lines(total, 0, 0))
                    .buildId(options.buildId())
                    .tags(tags)
                    .process(RunRecord.Owner.current())
                    .maxFailedLines(
                            options.maxFailed() == null
                                    ? null
                                    : options.maxFailed().toString())
                    .build();
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
                    current.forEach(finisher::checkpoint);
                    lastCheckpoint = System.nanoTime();
                }
                Thread.sleep(options.progressInterval().toMillis());
            }
        } catch (InterruptedException e) {
            // the experiment ended
        }
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
