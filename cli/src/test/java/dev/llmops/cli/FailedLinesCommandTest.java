package dev.llmops.cli;

import static dev.llmops.cli.CliAssert.assertThat;
import static dev.llmops.cli.ExperimentCommandTest.metricsJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failed lines are never silently dropped from metrics: they show as {@code n} and {@code failed} beside each
 * metric, gates count them as failures unless told otherwise, and {@code eval} honours the run's
 * {@code --max-failed-lines}.
 */
class FailedLinesCommandTest {

    @TempDir
    Path dir;

    @BeforeEach
    void useCase() throws Exception {
        Path quiz = QuizUseCase.write(dir.resolve("quiz"), "");
        // The flow fails on the second quiz line, so its evaluations have no result for it.
        Files.writeString(quiz.resolve("flow/Answer.java"), """
                import dev.llmops.tool.Tool;
                import java.util.Map;

                public class Answer {
                    private static final Map<String, String> KNOWN = Map.of(
                            "capital of France", "Paris",
                            "author of Hamlet", "Shakespeare");

                    @Tool
                    public String answer(String question) {
                        if (question.equals("largest planet")) {
                            throw new IllegalStateException("no answer for " + question);
                        }
                        return KNOWN.getOrDefault(question, question);
                    }
                }
                """);
    }

    @Test
    void should_honour_the_runs_max_failed_lines_and_count_failed_lines_in_gates() throws Exception {
        // given: the standard runs allow one failed line
        CliResult ran = CliRun.in(dir).run("run", "-u", "quiz", "--max-failed-lines", "1");
        assertThat(ran)
                .succeeded()
                .outContains("1 line: ")
                .outContains("no answer for largest planet")
                .outContains("(first: line 1, node answer)");

        // when: eval is given no --max-failed-lines of its own
        CliResult evaluated = CliRun.in(dir).run("eval", "-u", "quiz");

        // then: the failed line is allowed, and shown beside every metric
        assertThat(evaluated).succeeded().outContains("n=2, 1 failed");
        JsonNode f1 = f1(metricsJson(dir.resolve("reports")));
        assertThat(f1.get("value").asDouble()).isEqualTo(5.0 / 6, within(1e-9));
        assertThat(f1.get("n").asInt()).isEqualTo(2);
        assertThat(f1.get("failed").asInt()).isEqualTo(1);
        assertThat(f1.get("conservative_value").asDouble()).isEqualTo(5.0 / 9, within(1e-9));
        assertThat(Files.readString(dir.resolve("reports/junit.xml")))
                .contains("type=\"LinesFailed\"")
                .contains("1 of 3 lines failed (first: line 1");

        // and: an explicit --max-failed-lines wins over the run's
        assertThat(CliRun.in(dir).run("eval", "-u", "quiz", "--max-failed-lines", "0"))
                .exitedWith(1)
                .errContains("1 of 3 lines failed");
    }

    @Test
    void should_judge_a_gate_on_the_conservative_value_unless_failed_lines_are_excluded() {
        // given
        assertThat(CliRun.in(dir).run("run", "-u", "quiz", "--max-failed-lines", "1"))
                .succeeded();

        // when: f1 is 0.8333 over the 2 lines with a result, 0.5556 counting the failed one as 0
        CliResult counted = CliRun.in(dir).run("eval", "-u", "quiz", "--fail-under", "overlap.f1_score=0.7");
        CliResult excluded = CliRun.in(dir)
                .run("eval", "-u", "quiz", "--fail-under", "overlap.f1_score=0.7", "--failed-lines", "exclude");

        // then
        assertThat(counted)
                .exitedWith(1)
                .errContains("f1_score of variant default on dataset quiz is 0.5556, below 0.70")
                .errContains("1 failed line counted as failures, 0.8333 over the n=2 lines with a result");
        assertThat(excluded).succeeded().outContains("Gates: 1 of 1 passed.");
    }

    private static JsonNode f1(JsonNode metrics) {
        for (JsonNode e : metrics.get("evaluations")) {
            if (e.get("evaluator").asText().equals("overlap")) {
                return e.at("/metrics/f1_score");
            }
        }
        throw new AssertionError("no overlap evaluation in " + metrics);
    }
}
