package dev.llmops.eval.builtin;

import dev.llmops.error.ConfigException;
import dev.llmops.eval.metric.Bleu;
import dev.llmops.eval.metric.ExactMatch;
import dev.llmops.eval.metric.F1Score;
import dev.llmops.eval.metric.Gleu;
import dev.llmops.eval.metric.Rouge;
import dev.llmops.eval.metric.RougeType;
import dev.llmops.experiment.BuiltinCatalog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry of {@code builtin:<name>} evaluators. Reference metrics: {@code exact_match},
 * {@code exact_match_normalized}, {@code f1_score}, {@code bleu}, {@code gleu}, {@code rouge1} … {@code rouge5},
 * {@code rougeL}. LLM judges (need a {@link JudgeContext}): {@code groundedness}, {@code relevance},
 * {@code coherence}, {@code fluency}, {@code similarity}.
 */
public final class BuiltinEvaluators {

    /** The prefix of a built-in reference in an evaluator's {@code flow:} field. */
    public static final String PREFIX = "builtin:";

    private BuiltinEvaluators() {}

    /** Whether an evaluator {@code flow:} value names a built-in rather than a folder. */
    public static boolean isBuiltin(String flow) {
        return flow != null && flow.startsWith(PREFIX);
    }

    /** Every built-in name, reference metrics first, as {@link BuiltinCatalog} lists them. */
    public static List<String> names() {
        return BuiltinCatalog.names();
    }

    /** Whether {@code name} is an LLM judge, which needs a judge connection. */
    public static boolean isJudge(String name) {
        return BuiltinCatalog.entry(name).map(BuiltinCatalog.Entry::judge).orElse(false);
    }

    /**
     * Creates the evaluator named by {@code reference} ({@code builtin:f1_score} or {@code f1_score}).
     *
     * @param judge the judge connection; required for judges only
     * @throws ConfigException for an unknown name, or a judge without a judge connection
     */
    public static BuiltinEvaluator create(String reference, Optional<JudgeContext> judge) {
        String name = reference.startsWith(PREFIX) ? reference.substring(PREFIX.length()) : reference;
        Optional<BuiltinEvaluator> reference_ = referenceMetric(name);
        if (reference_.isPresent()) {
            return reference_.get();
        }
        if (isJudge(name)) {
            JudgeContext context = judge.orElseThrow(() -> ConfigException.of(
                    "built-in judge '" + PREFIX + name + "' needs a judge connection",
                    "configure the experiment's judge connection and deployment (docs/evaluation.md, LLM judges)"));
            return new JudgeEvaluator(
                    name, BuiltinCatalog.entry(name).orElseThrow().required(), context);
        }
        throw ConfigException.of(
                "unknown built-in evaluator '" + PREFIX + name + "'",
                "use one of "
                        + String.join(
                                ", ", names().stream().map(n -> PREFIX + n).toList()));
    }

    private static Optional<BuiltinEvaluator> referenceMetric(String name) {
        BuiltinEvaluator evaluator =
                switch (name) {
                    case "exact_match" ->
                        new ReferenceMetricEvaluator(name, 1.0, (r, g) -> Map.of("exact_match", ExactMatch.raw(r, g)));
                    case "exact_match_normalized" ->
                        new ReferenceMetricEvaluator(
                                name, 1.0, (r, g) -> Map.of("exact_match_normalized", ExactMatch.normalized(r, g)));
                    case "f1_score" ->
                        new ReferenceMetricEvaluator(name, 0.5, (r, g) -> Map.of("f1_score", F1Score.score(r, g)));
                    case "bleu" ->
                        new ReferenceMetricEvaluator(name, 0.5, (r, g) -> Map.of("bleu_score", Bleu.score(r, g)));
                    case "gleu" ->
                        new ReferenceMetricEvaluator(name, 0.5, (r, g) -> Map.of("gleu_score", Gleu.score(r, g)));
                    default ->
                        RougeType.byId(name)
                                .<BuiltinEvaluator>map(
                                        type -> new ReferenceMetricEvaluator(name, 0.5, (r, g) -> rouge(type, r, g)))
                                .orElse(null);
                };
        return Optional.ofNullable(evaluator);
    }

    private static Map<String, Double> rouge(RougeType type, String response, String groundTruth) {
        Rouge.Score s = Rouge.score(type, response, groundTruth);
        // F1 first: it is the headline score that decides pass/fail.
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("rouge_f1_score", s.f1());
        scores.put("rouge_precision", s.precision());
        scores.put("rouge_recall", s.recall());
        return scores;
    }
}
