package dev.llmops.report;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The numeric per-line scores in an evaluation line's outputs: numbers, booleans, verdict words
 * ({@code Correct}/{@code Incorrect}, {@code pass}/{@code fail}, {@code yes}/{@code no}) as 1/0, and the same one
 * level down in an object output ({@code match_cnt.exact_match}). These feed the per-line drill-down and the
 * confidence intervals.
 */
final class LineScores {

    private static final Map<String, Double> VERDICTS = Map.of(
            "correct",
            1.0,
            "incorrect",
            0.0,
            "pass",
            1.0,
            "passed",
            1.0,
            "fail",
            0.0,
            "failed",
            0.0,
            "true",
            1.0,
            "false",
            0.0,
            "yes",
            1.0,
            "no",
            0.0);

    private LineScores() {}

    static Map<String, Double> of(Map<String, Object> outputs) {
        Map<String, Double> scores = new LinkedHashMap<>();
        outputs.forEach((key, value) -> {
            if (value instanceof Map<?, ?> nested) {
                nested.forEach((k, v) -> score(v).ifPresent(d -> scores.put(key + "." + k, d)));
            } else {
                score(value).ifPresent(d -> scores.put(key, d));
            }
        });
        return scores;
    }

    private static Optional<Double> score(Object value) {
        return switch (value) {
            case Number n -> Optional.of(n.doubleValue());
            case Boolean b -> Optional.of(b ? 1.0 : 0.0);
            case String s -> Optional.ofNullable(VERDICTS.get(s.strip().toLowerCase(Locale.ROOT)));
            case null, default -> Optional.empty();
        };
    }
}
