package dev.llmops.eval.stats;

import java.util.Arrays;
import java.util.Collection;

/**
 * Summary statistics. NaN values (a line whose score could not be computed, e.g. an unparseable judge answer) are
 * ignored by every method; when no finite value remains the result is NaN. Infinite values count as values.
 */
public final class Descriptive {

    private Descriptive() {}

    /** The non-NaN values, in input order. */
    public static double[] finite(double[] values) {
        return Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
    }

    public static double[] finite(Collection<? extends Number> values) {
        return values.stream()
                .filter(v -> v != null)
                .mapToDouble(Number::doubleValue)
                .filter(v -> !Double.isNaN(v))
                .toArray();
    }

    public static double mean(double[] values) {
        double[] xs = finite(values);
        if (xs.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (double x : xs) {
            sum += x;
        }
        return sum / xs.length;
    }

    /** Sample standard deviation (n − 1 denominator); NaN for fewer than two values. */
    public static double stddev(double[] values) {
        double[] xs = finite(values);
        if (xs.length < 2) {
            return Double.NaN;
        }
        double mean = mean(xs);
        double squares = 0;
        for (double x : xs) {
            squares += (x - mean) * (x - mean);
        }
        return Math.sqrt(squares / (xs.length - 1));
    }

    /**
     * The q-quantile (0 ≤ q ≤ 1) with linear interpolation between closest ranks, the default of numpy and R
     * (type 7): p50 of {1, 2, 3, 4} is 2.5.
     */
    public static double percentile(double[] values, double q) {
        if (q < 0 || q > 1) {
            throw new IllegalArgumentException("quantile must be within [0, 1], was " + q);
        }
        double[] xs = finite(values);
        if (xs.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(xs);
        return sortedPercentile(xs, q);
    }

    static double sortedPercentile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = (int) Math.ceil(position);
        double fraction = position - lower;
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction;
    }

    public static double p50(double[] values) {
        return percentile(values, 0.5);
    }

    public static double p95(double[] values) {
        return percentile(values, 0.95);
    }
}
