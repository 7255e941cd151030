package dev.llmops.eval.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.error.ConfigException;
import dev.llmops.error.Problem;
import dev.llmops.yaml.YNode;
import dev.llmops.yaml.YamlReader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GateTest {

    private static final List<MetricPoint> POINTS = List.of(
            new MetricPoint("evaluation", "accuracy", "summarize.variant_0", "web_train", 0.85, 0.86),
            new MetricPoint("evaluation", "accuracy", "summarize.variant_1", "web_train", 0.62, 0.80),
            new MetricPoint("evaluation_adv", "accuracy", "summarize.variant_0", "web_train_new", 0.9, null),
            new MetricPoint("evaluation_adv", "precision", "summarize.variant_0", "web_train_new", 0.7, null));

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "accuracy=0.8             |            | accuracy   | 0.8",
                "evaluation.accuracy=0.8  | evaluation | accuracy   | 0.8",
                " f1_score = 0.5          |            | f1_score   | 0.5",
                "rouge.rouge_f1_score=1e-1 | rouge     | rouge_f1_score | 0.1",
            })
    void should_parse_fail_under(String argument, String evaluator, String metric, double min) {
        // when
        Gate.MinGate gate = GateParser.failUnder(argument.strip());

        // then
        assertThat(gate.evaluator()).isEqualTo(evaluator);
        assertThat(gate.metric()).isEqualTo(metric);
        assertThat(gate.min()).isEqualTo(min);
        assertThat(gate.source()).isEqualTo("--fail-under " + argument.strip());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"accuracy", "accuracy=", "=0.8", "accuracy=high", ".accuracy=0.8", "accuracy=NaN"})
    void should_reject_malformed_fail_under(String argument) {
        assertThatThrownBy(() -> GateParser.failUnder(argument))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--fail-under '" + argument + "'")
                .hasMessageContaining("--fail-under accuracy=0.8");
    }

    @Test
    void should_reject_a_negative_allowed_regression() {
        assertThatThrownBy(() -> GateParser.maxRegression("accuracy=-0.1"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("must not be negative");
    }

    @Test
    void should_report_every_failing_variant_with_value_and_threshold() {
        // given
        List<Gate> gates = List.of(GateParser.failUnder("evaluation.accuracy=0.8"));

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
        List<Gate> gates = List.of(GateParser.maxRegression("evaluation.accuracy=0.05"));

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
    void should_read_a_gates_block() {
        // given
        YNode node = yaml("""
                gates:
                  - metric: accuracy
                    evaluator: evaluation
                    min: 0.8
                  - metric: f1_score
                    min: 0.5
                    max_regression: 0.05
                """);

        // when
        List<Gate> gates = GateParser.block(node, Path.of("uc", "experiment.yaml"));

        // then
        assertThat(gates)
                .containsExactly(
                        new Gate.MinGate("evaluation", "accuracy", 0.8, "experiment.yaml:2 gates[0]"),
                        new Gate.MinGate(null, "f1_score", 0.5, "experiment.yaml:5 gates[1]"),
                        new Gate.MaxRegressionGate(null, "f1_score", 0.05, "experiment.yaml:5 gates[1]"));
    }

    @Test
    void should_report_every_problem_of_a_gates_block_with_its_line() {
        // given
        YNode node = yaml("""
                gates:
                  - metric: accuracy
                    minimum: 0.8
                  - min: high
                  - metric: f1
                    max_regression: -1
                """);

        // when / then
        assertThatThrownBy(() -> GateParser.block(node, Path.of("experiment.yaml")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .extracting(Problem::line, Problem::message)
                        .containsExactlyInAnyOrder(
                                org.assertj.core.groups.Tuple.tuple(3, "gates[0] has unknown key 'minimum'"),
                                org.assertj.core.groups.Tuple.tuple(2, "gates[0] sets neither min nor max_regression"),
                                org.assertj.core.groups.Tuple.tuple(4, "gates[1].metric is missing"),
                                org.assertj.core.groups.Tuple.tuple(4, "gates[1].min must be a number"),
                                org.assertj.core.groups.Tuple.tuple(
                                        6, "gates[2].max_regression must not be negative")));
    }

    private static YNode yaml(String text) {
        YNode root = YamlReader.parse(Path.of("experiment.yaml"), text).orElseThrow();
        return ((YNode.YMap) root).get("gates");
    }
}
