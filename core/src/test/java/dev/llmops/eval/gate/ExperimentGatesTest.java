package dev.llmops.eval.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.SystemEnv;
import dev.llmops.error.ConfigException;
import dev.llmops.experiment.Experiment;
import dev.llmops.experiment.ExperimentLoader;
import dev.llmops.experiment.ExperimentRequest;
import dev.llmops.secret.SecretMasker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentGatesTest {

    @TempDir
    Path dir;

    @BeforeEach
    void experiment() throws Exception {
        Files.createDirectories(dir.resolve("flow"));
        Files.writeString(dir.resolve("data.jsonl"), "{\"q\": 1}\n");
        Files.writeString(dir.resolve("experiment.yaml"), """
                name: demo
                flow: flow
                datasets:
                - name: d
                  source: data.jsonl
                  mappings: {}
                gates:
                - metric: accuracy
                  min: 0.8
                - metric: f1_score
                  evaluator: quality
                  max_regression: 0.05
                """);
    }

    private Experiment load(String env) {
        return new ExperimentLoader()
                .load(
                        new ExperimentRequest(dir, env, "experiment.yaml", false),
                        new SystemEnv(Map.of(), dir),
                        new SecretMasker())
                .experiment();
    }

    @Test
    void should_read_the_gates_of_the_experiment_file_then_the_command_line() {
        // when
        List<Gate> gates = ExperimentGates.combined(load(null), List.of("quality.bleu_score=0.3"), List.of());

        // then
        assertThat(gates)
                .containsExactly(
                        new Gate.MinGate(null, "accuracy", 0.8, "experiment.yaml:8 gates[0]"),
                        new Gate.MaxRegressionGate("quality", "f1_score", 0.05, "experiment.yaml:10 gates[1]"),
                        new Gate.MinGate("quality", "bleu_score", 0.3, "--fail-under quality.bleu_score=0.3"));
    }

    @Test
    void should_let_an_overlay_replace_the_gates_block() throws Exception {
        // given
        Files.writeString(dir.resolve("experiment.pr.yaml"), "gates:\n- {metric: accuracy, min: 0.5}\n");

        // when
        List<Gate> gates = ExperimentGates.of(load("pr"));

        // then
        assertThat(gates).containsExactly(new Gate.MinGate(null, "accuracy", 0.5, "experiment.pr.yaml:2 gates[0]"));
    }

    @Test
    void should_keep_the_base_gates_when_the_overlay_has_none() throws Exception {
        // given
        Files.writeString(
                dir.resolve("experiment.dev.yaml"), "datasets:\n- {name: d, source: data.jsonl, mappings: {}}\n");

        // when
        List<Gate> gates = ExperimentGates.of(load("dev"));

        // then
        assertThat(gates).hasSize(2);
    }

    @Test
    void should_report_a_malformed_block_with_its_line() throws Exception {
        // given
        Files.writeString(dir.resolve("experiment.pr.yaml"), "gates:\n- {metric: accuracy, min: high}\n");

        // when / then
        assertThatThrownBy(() -> ExperimentGates.of(load("pr")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("experiment.pr.yaml:2");
    }
}
