package dev.llmops.eval.metric;

import java.util.List;

/**
 * Sentence GLEU as NLTK's {@code sentence_gleu(min_len=1, max_len=4)}: the multiset overlap of all 1- to 4-grams
 * divided by the larger of the two n-gram totals, i.e. min(precision, recall). Tokens from {@link WordTokenizer}.
 */
public final class Gleu {

    private static final int MAX_N = 4;

    private Gleu() {}

    public static double score(String response, String groundTruth) {
        return score(WordTokenizer.tokenize(response), WordTokenizer.tokenize(groundTruth));
    }

    public static double score(List<String> hypothesis, List<String> reference) {
        long truePositives = 0;
        long hypothesisTotal = 0;
        long referenceTotal = 0;
        for (int n = 1; n <= MAX_N; n++) {
            var hyp = NGrams.count(hypothesis, n);
            var ref = NGrams.count(reference, n);
            truePositives += NGrams.overlap(hyp, ref);
            hypothesisTotal += NGrams.total(hyp);
            referenceTotal += NGrams.total(ref);
        }
        long all = Math.max(hypothesisTotal, referenceTotal);
        return all == 0 ? 0.0 : (double) truePositives / all;
    }
}
