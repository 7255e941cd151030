package dev.llmops.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoggedMetricsTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "log_metric(\"accuracy\", value)                 | accuracy          |",
                "metrics = {'error_rate': round(x, 4)}          | error_rate        |",
                "log_metric(f\"precision_{key}\", v)             |                   | precision_",
                "metrics.put(\"recall_\" + label, v);           | recall_           | recall_",
                "name = '{}_score'.format(kind)                 |                   |",
                "\"\"\"Aggregation: accuracy over lines.\"\"\"      |                   |",
                "# it's the mean  \"accuracy\"                   | accuracy          |",
            })
    void should_read_metric_names_and_prefixes_from_string_literals(String source, String name, String prefix) {
        // given
        Set<String> names = new LinkedHashSet<>();
        Set<String> prefixes = new LinkedHashSet<>();

        // when
        LoggedMetrics.literals(source, names, prefixes);

        // then
        assertThat(names).isEqualTo(name == null ? Set.of() : Set.of(name));
        assertThat(prefixes).isEqualTo(prefix == null ? Set.of() : Set.of(prefix));
    }

    @Test
    void should_know_that_a_flow_without_aggregation_logs_nothing_and_a_folder_of_eval_files_is_unknown()
            throws Exception {
        // given
        Path plain = Files.createDirectories(dir.resolve("plain"));
        Files.writeString(plain.resolve("flow.dag.yaml"), """
                inputs: {x: {type: string}}
                outputs: {y: {type: string, reference: "${echo.output}"}}
                nodes:
                - name: echo
                  type: python
                  source: {type: code, path: echo.py}
                  inputs: {x: "${inputs.x}"}
                """);
        Files.writeString(plain.resolve("echo.py"), "def echo(x):\n    return {'accuracy': 1}\n");
        Path pure = Files.createDirectories(dir.resolve("pure"));
        Files.writeString(pure.resolve("eval_quality.py"), "def evaluate():\n    return {'accuracy': 1}\n");

        // when
        LoggedMetrics none = LoggedMetrics.of(new Evaluator("plain", "plain", List.of()), dir);
        LoggedMetrics unknown = LoggedMetrics.of(new Evaluator("pure", "pure", List.of()), dir);
        LoggedMetrics builtin = LoggedMetrics.of(new Evaluator("b", "builtin:rougeL", List.of()), dir);

        // then
        assertThat(none.known()).isTrue();
        assertThat(none.mayLog("accuracy")).isFalse();
        assertThat(unknown.mayLog("anything")).isTrue();
        assertThat(builtin.names()).containsExactlyInAnyOrder("rouge_f1_score", "rouge_precision", "rouge_recall");
        assertThat(builtin.mayLog("rougeL")).isFalse();
    }
}
