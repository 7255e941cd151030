package dev.llmops.eval;

import dev.llmops.experiment.ExperimentRequest;
import dev.llmops.run.ExecutionOptions;
import java.util.Objects;

/**
 * What {@code llmops eval} was asked to do.
 *
 * @param experiment which experiment file, overlay and use case
 * @param runs the standard runs to evaluate
 * @param execution as for runs; its {@code resume} continues an evaluation batch: {@code latest} (the newest
 *     evaluation batch), an evaluation run's name (its batch) or a standard run's name (the newest evaluation
 *     batch of its standard batch, or a fresh one when it has none); its {@code maxFailed}, when null, is the one
 *     the standard runs were given
 * @param logs with {@code --from-logs}, the request log whose requests become the one standard run to evaluate
 *     (then {@code runs} is not read); null otherwise
 */
public record EvalRequest(
        ExperimentRequest experiment, RunSelection runs, ExecutionOptions execution, LogEvaluation logs) {

    public EvalRequest {
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(runs, "runs");
        Objects.requireNonNull(execution, "execution");
    }

    /** An evaluation of stored standard runs. */
    public EvalRequest(ExperimentRequest experiment, RunSelection runs, ExecutionOptions execution) {
        this(experiment, runs, execution, null);
    }
}
