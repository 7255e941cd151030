package dev.llmops.eval;

import dev.llmops.run.store.RunRecord;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tags in {@code run.json} that link an evaluation run to what it evaluated. {@code llmops report} finds
 * evaluation runs by them, so they are a stored format: add keys, never rename them.
 */
public final class EvaluationTags {

    /** {@code kind = evaluation} on every evaluation run; standard runs have no {@code kind}. */
    public static final String KIND = "kind";

    public static final String EVALUATION = "evaluation";
    /** The evaluator name from the experiment. */
    public static final String EVALUATOR = "evaluator";
    /** The name of the standard run whose outputs were evaluated. */
    public static final String STANDARD_RUN = "standard_run";
    /** The standard run's variant label. */
    public static final String VARIANT = "variant";
    /** The standard dataset the standard run ran on. */
    public static final String STANDARD_DATASET = "standard_dataset";
    /** The evaluator dataset the evaluation read. */
    public static final String EVAL_DATASET = "eval_dataset";

    private EvaluationTags() {}

    public static boolean isEvaluation(RunRecord run) {
        return EVALUATION.equals(run.tags().get(KIND));
    }

    /** The tags every evaluation run of one evaluator carries from the moment it is created. */
    public static Map<String, String> evaluator(String evaluator) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(KIND, EVALUATION);
        tags.put(EVALUATOR, evaluator);
        return tags;
    }

    /** The link of one evaluation run to its standard run. */
    public static Map<String, String> link(String evaluator, RunRecord standard, String evalDataset) {
        Map<String, String> tags = evaluator(evaluator);
        tags.put(STANDARD_RUN, standard.name());
        tags.put(VARIANT, standard.variant());
        tags.put(STANDARD_DATASET, standard.dataset());
        tags.put(EVAL_DATASET, evalDataset);
        return tags;
    }
}
