package dev.llmops.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.SystemEnv;
import dev.llmops.error.ConfigException;
import dev.llmops.experiment.gate.Gate;
import dev.llmops.secret.SecretMasker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loader reads {@code gates:} into the experiment; an overlay's block replaces the base one. */
class ExperimentGatesLoadingTest {

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
    void should_read_the_gates_of_the_experiment_file() {
        // when
        List<Gate> gates = load(null).gates();

        // then
        assertThat(gates)
                .extracting(Gate::reference, Gate::source)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("accuracy", "experiment.yaml:8:3 gates[0]"),
                        org.assertj.core.groups.Tuple.tuple("quality.f1_score", "experiment.yaml:10:3 gates[1]"));
    }

    @Test
    void should_let_an_overlay_replace_or_clear_the_gates_block() throws Exception {
        // given
        Files.writeString(dir.resolve("experiment.pr.yaml"), "gates:\n- {metric: accuracy, min: 0.5}\n");
        Files.writeString(dir.resolve("experiment.off.yaml"), "gates: []\n");

        // when
        List<Gate> pr = load("pr").gates();
        List<Gate> off = load("off").gates();

        // then
        assertThat(pr).singleElement().satisfies(g -> {
            assertThat(g).isInstanceOf(Gate.MinGate.class);
            assertThat(((Gate.MinGate) g).min()).isEqualTo(0.5);
            assertThat(g.source()).isEqualTo("experiment.pr.yaml:2:3 gates[0]");
        });
        assertThat(off).isEmpty();
    }

    @Test
    void should_keep_the_base_gates_when_the_overlay_has_none() throws Exception {
        // given
        Files.writeString(
                dir.resolve("experiment.dev.yaml"), "datasets:\n- {name: d, source: data.jsonl, mappings: {}}\n");

        // when / then
        assertThat(load("dev").gates()).hasSize(2);
    }

    @Test
    void should_refuse_a_malformed_block_with_file_line_and_column() throws Exception {
        // given
        Files.writeString(dir.resolve("experiment.pr.yaml"), "gates:\n- {metric: accuracy, min: high}\n");

        // when / then
        assertThatThrownBy(() -> load("pr")).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.file().getFileName().toString()).isEqualTo("experiment.pr.yaml");
                    assertThat(p.line()).isEqualTo(2);
                    assertThat(p.column()).isEqualTo(27);
                    assertThat(p.message()).isEqualTo("gates[0].min must be a number");
                }));
    }
}
