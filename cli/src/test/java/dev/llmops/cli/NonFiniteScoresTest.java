package dev.llmops.cli;

import static dev.llmops.cli.CliAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A python tool returning {@code float('nan')} or infinities (the template's post-production evaluation does, via
 * {@code np.nan}): the values reach python and java aggregation as floats and are stored as Python's json writes
 * them.
 */
class NonFiniteScoresTest {

    @TempDir
    Path dir;

    @BeforeEach
    void writeUseCase() throws IOException {
        Files.writeString(dir.resolve("experiment.yaml"), """
                name: scores
                flow: flow
                datasets:
                - name: prod
                  source: data.jsonl
                  mappings:
                    raw: ${data.raw}
                """);
        Files.writeString(dir.resolve("data.jsonl"), """
                {"raw": "0.5"}
                {"raw": "nan"}
                {"raw": "1.0"}
                {"raw": "inf"}
                {"raw": "-inf"}
                """);
        Path flow = Files.createDirectories(dir.resolve("flow"));
        Files.writeString(flow.resolve("flow.dag.yaml"), """
                inputs:
                  raw:
                    type: string
                outputs:
                  score:
                    type: double
                    reference: ${score.output}
                nodes:
                - name: score
                  type: python
                  source: {type: code, path: score.py}
                  inputs: {raw: "${inputs.raw}"}
                - name: average
                  type: python
                  source: {type: code, path: average.py}
                  aggregation: true
                  inputs: {scores: "${score.output}"}
                - name: count
                  type: java
                  source: {type: code, path: Count.java}
                  aggregation: true
                  inputs: {scores: "${score.output}"}
                """);
        Files.writeString(flow.resolve("score.py"), """
                from promptflow import tool

                @tool
                def score(raw: str) -> float:
                    return float(raw)
                """);
        // np.nanmean when numpy is there (as in the template), else the same contract with statistics.
        Files.writeString(flow.resolve("average.py"), """
                import math
                import statistics
                from promptflow import tool, log_metric
                try:
                    from numpy import nanmean
                except ImportError:
                    def nanmean(xs):
                        return statistics.fmean([x for x in xs if not math.isnan(x)])

                @tool
                def average(scores: list):
                    for s in scores:
                        if not isinstance(s, float):
                            raise TypeError("score %r is a %s, not a float" % (s, type(s).__name__))
                    finite_or_nan = [s for s in scores if not math.isinf(s)]
                    log_metric("average_score", round(float(nanmean(finite_or_nan)), 2))
                    log_metric("nan_count", sum(1 for s in scores if math.isnan(s)))
                    log_metric("max_score", max(s for s in scores if not math.isnan(s)))
                    log_metric("undefined", float("nan"))
                    return len(scores)
                """);
        Files.writeString(flow.resolve("Count.java"), """
                import dev.llmops.tool.MetricLogger;
                import dev.llmops.tool.Tool;
                import java.util.List;

                public class Count {
                    @Tool
                    public static long count(List<Double> scores, MetricLogger metrics) {
                        metrics.log("java_nan", scores.stream().filter(d -> d.isNaN()).count());
                        metrics.log("java_negative_infinite", scores.stream().filter(d -> d == Double.NEGATIVE_INFINITY).count());
                        return scores.size();
                    }
                }
                """);
    }

    @Test
    void should_hand_nan_and_infinities_to_python_and_java_aggregation_as_floats() throws IOException {
        // when
        CliResult result = CliRun.in(dir).run("run", "-u", ".");

        // then: the run completed with the template's metric, and java saw doubles too
        assertThat(result).succeeded().outContains("Completed");
        Path run = onlyRun();
        String metrics = Files.readString(run.resolve("metrics.json"));
        assertThat(metrics)
                .contains("\"average_score\" : 0.75")
                .contains("\"nan_count\" : 1")
                .contains("\"max_score\" : Infinity")
                .contains("\"undefined\" : NaN")
                .contains("\"java_nan\" : 1")
                .contains("\"java_negative_infinite\" : 1");
        // stored as Python's json.dumps writes them: bare tokens, never the strings "NaN" or "Infinity"
        List<String> outputs = Files.readAllLines(run.resolve("outputs.jsonl"));
        assertThat(String.join("\n", outputs))
                .contains("\"score\":NaN")
                .contains("\"score\":Infinity")
                .contains("\"score\":-Infinity")
                .doesNotContain("\"NaN\"")
                .doesNotContain("\"Infinity\"");
    }

    @Test
    void should_show_non_finite_metrics_of_a_stored_run() {
        // given
        assertThat(CliRun.in(dir).run("run", "-u", ".")).succeeded();

        // when
        CliResult shown = CliRun.in(dir).run("runs", "show", "latest", "-u", ".");

        // then
        assertThat(shown).succeeded().outContains("metric max_score: Infinity").outContains("metric undefined: NaN");
    }

    private Path onlyRun() throws IOException {
        try (Stream<Path> runs = Files.list(dir.resolve(".llmops/runs"))) {
            List<Path> all = runs.toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }
}
