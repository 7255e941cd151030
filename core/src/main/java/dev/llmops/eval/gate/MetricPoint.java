package dev.llmops.eval.gate;

/**
 * One metric value of one evaluation, as gates see it.
 *
 * @param observed the value over the lines that produced a result
 * @param baseline the same metric in the baseline, or null when there is no baseline value for it
 * @param n the lines {@code observed} was computed over
 * @param failed the lines that produced no result
 * @param countFailed whether gates count failed lines as failures (the default) or leave them out
 * @param defaultVariant whether the point is of the all-defaults variant
 */
public record MetricPoint(
        String evaluator,
        String metric,
        String variant,
        String dataset,
        double observed,
        Double baseline,
        int n,
        int failed,
        boolean countFailed,
        boolean defaultVariant) {

    /** A point whose variant is the default one when it is labelled {@code default}. */
    public MetricPoint(
            String evaluator,
            String metric,
            String variant,
            String dataset,
            double observed,
            Double baseline,
            int n,
            int failed,
            boolean countFailed) {
        this(
                evaluator,
                metric,
                variant,
                dataset,
                observed,
                baseline,
                n,
                failed,
                countFailed,
                "default".equals(variant));
    }

    /** A point without failed lines. */
    public MetricPoint(String evaluator, String metric, String variant, String dataset, double value, Double baseline) {
        this(evaluator, metric, variant, dataset, value, baseline, 0, 0, true);
    }

    /** The value a higher-is-better gate judges. */
    public double value() {
        return judged(true);
    }

    /** The value a gate judges: {@link #conservative} when failed lines count, else the observed value. */
    public double judged(boolean higherIsBetter) {
        return countFailed ? conservative(observed, n, failed, higherIsBetter) : observed;
    }

    /**
     * The value had every failed line scored as a failure: for a higher-is-better metric 0 (the mean over
     * {@code n + failed} lines, so 0.929 over 297 of 300 lines gives 0.920); for a lower-is-better one the worst (1
     * for a rate in [0, 1], else +Infinity). Equal to {@code value} without failed lines.
     */
    public static double conservative(double value, int n, int failed, boolean higherIsBetter) {
        if (failed <= 0 || Double.isNaN(value)) {
            return value;
        }
        if (higherIsBetter) {
            return n <= 0 ? 0 : value * n / (n + (double) failed);
        }
        if (value >= 0 && value <= 1) {
            return (value * n + failed) / (n + (double) failed);
        }
        return Double.POSITIVE_INFINITY;
    }

    /** How failed lines entered the judged value, for gate messages; empty without failed lines. */
    public String linesNote() {
        if (failed <= 0) {
            return "";
        }
        String lines = failed + " failed line" + (failed == 1 ? "" : "s");
        return countFailed
                ? ", " + lines + " counted as failures, " + Numbers.format(observed) + " over the n=" + n
                        + " lines with a result"
                : ", n=" + n + ", " + lines + " left out";
    }
}
