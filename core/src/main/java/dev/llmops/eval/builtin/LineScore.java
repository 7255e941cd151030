package dev.llmops.eval.builtin;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an evaluator produced for one line.
 *
 * @param scores numeric scores that aggregate into metrics (NaN when the line could not be scored)
 * @param details further outputs shown per line but not aggregated: reasons, pass/fail, thresholds
 */
public record LineScore(Map<String, Double> scores, Map<String, Object> details) {

    public LineScore {
        scores = Collections.unmodifiableMap(new LinkedHashMap<>(scores));
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** Scores then details, as the line's outputs. */
    public Map<String, Object> outputs() {
        Map<String, Object> all = new LinkedHashMap<>(scores);
        all.putAll(details);
        return all;
    }
}
