package dev.llmops.run.store;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a run is: a {@link Standard} run of the experiment's flow, or an {@link Evaluation} of a standard run. Stored
 * as tags in {@code run.json} (a stored format: add keys, never rename them); every reader and writer goes through
 * this type, never through the tag strings.
 */
public sealed interface RunKind permits RunKind.Standard, RunKind.Evaluation {

    /** Tag keys of the stored form. */
    String KIND = "kind";

    String STANDARD_KIND = "standard";
    String EVALUATION_KIND = "evaluation";
    String EVALUATOR = "evaluator";
    String STANDARD_RUN = "standard_run";
    String VARIANT = "variant";
    String STANDARD_DATASET = "standard_dataset";
    String EVAL_DATASET = "eval_dataset";

    Standard STANDARD = new Standard();

    /** The tags that store this kind. */
    Map<String, String> tags();

    /** A run of the experiment's flow; stores of older versions have no {@code kind} tag on them. */
    record Standard() implements RunKind {
        @Override
        public Map<String, String> tags() {
            return Map.of(KIND, STANDARD_KIND);
        }
    }

    /**
     * An evaluation run of one evaluator. Its link names what it evaluated; a batch killed before the link was
     * known (never written by this version) has only the evaluator.
     */
    record Evaluation(String evaluator, EvaluationLink link) implements RunKind {
        public Evaluation {
            Objects.requireNonNull(evaluator, "evaluator");
        }

        public Evaluation(EvaluationLink link) {
            this(link.evaluator(), link);
        }

        @Override
        public Map<String, String> tags() {
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put(KIND, EVALUATION_KIND);
            tags.put(EVALUATOR, evaluator);
            if (link != null) {
                tags.put(STANDARD_RUN, link.standardRun());
                putIfPresent(tags, VARIANT, link.variant());
                putIfPresent(tags, STANDARD_DATASET, link.standardDataset());
                putIfPresent(tags, EVAL_DATASET, link.evalDataset());
            }
            return tags;
        }

        /** Whether this evaluation is the one {@code other} describes: same evaluator, standard run and data. */
        public boolean sameAs(EvaluationLink other) {
            return link != null
                    && link.evaluator().equals(other.evaluator())
                    && link.standardRun().equals(other.standardRun())
                    && Objects.equals(link.evalDataset(), other.evalDataset());
        }
    }

    /** The kind stored in a run's tags. */
    static RunKind of(Map<String, String> tags) {
        if (!EVALUATION_KIND.equals(tags.get(KIND))) {
            return STANDARD;
        }
        String evaluator = tags.getOrDefault(EVALUATOR, "");
        String standardRun = tags.get(STANDARD_RUN);
        return new Evaluation(
                evaluator,
                standardRun == null
                        ? null
                        : new EvaluationLink(
                                evaluator,
                                standardRun,
                                tags.get(VARIANT),
                                tags.get(STANDARD_DATASET),
                                tags.get(EVAL_DATASET)));
    }

    private static void putIfPresent(Map<String, String> tags, String key, String value) {
        if (value != null) {
            tags.put(key, value);
        }
    }
}
