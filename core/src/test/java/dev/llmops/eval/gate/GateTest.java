package dev.llmops.eval.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.error.ConfigException;
import dev.llmops.experiment.gate.Better;
import dev.llmops.experiment.gate.Gate;
import dev.llmops.experiment.gate.GateParser;
import dev.llmops.experiment.gate.VariantScope;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GateTest {

    private static final List<MetricPoint> POINTS = List.of(
            new MetricPoint("evaluation", "accuracy", "summarize.variant_0", "web_train", 0.85, 0.86),
            new MetricPoint("evaluation", "accuracy", "summarize.variant_1", "web_train", 0.62, 0.80),
            new MetricPoint("evaluation_adv", "accuracy", "summarize.variant_0", "web_train_new", 0.9, null),
            new MetricPoint("evaluation_adv", "precision", "summarize.variant_0", "web_train_new", 0.7, null));

    @Test
    void should_report_every_failing_variant_with_value_and_threshold() {
        // given
        List<Gate> gates = List.of(GateParser.failUnder("evaluation.accuracy=0.8", new VariantScope.All()));

        // when
        List<GateResult> results = GateEvaluator.evaluate(gates, POINTS, false);

        // then
        assertThat(results).extracting(GateResult::passed).containsExactly(true, false);
        GateResult failed = results.get(1);
        assertThat(failed.message())
                .isEqualTo("gate failed: accuracy of variant summarize.variant_1 on dataset web_train is 0.62, below"
                        + " 0.80 (--fail-under evaluation.accuracy=0.8)");
        assertThat(failed.value()).isEqualTo(0.62);
        assertThat(failed.threshold()).isEqualTo(0.8);
        assertThat(failed.variant()).isEqualTo("summarize.variant_1");
        assertThat(failed.dataset()).isEqualTo("web_train");
    }

    @Test
    void should_fail_a_minimum_on_nan() {
        List<GateResult> results = GateEvaluator.evaluate(
                List.of(GateParser.failUnder("f1=0.1")),
                List.of(new MetricPoint("e", "f1", "default", "d", Double.NaN, null)),
                false);

        assertThat(results.getFirst().passed()).isFalse();
        assertThat(results.getFirst().message()).contains("is NaN, below 0.10");
    }

    @Test
    void should_ask_for_evaluator_when_metric_is_ambiguous() {
        assertThatThrownBy(() -> GateEvaluator.evaluate(List.of(GateParser.failUnder("accuracy=0.8")), POINTS, false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(
                        "metric 'accuracy' is reported by several evaluators (evaluation, evaluation_adv)")
                .hasMessageContaining("evaluation.accuracy");
    }

    @Test
    void should_accept_unambiguous_bare_metric() {
        List<GateResult> results =
                GateEvaluator.evaluate(List.of(GateParser.failUnder("precision=0.75")), POINTS, false);

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.evaluator()).isEqualTo("evaluation_adv");
            assertThat(r.passed()).isFalse();
        });
    }

    @Test
    void should_list_available_metrics_for_an_unknown_one() {
        assertThatThrownBy(() -> GateEvaluator.evaluate(List.of(GateParser.failUnder("recall=0.5")), POINTS, false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("no evaluator reported metric 'recall'")
                .hasMessageContaining("evaluation.accuracy, evaluation_adv.accuracy, evaluation_adv.precision");
    }

    @Test
    void should_fail_regressions_beyond_the_allowed_drop() {
        // given: variant_0 dropped 0.01 (allowed), variant_1 dropped 0.18
        List<Gate> gates = List.of(GateParser.maxRegression("evaluation.accuracy=0.05", new VariantScope.All()));

        // when
        List<GateResult> results = GateEvaluator.evaluate(gates, POINTS, true);

        // then
        assertThat(results).extracting(GateResult::passed).containsExactly(true, false);
        assertThat(results.get(0).message()).contains("dropped by 0.01 from 0.86 to 0.85, within 0.05");
        assertThat(results.get(1).message())
                .isEqualTo("gate failed: accuracy of variant summarize.variant_1 on dataset web_train dropped by 0.18"
                        + " from 0.80 to 0.62, more than the allowed 0.05 (--max-regression evaluation.accuracy=0.05)");
        assertThat(results.get(1).threshold()).isEqualTo(0.75, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void should_pass_a_drop_exactly_at_the_limit() {
        List<GateResult> results = GateEvaluator.evaluate(
                List.of(GateParser.maxRegression("f1=0.05")),
                List.of(new MetricPoint("e", "f1", "default", "d", 0.80, 0.85)),
                true);

        assertThat(results.getFirst().passed()).isTrue();
    }

    @Test
    void should_require_a_baseline_for_regression_gates() {
        assertThatThrownBy(() -> GateEvaluator.evaluate(
                        List.of(GateParser.maxRegression("evaluation.accuracy=0.05")), POINTS, false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--max-regression evaluation.accuracy=0.05 compares against a baseline")
                .hasMessageContaining("--baseline");
    }

    @Test
    void should_judge_only_the_best_variant_of_each_dataset_by_default() {
        // given: variant_1 fails 0.8 on web_train, variant_0 passes
        List<Gate> gates = List.of(GateParser.failUnder("evaluation.accuracy=0.8"));

        // when
        List<GateResult> results = GateEvaluator.evaluate(gates, POINTS, false);

        // then
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.passed()).isTrue();
            assertThat(r.variant()).isEqualTo("summarize.variant_0");
            assertThat(r.message()).startsWith("accuracy of variant summarize.variant_0 (the best of 2) on dataset");
        });
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "default              | v0 | false",
                "summarize.variant_1  | v1 | true",
                "all                  | v0 | false",
            })
    void should_judge_the_variants_a_scope_names(String scope, String firstVariant, boolean firstPassed) {
        // given: the default variant v0 scores 0.5, v1 0.9
        List<MetricPoint> points = List.of(
                new MetricPoint("e", "accuracy", "v0", "d", 0.5, null, 10, 0, true, true),
                new MetricPoint("e", "accuracy", "summarize.variant_1", "d", 0.9, null, 10, 0, true, false));
        Gate gate = GateParser.failUnder("accuracy=0.8", GateParser.variants(scope));

        // when
        List<GateResult> results = GateEvaluator.evaluate(List.of(gate), points, false);

        // then
        assertThat(results.getFirst().variant())
                .isEqualTo(firstVariant.equals("v1") ? "summarize.variant_1" : firstVariant);
        assertThat(results.getFirst().passed()).isEqualTo(firstPassed);
        assertThat(results).hasSize(scope.equals("all") ? 2 : 1);
    }

    @Test
    void should_say_which_variants_ran_when_a_named_one_did_not() {
        Gate gate = GateParser.failUnder("accuracy=0.8", GateParser.variants("summarize.variant_9"));

        assertThatThrownBy(() -> GateEvaluator.evaluate(List.of(gate), POINTS.subList(0, 2), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("judges variant 'summarize.variant_9', which has no 'accuracy'")
                .hasMessageContaining("variants reported: summarize.variant_0, summarize.variant_1");
    }

    @Test
    void should_judge_a_lower_is_better_metric_with_failed_lines_counted_as_errors() {
        // given: error_rate 0.10 over 18 scored lines, 2 lines failed: conservative (0.1 * 18 + 2) / 20 = 0.19
        Gate gate = new Gate.MaxGate(
                "math",
                "error_rate",
                0.15,
                Better.LOWER,
                new VariantScope.Best(),
                "experiment.yaml:9:3 gates[0]",
                null);
        List<MetricPoint> points =
                List.of(new MetricPoint("math", "error_rate", "default", "d", 0.10, null, 18, 2, true));

        // when
        GateResult result = GateEvaluator.evaluate(List.of(gate), points, false).getFirst();

        // then
        assertThat(result.passed()).isFalse();
        assertThat(result.value()).isEqualTo(0.19, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(result.message())
                .startsWith("gate failed: error_rate of variant default on dataset d is 0.19, above 0.15"
                        + " (experiment.yaml:9:3 gates[0], 2 failed lines counted as failures");
    }

    @Test
    void should_pick_the_lowest_value_as_best_for_a_lower_is_better_metric() {
        // given
        Gate gate = GateParser.failAbove("run.latency_p95_ms=1000", new VariantScope.Best());
        List<MetricPoint> points = List.of(
                new MetricPoint("run", "latency_p95_ms", "default", "d", 1500, null, 10, 0, false),
                new MetricPoint("run", "latency_p95_ms", "n.variant_1", "d", 800, null, 10, 0, false),
                new MetricPoint("e", "latency_p95_ms", "n.variant_1", "d", 5, null, 10, 0, false));

        // when
        GateResult result = GateEvaluator.evaluate(List.of(gate), points, false).getFirst();

        // then
        assertThat(result.passed()).isTrue();
        assertThat(result.message())
                .isEqualTo("run.latency_p95_ms of variant n.variant_1 (the best of 2) on dataset d is 800.00, at most"
                        + " 1000.00 (--fail-above run.latency_p95_ms=1000)");
    }

    @Test
    void should_fail_a_lower_is_better_regression_that_rose_too_much() {
        // given: error_rate rose from 0.10 to 0.20, 0.05 allowed
        Gate gate = new Gate.MaxRegressionGate(
                "e", "error_rate", 0.05, Better.LOWER, new VariantScope.All(), "experiment.yaml:3:3 gates[0]", null);
        List<MetricPoint> points = List.of(new MetricPoint("e", "error_rate", "default", "d", 0.20, 0.10));

        // when
        GateResult result = GateEvaluator.evaluate(List.of(gate), points, true).getFirst();

        // then
        assertThat(result.passed()).isFalse();
        assertThat(result.message()).contains("rose by 0.10 from 0.10 to 0.20, more than the allowed 0.05");
        assertThat(result.threshold()).isEqualTo(0.15, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void should_not_match_a_bare_metric_name_to_a_run_metric() {
        List<MetricPoint> points = List.of(new MetricPoint("run", "tokens", "default", "d", 10, null));

        assertThatThrownBy(() -> GateEvaluator.evaluate(List.of(GateParser.failUnder("tokens=1")), points, false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("no evaluator reported metric 'tokens'")
                .hasMessageContaining("run.tokens");
    }
}
