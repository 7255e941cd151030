package dev.llmops.eval.metric;

import java.util.List;

/** SQuAD token-overlap F1 over {@link SquadNormalizer} tokens, as {@code F1ScoreEvaluator} computes it. */
public final class F1Score {

    private F1Score() {}

    public static double score(String response, String groundTruth) {
        List<String> prediction = SquadNormalizer.normalizedTokens(response);
        List<String> reference = SquadNormalizer.normalizedTokens(groundTruth);
        long common = NGrams.overlap(NGrams.count(prediction, 1), NGrams.count(reference, 1));
        if (common == 0) {
            return 0.0;
        }
        double precision = (double) common / prediction.size();
        double recall = (double) common / reference.size();
        return 2 * precision * recall / (precision + recall);
    }
}
