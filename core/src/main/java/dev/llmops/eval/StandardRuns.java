package dev.llmops.eval;

import dev.llmops.error.StateException;
import dev.llmops.run.store.RunKind;
import dev.llmops.run.store.RunRecord;
import dev.llmops.run.store.RunStore;
import java.util.ArrayList;
import java.util.List;

/** Resolves {@code --runs} to the standard runs it names. */
public final class StandardRuns {

    private StandardRuns() {}

    /**
     * For {@code latest}, the runs of the most recent {@code llmops run} (evaluation runs made since are skipped
     * over); otherwise the named runs, in the order given.
     *
     * @throws StateException when there is no standard run, a name is unknown or names an evaluation run
     */
    public static List<RunRecord> select(RunStore store, RunSelection selection) {
        return switch (selection) {
            case RunSelection.Latest latest -> {
                RunRecord newest = store.list().stream()
                        .filter(r -> r.kind() instanceof RunKind.Standard)
                        .findFirst()
                        .orElseThrow(() ->
                                new StateException("no standard runs in " + store.root() + "; run 'llmops run' first"));
                yield batchOf(store, newest.name());
            }
            case RunSelection.Ids ids -> {
                List<RunRecord> runs = new ArrayList<>();
                for (String id : ids.runIds()) {
                    RunRecord r = store.load(id);
                    if (r.kind() instanceof RunKind.Evaluation e) {
                        throw new StateException("run " + id + " is an evaluation run"
                                + (e.link() == null ? "" : " (of " + e.link().standardRun() + ")")
                                + "; pass the standard runs to --runs");
                    }
                    runs.add(r);
                }
                yield runs;
            }
        };
    }

    /** The standard runs started together with {@code runName}, in creation order. */
    public static List<RunRecord> batchOf(RunStore store, String runName) {
        return store.batch(runName).stream()
                .filter(r -> r.kind() instanceof RunKind.Standard)
                .toList();
    }
}
