package dev.llmops.experiment.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

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

class GateParserTest {

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
        assertThat(gate.better()).isEqualTo(Better.HIGHER);
        assertThat(gate.variants()).isEqualTo(new VariantScope.Best());
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
    void should_reject_an_unknown_run_metric_on_the_command_line() {
        assertThatThrownBy(() -> GateParser.failAbove("run.latency_p99=100", new VariantScope.Best()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("run has no metric 'latency_p99'")
                .hasMessageContaining("latency_p95_ms");
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
                    variant: all
                  - metric: run.latency_p95_ms
                    max: 2000
                  - metric: error_rate
                    max: 0.1
                    variant: summarize.variant_1
                  - metric: hallucination
                    better: lower
                    max_regression: 0.02
                    variant: default
                """);

        // when
        List<Gate> gates = GateParser.block(node, Path.of("uc", "experiment.yaml"));

        // then
        assertThat(gates)
                .extracting(
                        Gate::getClass,
                        Gate::reference,
                        Gate::better,
                        g -> g.variants().describe(),
                        Gate::source)
                .containsExactly(
                        tuple(
                                Gate.MinGate.class,
                                "evaluation.accuracy",
                                Better.HIGHER,
                                "the best variant",
                                "experiment.yaml:2:5 gates[0]"),
                        tuple(
                                Gate.MinGate.class,
                                "f1_score",
                                Better.HIGHER,
                                "every variant",
                                "experiment.yaml:5:5 gates[1]"),
                        tuple(
                                Gate.MaxRegressionGate.class,
                                "f1_score",
                                Better.HIGHER,
                                "every variant",
                                "experiment.yaml:5:5 gates[1]"),
                        tuple(
                                Gate.MaxGate.class,
                                "run.latency_p95_ms",
                                Better.LOWER,
                                "the best variant",
                                "experiment.yaml:9:5 gates[2]"),
                        tuple(
                                Gate.MaxGate.class,
                                "error_rate",
                                Better.LOWER,
                                "variant summarize.variant_1",
                                "experiment.yaml:11:5 gates[3]"),
                        tuple(
                                Gate.MaxRegressionGate.class,
                                "hallucination",
                                Better.LOWER,
                                "the default variant",
                                "experiment.yaml:14:5 gates[4]"));
        assertThat(gates.get(0).location().line()).isEqualTo(2);
    }

    @Test
    void should_report_every_problem_of_a_gates_block_with_its_line_and_column() {
        // given
        YNode node = yaml("""
                gates:
                  - metric: accuracy
                    minimum: 0.8
                  - min: high
                  - metric: f1
                    max_regression: -1
                  - metric: run.latency
                    max: 10
                  - metric: run.cost_usd
                    max_regression: 0.1
                  - metric: accuracy
                    min: 0.9
                    max: 0.8
                    better: up
                """);

        // when / then
        assertThatThrownBy(() -> GateParser.block(node, Path.of("experiment.yaml")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .extracting(Problem::line, Problem::column, Problem::message)
                        .containsExactlyInAnyOrder(
                                tuple(3, 5, "gates[0] has unknown key 'minimum'"),
                                tuple(2, 5, "gates[0] sets none of min, max and max_regression"),
                                tuple(4, 5, "gates[1].metric is missing"),
                                tuple(4, 10, "gates[1].min must be a number"),
                                tuple(6, 5, "gates[2].max_regression must not be negative"),
                                tuple(7, 13, "gates[3]: run has no metric 'latency'"),
                                tuple(10, 5, "gates[4]: run metrics are gated by a limit, not against a baseline"),
                                tuple(12, 5, "gates[5]: min 0.9 is above max 0.8, so no value can pass"),
                                tuple(14, 13, "gates[5].better is 'up', neither higher nor lower")));
    }

    private static YNode yaml(String text) {
        YNode root = YamlReader.parse(Path.of("experiment.yaml"), text).orElseThrow();
        return ((YNode.YMap) root).get("gates");
    }
}
