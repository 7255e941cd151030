package dev.llmops.experiment.gate;

/** Which way a metric improves; decides the conservative value and what a regression is. */
public enum Better {
    /** Accuracy, f1, precision: more is better, a failed line counts as a score of 0. */
    HIGHER,
    /** Latency, cost, error rates: less is better, a failed line counts as the worst value. */
    LOWER;

    /** The YAML spelling, {@code higher} or {@code lower}. */
    public String word() {
        return this == HIGHER ? "higher" : "lower";
    }
}
