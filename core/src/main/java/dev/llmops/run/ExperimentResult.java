package dev.llmops.run;

import dev.llmops.error.RunFailedException;
import dev.llmops.run.store.RunStatus;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.stream.Collectors;

/** The runs an experiment produced, in plan order. */
public record ExperimentResult(List<RunSummary> runs, boolean canceled) {

    public ExperimentResult {
        runs = List.copyOf(runs);
    }

    public List<String> runNames() {
        return runs.stream().map(RunSummary::name).toList();
    }

    /**
     * Throws when the experiment did not succeed: {@link CancellationException} when canceled,
     * {@link RunFailedException} when a run failed or has more failed lines than the tolerance allows.
     */
    public void enforce(FailureTolerance tolerance) {
        if (canceled) {
            throw new CancellationException("canceled; resume with 'llmops run --resume latest'");
        }
        failure(tolerance).ifPresent(message -> {
            throw new RunFailedException(message);
        });
    }

    /**
     * Why the runs did not succeed, in one line: the runs that failed or have more failed lines than the tolerance
     * allows; empty when they all passed (a canceled result is judged on what finished).
     */
    public Optional<String> failure(FailureTolerance tolerance) {
        List<RunSummary> bad = runs.stream()
                .filter(r -> r.status() == RunStatus.Failed || !tolerance.allows(r.failed(), r.total()))
                .toList();
        if (bad.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(bad.stream()
                        .map(r -> r.name() + ": " + r.failed() + " of " + r.total() + " lines failed"
                                + (r.error() == null ? "" : " (" + r.error() + ")"))
                        .collect(Collectors.joining("; "))
                + " (allowed: --max-failed-lines " + tolerance + "; see errors.jsonl in each run)");
    }
}
