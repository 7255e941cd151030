package dev.llmops.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code builtin:<name>} evaluators an experiment may name, and the inputs each reads. It is part of the
 * experiment's language, so validate checks it without the evaluation code: {@code eval.builtin} implements these
 * names, and a test keeps the two in step.
 */
public final class BuiltinCatalog {

    /**
     * One built-in evaluator.
     *
     * @param required inputs every line must provide
     * @param optional inputs read when mapped
     * @param judge whether it is an LLM judge (needs a judge connection)
     * @param metrics the run metrics it logs (the mean of each line score), which gates may name
     */
    public record Entry(String name, List<String> required, Set<String> optional, boolean judge, List<String> metrics) {
        public Entry {
            required = List.copyOf(required);
            optional = Set.copyOf(optional);
            metrics = List.copyOf(metrics);
        }

        /** Every input it reads: the required ones, then the optional ones. */
        public List<String> known() {
            List<String> known = new ArrayList<>(required);
            optional.stream().sorted().forEach(known::add);
            return known;
        }
    }

    private static final List<String> REFERENCE_INPUTS = List.of("response", "ground_truth");
    private static final Map<String, Entry> ENTRIES = entries();

    private BuiltinCatalog() {}

    /** Every built-in name, reference metrics first. */
    public static List<String> names() {
        return List.copyOf(ENTRIES.keySet());
    }

    public static Optional<Entry> entry(String name) {
        return Optional.ofNullable(ENTRIES.get(name));
    }

    private static Map<String, Entry> entries() {
        Map<String, Entry> entries = new LinkedHashMap<>();
        reference(entries, "exact_match", "exact_match");
        reference(entries, "exact_match_normalized", "exact_match_normalized");
        reference(entries, "f1_score", "f1_score");
        reference(entries, "bleu", "bleu_score");
        reference(entries, "gleu", "gleu_score");
        for (String rouge : List.of("rouge1", "rouge2", "rouge3", "rouge4", "rouge5", "rougeL")) {
            reference(entries, rouge, "rouge_f1_score", "rouge_precision", "rouge_recall");
        }
        judge(entries, "groundedness", List.of("context", "response"), Set.of("query"));
        judge(entries, "relevance", List.of("query", "response"), Set.of());
        judge(entries, "coherence", List.of("query", "response"), Set.of());
        judge(entries, "fluency", List.of("response"), Set.of());
        judge(entries, "similarity", List.of("query", "response", "ground_truth"), Set.of());
        return entries;
    }

    private static void reference(Map<String, Entry> entries, String name, String... metrics) {
        entries.put(name, new Entry(name, REFERENCE_INPUTS, Set.of(), false, List.of(metrics)));
    }

    private static void judge(Map<String, Entry> entries, String name, List<String> required, Set<String> optional) {
        entries.put(name, new Entry(name, required, optional, true, List.of(name, "gpt_" + name)));
    }
}
