package dev.llmops.eval;

import dev.llmops.error.StateException;
import dev.llmops.run.store.EvaluationLink;
import dev.llmops.run.store.RunKind;
import dev.llmops.run.store.RunRecord;
import dev.llmops.run.store.RunStore;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds the evaluation batch {@code --resume} continues, and the standard runs it evaluated. Evaluation runs
 * carry their link tags from creation, so a batch killed mid-way still says what it was evaluating.
 */
final class EvalBatches {

    private EvalBatches() {}

    /**
     * The evaluation runs of the batch to resume, in creation order; empty when a standard run was named whose
     * batch was never evaluated (the evaluation then starts fresh).
     *
     * @throws StateException for {@code latest} without any evaluation run, or an unknown run name
     */
    static List<RunRecord> toResume(RunStore store, String resume) {
        if (RunStore.LATEST.equals(resume)) {
            RunRecord newest = store.list().stream()
                    .filter(EvalBatches::isEvaluation)
                    .findFirst()
                    .orElseThrow(() -> new StateException("no evaluation runs in " + store.root()
                            + " to resume; run 'llmops eval' without --resume"));
            return evaluations(store, newest.name());
        }
        RunRecord named = store.load(resume);
        if (isEvaluation(named)) {
            return evaluations(store, named.name());
        }
        Set<String> standard = StandardRuns.batchOf(store, named.name()).stream()
                .map(RunRecord::name)
                .collect(Collectors.toSet());
        Optional<RunRecord> newest = store.list().stream()
                .filter(r -> evaluated(r).map(standard::contains).orElse(false))
                .findFirst();
        return newest.map(r -> evaluations(store, r.name())).orElse(List.of());
    }

    /**
     * The standard runs to evaluate. A resume with the default selection evaluates what the interrupted batch was
     * evaluating, or, when a standard run was named whose batch was never evaluated, that run's batch.
     */
    static List<RunRecord> standardRuns(RunStore store, EvalRequest request, List<RunRecord> previous) {
        String resume = request.execution().resume();
        if (resume == null || !(request.runs() instanceof RunSelection.Latest)) {
            return StandardRuns.select(store, request.runs());
        }
        if (!previous.isEmpty()) {
            return evaluated(store, previous);
        }
        return RunStore.LATEST.equals(resume)
                ? StandardRuns.select(store, request.runs())
                : StandardRuns.batchOf(store, resume);
    }

    /** The standard runs a batch evaluated, in the order it first evaluated them. */
    private static List<RunRecord> evaluated(RunStore store, List<RunRecord> batch) {
        List<String> names =
                batch.stream().flatMap(r -> evaluated(r).stream()).distinct().toList();
        if (names.isEmpty()) {
            throw new StateException("evaluation run " + batch.get(0).name()
                    + " does not say which standard run it evaluated (made by an older llmops); pass --runs");
        }
        return names.stream().map(store::load).toList();
    }

    /** The run of {@code batch} that evaluated the same thing as {@code link}, if any. */
    static Optional<RunRecord> sameEvaluation(List<RunRecord> batch, EvaluationLink link) {
        return batch.stream()
                .filter(r -> r.kind() instanceof RunKind.Evaluation e && e.sameAs(link))
                .findFirst();
    }

    static boolean isEvaluation(RunRecord run) {
        return run.kind() instanceof RunKind.Evaluation;
    }

    /** The standard run an evaluation run evaluated, when it says. */
    static Optional<String> evaluated(RunRecord run) {
        return run.kind() instanceof RunKind.Evaluation e && e.link() != null
                ? Optional.of(e.link().standardRun())
                : Optional.empty();
    }

    private static List<RunRecord> evaluations(RunStore store, String name) {
        return store.batch(name).stream().filter(EvalBatches::isEvaluation).toList();
    }
}
