package dev.llmops.report;

import dev.llmops.eval.stats.Bootstrap;
import dev.llmops.llm.TokenUsage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A realistic report model: web classification, two variants, two evaluators on two datasets. */
final class Reports {

    static final String DEFAULT = "summarize_text_content.variant_0";
    static final String OTHER = "summarize_text_content.variant_1";
    static final String SCRIPT_ANSWER = "<script>alert('x')</script> Academic";

    private Reports() {}

    static ReportModel webClassification() {
        EvaluatorReport evaluation = new EvaluatorReport(
                "evaluation",
                List.of(
                        run("eval-1", "std-1", DEFAULT, true, "web_classification_train", grades(20, 16)),
                        run("eval-2", "std-2", OTHER, false, "web_classification_train", grades(20, 12))));
        EvaluatorReport adversarial = new EvaluatorReport(
                "evaluation_adv",
                List.of(run("eval-3", "std-3", DEFAULT, true, "web_classification_train_new", grades(10, 9))));
        List<StandardRunSummary> standard = List.of(
                StandardRunSummary.of(
                        "std-1",
                        DEFAULT,
                        true,
                        "web_classification_train",
                        new TokenUsage(12000, 800),
                        0.0312,
                        latencies(20, 900),
                        20,
                        0),
                StandardRunSummary.of(
                        "std-2",
                        OTHER,
                        false,
                        "web_classification_train",
                        new TokenUsage(15000, 950),
                        null,
                        latencies(20, 1400),
                        20,
                        1),
                StandardRunSummary.of(
                        "std-3",
                        DEFAULT,
                        true,
                        "web_classification_train_new",
                        new TokenUsage(6000, 400),
                        0.01,
                        latencies(10, 800),
                        10,
                        0));
        return ReportModel.of(
                "web_classification",
                "dev",
                "build-42",
                Instant.parse("2026-11-23T14:00:00Z"),
                List.of(evaluation, adversarial),
                standard);
    }

    private static List<Long> latencies(int n, long base) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(base + 37L * i);
        }
        return out;
    }

    /** {@code correct} of {@code n} lines graded Correct; line 1 of a failing pair carries a script answer. */
    private static List<LineRow> grades(int n, int correct) {
        List<LineRow> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean ok = i < correct;
            Map<String, Object> inputs = new LinkedHashMap<>();
            inputs.put("url", "https://example.com/page/" + i);
            inputs.put("prediction", i == correct ? SCRIPT_ANSWER : ok ? "Academic" : "Movie");
            Map<String, Object> outputs = new LinkedHashMap<>();
            outputs.put("grade", ok ? "Correct" : "Incorrect");
            outputs.put("details", Map.of("tokens", List.of("a, \"quoted\"", "line\nbreak")));
            boolean error = i == n - 1 && !ok;
            lines.add(new LineRow(
                    i,
                    inputs,
                    error ? Map.of() : outputs,
                    "Academic",
                    error ? Map.of("accuracy", Double.NaN) : Map.of("accuracy", ok ? 1.0 : 0.0),
                    error ? LineStatus.ERROR : ok ? LineStatus.PASSED : LineStatus.FAILED,
                    error ? "ToolException: grade.py line 12: KeyError 'answer'" : null));
        }
        return lines;
    }

    private static EvaluationRun run(
            String id, String std, String variant, boolean isDefault, String dataset, List<LineRow> lines) {
        Map<String, Double> aggregated = new LinkedHashMap<>();
        // The aggregation node's accuracy: mean of the scored lines, as grade.py's log_metric computes it.
        aggregated.put(
                "accuracy",
                lines.stream()
                        .mapToDouble(l -> l.scores().get("accuracy"))
                        .filter(d -> !Double.isNaN(d))
                        .average()
                        .orElse(Double.NaN));
        aggregated.put("lines_scored", (double) lines.size());
        return new EvaluationRun(
                id,
                std,
                variant,
                isDefault,
                Map.of("summarize_text_content", variant.substring(variant.indexOf('.') + 1)),
                dataset,
                dataset + "_eval",
                Metric.summarize(aggregated, lines, Bootstrap.defaults()),
                lines);
    }
}
