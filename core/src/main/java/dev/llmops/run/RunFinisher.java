package dev.llmops.run;

import dev.llmops.run.store.LineRecord;
import dev.llmops.run.store.LineStats;
import dev.llmops.run.store.RunRecord;
import dev.llmops.run.store.RunStatus;
import dev.llmops.run.store.RunStore;
import java.time.Clock;
import java.util.Map;

/** Writes the final state of a run (compacted files, statistics, metrics, status) and summarizes stored runs. */
final class RunFinisher {

    private final RunStore store;
    private final Clock clock;

    RunFinisher(RunStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    RunSummary finish(RunExecution ex, RunOptions options, boolean canceled) {
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

    /** Records the time spent so far, so that a killed run still accounts for it when resumed. */
    void checkpoint(RunExecution ex) {
        long previousMs = ex.record.durationMs() == null ? 0 : ex.record.durationMs();
        store.save(ex.record.toBuilder()
                .status(RunStatus.Running)
                .durationMs(previousMs + ex.elapsedMillis())
                .build());
    }

    /** How a stored run ended, with the distinct errors of its failed lines. */
    RunSummary summary(RunRecord r) {
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
                r.error(),
                lines.failed() == 0 ? java.util.List.of() : store.errorGroups(r.name()));
    }
}
