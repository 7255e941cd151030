package dev.llmops.eval.metric;

import java.util.List;

/**
 * Sentence BLEU as NLTK's {@code sentence_bleu} with one reference, weights (¼,¼,¼,¼), {@code method4} smoothing
 * and no auto re-weighting. Tokens from {@link WordTokenizer} (case-sensitive).
 *
 * <p>Modified precisions are kept as unreduced fractions because method4 divides by the raw hypothesis n-gram
 * count (the denominator), exactly like NLTK's {@code Fraction(..., _normalize=False)}.
 */
public final class Bleu {

    private static final int MAX_N = 4;
    private static final double WEIGHT = 1.0 / MAX_N;
    private static final double METHOD4_K = 5.0;

    private Bleu() {}

    public static double score(String response, String groundTruth) {
        return score(WordTokenizer.tokenize(response), WordTokenizer.tokenize(groundTruth));
    }

    public static double score(List<String> hypothesis, List<String> reference) {
        long[] numerators = new long[MAX_N];
        long[] denominators = new long[MAX_N];
        for (int n = 1; n <= MAX_N; n++) {
            var hyp = NGrams.count(hypothesis, n);
            numerators[n - 1] = NGrams.overlap(hyp, NGrams.count(reference, n));
            denominators[n - 1] = Math.max(1, NGrams.total(hyp));
        }
        if (numerators[0] == 0) {
            return 0.0;
        }
        int hypLength = hypothesis.size();
        double[] precisions = smoothMethod4(numerators, denominators, hypLength);
        double logSum = 0.0;
        for (double p : precisions) {
            // NLTK skips precisions that are still zero (only possible for a one-token hypothesis).
            if (p > 0) {
                logSum += WEIGHT * Math.log(p);
            }
        }
        return brevityPenalty(reference.size(), hypLength) * Math.exp(logSum);
    }

    private static double[] smoothMethod4(long[] numerators, long[] denominators, int hypLength) {
        double[] precisions = new double[MAX_N];
        int incvnt = 1;
        for (int i = 0; i < MAX_N; i++) {
            if (numerators[i] == 0 && hypLength > 1) {
                double numerator = 1.0 / (Math.pow(2, incvnt) * METHOD4_K / Math.log(hypLength));
                precisions[i] = numerator / denominators[i];
                incvnt++;
            } else {
                precisions[i] = (double) numerators[i] / denominators[i];
            }
        }
        return precisions;
    }

    static double brevityPenalty(int referenceLength, int hypothesisLength) {
        if (hypothesisLength > referenceLength) {
            return 1.0;
        }
        if (hypothesisLength == 0) {
            return 0.0;
        }
        return Math.exp(1.0 - (double) referenceLength / hypothesisLength);
    }
}
