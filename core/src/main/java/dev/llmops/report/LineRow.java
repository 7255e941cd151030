package dev.llmops.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of an evaluation run, for the drill-down and the result CSVs.
 *
 * @param index the 0-based line number in the evaluation dataset
 * @param inputs the evaluation flow's inputs for the line (question, answer of the standard run, ...)
 * @param outputs the evaluation flow's outputs for the line
 * @param groundTruth the expected answer when the evaluator maps one, else null
 * @param scores the numeric per-line scores (NaN when a score could not be computed)
 * @param status how the line ended
 * @param error why the line failed to run, else null
 */
public record LineRow(
        int index,
        Map<String, Object> inputs,
        Map<String, Object> outputs,
        Object groundTruth,
        Map<String, Double> scores,
        LineStatus status,
        String error) {

    public LineRow {
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
        scores = Collections.unmodifiableMap(new LinkedHashMap<>(scores));
    }

    /** Whether the "failures only" filter shows the line. */
    public boolean isFailure() {
        return status != LineStatus.PASSED;
    }
}
