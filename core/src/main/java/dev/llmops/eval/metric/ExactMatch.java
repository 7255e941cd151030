package dev.llmops.eval.metric;

/** Exact match: raw string equality (MLflow / promptfoo convention) or equality after SQuAD normalisation. */
public final class ExactMatch {

    private ExactMatch() {}

    /** 1 when the strings are identical, else 0. */
    public static double raw(String response, String groundTruth) {
        return response.equals(groundTruth) ? 1.0 : 0.0;
    }

    /** 1 when the strings are equal after {@link SquadNormalizer#normalize}, else 0. */
    public static double normalized(String response, String groundTruth) {
        return SquadNormalizer.normalize(response).equals(SquadNormalizer.normalize(groundTruth)) ? 1.0 : 0.0;
    }
}
