package dev.llmops.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmops.eval.stats.Bootstrap;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComparisonTest {

    private static LineRow line(int i, double score) {
        return new LineRow(i, Map.of(), Map.of(), null, Map.of("s", score), LineStatus.PASSED, null);
    }

    private static EvaluationRun run(String variant, boolean isDefault, double... scores) {
        List<LineRow> lines = new java.util.ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            lines.add(line(i, scores[i]));
        }
        return new EvaluationRun(
                "e-" + variant,
                "s-" + variant,
                variant,
                isDefault,
                Map.of(),
                "d",
                "d",
                Metric.fromLineScores(lines, Bootstrap.defaults()),
                lines);
    }

    private static ReportModel model(EvaluationRun... runs) {
        return ReportModel.of(
                "x", null, null, Instant.EPOCH, List.of(new EvaluatorReport("ev", List.of(runs))), List.of());
    }

    @Test
    void should_mark_the_best_variant_and_deltas_against_the_default() {
        // given: the default is listed last but leads the table
        ReportModel model = model(run("v1", false, 1, 1, 0), run("v2", false, 0, 0, 0), run("v0", true, 1, 0, 0));

        // when
        Comparison.Table table = Comparison.of(model).getFirst();

        // then
        assertThat(table.rows()).extracting(Comparison.Row::variant).containsExactly("v0", "v1", "v2");
        assertThat(table.columns().getFirst().bestVariants()).containsExactly("v1");
        Comparison.Cell v1 = table.rows().get(1).cells().getFirst();
        assertThat(v1.best()).isTrue();
        assertThat(v1.deltaVsDefault().orElseThrow()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(table.rows().getFirst().cells().getFirst().deltaVsDefault()).isEmpty();
    }

    @Test
    void should_not_mark_a_best_variant_when_all_tie_or_only_one_ran() {
        assertThat(Comparison.of(model(run("a", true, 1), run("b", false, 1)))
                        .getFirst()
                        .columns()
                        .getFirst()
                        .bestVariants())
                .isEmpty();
        assertThat(Comparison.of(model(run("a", true, 1)))
                        .getFirst()
                        .columns()
                        .getFirst()
                        .bestVariants())
                .isEmpty();
    }

    @Test
    void should_attach_intervals_only_to_means_of_line_scores() {
        // given: "s" is the mean of the lines, "median" is not
        List<LineRow> lines = List.of(line(0, 1), line(1, 0), line(2, 1), line(3, Double.NaN));
        Map<String, Double> aggregated = new LinkedHashMap<>();
        aggregated.put("s", 2.0 / 3);
        aggregated.put("median", 1.0);

        // when
        List<Metric> metrics = Metric.summarize(aggregated, lines, Bootstrap.defaults());

        // then
        assertThat(metrics.get(0).interval()).hasValueSatisfying(ci -> {
            assertThat(ci.n()).isEqualTo(3);
            assertThat(ci.contains(2.0 / 3)).isTrue();
        });
        assertThat(metrics.get(1).interval()).isEmpty();
        assertThat(metrics.get(1).value()).isEqualTo(1.0);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "[{index}] {0} -> {1}")
    @org.junit.jupiter.params.provider.CsvSource({"pass, PASSED", "fail, FAILED", "unknown, PASSED"})
    void should_derive_line_status_from_result_outputs(String result, LineStatus expected) {
        assertThat(LineStatus.fromOutputs(Map.of("f1_score", 0.2, "f1_score_result", result, "note", "fail")))
                .isEqualTo(expected);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "[{index}] {0} -> {1}")
    @org.junit.jupiter.params.provider.CsvSource({"Correct, PASSED", "Incorrect, FAILED", " incorrect , FAILED"})
    void should_fail_a_line_the_grader_marked_incorrect(String grade, LineStatus expected) {
        assertThat(LineStatus.fromOutputs(Map.of("grade", grade))).isEqualTo(expected);
    }

    @Test
    void should_call_a_delta_significant_only_when_the_paired_interval_excludes_zero() {
        // given: v1 beats the default on every one of 30 lines; v2 differs on one line out of 30 only
        double[] base = new double[30];
        double[] better = new double[30];
        double[] noise = new double[30];
        for (int i = 0; i < 30; i++) {
            base[i] = 0.5;
            better[i] = 0.9;
            noise[i] = i == 0 ? 1.0 : 0.5;
        }
        ReportModel model = model(run("v0", true, base), run("v1", false, better), run("v2", false, noise));

        // when
        List<Comparison.Row> rows = Comparison.of(model).getFirst().rows();

        // then
        Comparison.Cell v1 = rows.get(1).cells().getFirst();
        assertThat(v1.deltaInterval())
                .hasValueSatisfying(ci -> assertThat(ci.low()).isCloseTo(0.4, within(1e-9)));
        assertThat(v1.significant()).isTrue();
        assertThat(Verdicts.of(Comparison.of(model).getFirst()))
                .containsExactly(
                        "s (ev): best is v1 at 0.90, better than the default by +0.40 [0.40, 0.40]: significant.");
        Comparison.Cell v2 = rows.get(2).cells().getFirst();
        assertThat(v2.deltaInterval())
                .hasValueSatisfying(ci -> assertThat(ci.contains(0)).isTrue());
        assertThat(v2.significant()).isFalse();
    }

    @Test
    void should_say_when_the_best_variant_is_within_noise_or_the_default() {
        // given: v1 is better on one line out of three only; in the second model the default wins
        ReportModel close = model(run("v0", true, 0, 1, 1), run("v1", false, 1, 1, 1));
        ReportModel defaultWins = model(run("v0", true, 1, 1, 1), run("v1", false, 0, 1, 1));

        // then
        assertThat(Verdicts.of(Comparison.of(close).getFirst()))
                .singleElement()
                .asString()
                .startsWith("s (ev): best is v1 at 1.00, +0.3333 [")
                .endsWith("over the default: within noise, not a clear win.");
        assertThat(Verdicts.of(Comparison.of(defaultWins).getFirst()))
                .containsExactly("s (ev): best is v0 at 1.00, the default variant.");
    }
}
