package dev.llmops.run.store;

import java.util.Objects;

/**
 * What an evaluation run evaluated.
 *
 * @param evaluator the evaluator name from the experiment
 * @param standardRun the name of the standard run whose outputs were evaluated
 * @param variant the standard run's variant label
 * @param standardDataset the standard dataset the standard run ran on
 * @param evalDataset the evaluator dataset the evaluation read
 */
public record EvaluationLink(
        String evaluator, String standardRun, String variant, String standardDataset, String evalDataset) {

    public EvaluationLink {
        Objects.requireNonNull(evaluator, "evaluator");
        Objects.requireNonNull(standardRun, "standardRun");
    }

    /** The link of an evaluation of {@code standard} by {@code evaluator} on {@code evalDataset}. */
    public static EvaluationLink of(String evaluator, RunRecord standard, String evalDataset) {
        return new EvaluationLink(evaluator, standard.name(), standard.variant(), standard.dataset(), evalDataset);
    }
}
