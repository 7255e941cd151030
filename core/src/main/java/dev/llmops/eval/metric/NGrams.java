package dev.llmops.eval.metric;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Multiset n-gram counting shared by the overlap metrics. */
final class NGrams {

    private NGrams() {}

    /** Counts of every n-gram of exactly length {@code n}; empty when there are fewer than n tokens. */
    static Map<List<String>, Integer> count(List<String> tokens, int n) {
        Map<List<String>, Integer> counts = new HashMap<>();
        for (int i = 0; i + n <= tokens.size(); i++) {
            counts.merge(List.copyOf(tokens.subList(i, i + n)), 1, Integer::sum);
        }
        return counts;
    }

    /** Size of the multiset intersection: the sum over n-grams of min(count in a, count in b). */
    static long overlap(Map<List<String>, Integer> a, Map<List<String>, Integer> b) {
        long hits = 0;
        for (Map.Entry<List<String>, Integer> e : a.entrySet()) {
            hits += Math.min(e.getValue(), b.getOrDefault(e.getKey(), 0));
        }
        return hits;
    }

    static long total(Map<List<String>, Integer> counts) {
        long sum = 0;
        for (int c : counts.values()) {
            sum += c;
        }
        return sum;
    }
}
