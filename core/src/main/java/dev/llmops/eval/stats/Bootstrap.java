package dev.llmops.eval.stats;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap confidence interval of the mean: resample the finite values with replacement
 * {@code resamples} times, take the mean of each resample, and report the (1 − level)/2 and (1 + level)/2
 * percentiles of those means.
 *
 * <p>Deterministic: each call starts a fresh {@link SplittableRandom} from the seed, so the same values always give
 * the same interval (reports re-rendered from stored runs do not flicker). NaN values are dropped first; with no
 * finite value every figure is NaN, with one value the interval collapses onto it.
 */
public final class Bootstrap {

    public static final int DEFAULT_RESAMPLES = 2000;
    public static final long DEFAULT_SEED = 20240229L;
    public static final double DEFAULT_LEVEL = 0.95;

    private final int resamples;
    private final long seed;
    private final double level;

    public Bootstrap(int resamples, long seed, double level) {
        if (resamples < 1) {
            throw new IllegalArgumentException("resamples must be at least 1, was " + resamples);
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("confidence level must be within (0, 1), was " + level);
        }
        this.resamples = resamples;
        this.seed = seed;
        this.level = level;
    }

    /** 2000 resamples, 95 %, a fixed seed. */
    public static Bootstrap defaults() {
        return new Bootstrap(DEFAULT_RESAMPLES, DEFAULT_SEED, DEFAULT_LEVEL);
    }

    public ConfidenceInterval meanInterval(double[] values) {
        double[] xs = Descriptive.finite(values);
        int n = xs.length;
        if (n == 0) {
            return new ConfidenceInterval(Double.NaN, Double.NaN, Double.NaN, 0, level);
        }
        double mean = Descriptive.mean(xs);
        if (n == 1) {
            return new ConfidenceInterval(mean, mean, mean, 1, level);
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] means = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += xs[random.nextInt(n)];
            }
            means[r] = sum / n;
        }
        Arrays.sort(means);
        double tail = (1 - level) / 2;
        // The percentile interval of the resampled means always brackets the sample mean in practice; clamp so that
        // a skewed resample with few lines still yields an interval that contains the reported mean.
        double low = Math.min(mean, Descriptive.sortedPercentile(means, tail));
        double high = Math.max(mean, Descriptive.sortedPercentile(means, 1 - tail));
        return new ConfidenceInterval(mean, low, high, n, level);
    }

    /**
     * Paired bootstrap interval of {@code mean(a − b)} over the positions where both values are finite: lines are
     * resampled together, so the interval reflects that both variants saw the same inputs. An interval that
     * excludes 0 means the difference is unlikely to be resampling noise at this level.
     *
     * @throws IllegalArgumentException when the arrays differ in length (they must be aligned by line)
     */
    public ConfidenceInterval pairedDifferenceInterval(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired values must align: " + a.length + " vs " + b.length);
        }
        double[] differences = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            differences[i] = a[i] - b[i];
        }
        // NaN on either side makes the difference NaN, which meanInterval drops.
        return meanInterval(differences);
    }
}
