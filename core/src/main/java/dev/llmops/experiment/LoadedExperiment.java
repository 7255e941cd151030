package dev.llmops.experiment;

import dev.llmops.error.ConfigException;
import dev.llmops.error.Problem;
import java.util.List;

/**
 * A loaded experiment and the warnings found while loading it (unknown keys, missing overlay, evaluator
 * datasets an overlay left dangling, ...).
 *
 * @param experiment the resolved experiment
 * @param warnings problems that do not stop loading, in the order found
 * @param danglingEvaluatorDatasets evaluator datasets that refer to a standard dataset the experiment no longer
 *     has (an overlay replaced the datasets but kept the base evaluators); already among {@code warnings}, as
 *     errors here
 */
public record LoadedExperiment(Experiment experiment, List<Problem> warnings, List<Problem> danglingEvaluatorDatasets) {

    public LoadedExperiment {
        warnings = List.copyOf(warnings);
        danglingEvaluatorDatasets = List.copyOf(danglingEvaluatorDatasets);
    }

    /**
     * The experiment, for commands that run or evaluate it: evaluators that would silently match nothing are an
     * error there.
     *
     * @throws ConfigException listing every dangling evaluator dataset
     */
    public Experiment requireRunnable() {
        if (!danglingEvaluatorDatasets.isEmpty()) {
            throw new ConfigException(danglingEvaluatorDatasets);
        }
        return experiment;
    }
}
