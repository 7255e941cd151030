package dev.llmops.eval.stats;

/**
 * A mean with its bootstrap confidence interval.
 *
 * @param mean the mean of the finite values
 * @param low lower bound (NaN when there are no finite values)
 * @param high upper bound (NaN when there are no finite values)
 * @param n how many finite values the figures are based on
 * @param level the confidence level, e.g. 0.95
 */
public record ConfidenceInterval(double mean, double low, double high, int n, double level) {

    /** Whether {@code value} lies within [low, high]. */
    public boolean contains(double value) {
        return value >= low && value <= high;
    }

    public double width() {
        return high - low;
    }
}
