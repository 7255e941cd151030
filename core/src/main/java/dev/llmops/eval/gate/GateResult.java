package dev.llmops.eval.gate;

/**
 * The verdict of one gate on one (variant, dataset).
 *
 * @param evaluator the evaluator that produced the metric
 * @param metric the metric name
 * @param variant the variant, e.g. {@code summarize_text_content.variant_1} or {@code default}
 * @param dataset the standard dataset name
 * @param value the metric value (NaN when it could not be computed, which fails a minimum)
 * @param threshold the limit the value was compared with: the minimum, or baseline − allowed regression
 * @param passed whether the gate holds
 * @param message one line saying what was checked and, on failure, by how much it missed
 * @param gate the gate as declared, e.g. {@code --fail-under accuracy=0.8}
 */
public record GateResult(
        String evaluator,
        String metric,
        String variant,
        String dataset,
        double value,
        double threshold,
        boolean passed,
        String message,
        String gate) {}
