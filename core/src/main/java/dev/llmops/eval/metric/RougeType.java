package dev.llmops.eval.metric;

import java.util.Arrays;
import java.util.Optional;

/** The ROUGE variants {@code rouge_score} offers without a stemmer: n-gram overlap for n = 1..5 and LCS. */
public enum RougeType {
    ROUGE1("rouge1", 1),
    ROUGE2("rouge2", 2),
    ROUGE3("rouge3", 3),
    ROUGE4("rouge4", 4),
    ROUGE5("rouge5", 5),
    ROUGE_L("rougeL", 0);

    private final String id;
    private final int n;

    RougeType(String id, int n) {
        this.id = id;
        this.n = n;
    }

    /** The name used by {@code rouge_score} and in {@code builtin:} references. */
    public String id() {
        return id;
    }

    /** n-gram length; 0 for the LCS-based rougeL. */
    int n() {
        return n;
    }

    public static Optional<RougeType> byId(String id) {
        return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
    }
}
