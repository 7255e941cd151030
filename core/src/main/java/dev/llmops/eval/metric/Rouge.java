package dev.llmops.eval.metric;

import java.util.List;

/** ROUGE-N and ROUGE-L as {@code rouge_score.RougeScorer} computes them without a stemmer. */
public final class Rouge {

    /** Precision, recall and F1 of one response against one reference. */
    public record Score(double precision, double recall, double f1) {
        static final Score ZERO = new Score(0, 0, 0);

        static Score of(long hits, long predictionCount, long referenceCount) {
            double p = predictionCount == 0 ? 0 : (double) hits / predictionCount;
            double r = referenceCount == 0 ? 0 : (double) hits / referenceCount;
            return new Score(p, r, p + r == 0 ? 0 : 2 * p * r / (p + r));
        }
    }

    private Rouge() {}

    public static Score score(RougeType type, String response, String groundTruth) {
        List<String> prediction = RougeTokenizer.tokenize(response);
        List<String> reference = RougeTokenizer.tokenize(groundTruth);
        if (type == RougeType.ROUGE_L) {
            if (prediction.isEmpty() || reference.isEmpty()) {
                return Score.ZERO;
            }
            return Score.of(lcsLength(reference, prediction), prediction.size(), reference.size());
        }
        var pred = NGrams.count(prediction, type.n());
        var ref = NGrams.count(reference, type.n());
        return Score.of(NGrams.overlap(ref, pred), NGrams.total(pred), NGrams.total(ref));
    }

    static int lcsLength(List<String> a, List<String> b) {
        int[] previous = new int[b.size() + 1];
        int[] current = new int[b.size() + 1];
        for (int i = 1; i <= a.size(); i++) {
            for (int j = 1; j <= b.size(); j++) {
                current[j] =
                        a.get(i - 1).equals(b.get(j - 1)) ? previous[j - 1] + 1 : Math.max(previous[j], current[j - 1]);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.size()];
    }
}
