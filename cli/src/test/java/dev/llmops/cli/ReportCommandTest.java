package dev.llmops.cli;

import static dev.llmops.cli.CliAssert.assertThat;
import static dev.llmops.cli.ExperimentCommandTest.evaluation;
import static dev.llmops.cli.ExperimentCommandTest.metricsJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code llmops report}: reports from stored runs, without any model; baselines and regression gates. */
class ReportCommandTest {

    @TempDir
    Path dir;

    @Test
    void should_rerender_reports_without_calling_a_model() throws Exception {
        // given: an offline experiment, then its recorded model answers removed
        Path ner = ShippedUseCases.copy("named_entity_recognition", dir.resolve("ner"));
        assertThat(CliRun.in(dir).run("experiment", "-u", "ner", "-e", "offline"))
                .succeeded();
        deleteTree(ner.resolve("recordings"));

        // when
        CliResult result =
                CliRun.in(dir).run("report", "-u", "ner", "-e", "offline", "--runs", "latest", "--report-dir", "again");

        // then: the same numbers as the first report
        assertThat(result).succeeded().outContains("named_entity_recognition_result.html");
        JsonNode first = evaluation(metricsJson(dir.resolve("reports")), "matcher", "default");
        JsonNode again = evaluation(metricsJson(dir.resolve("again")), "matcher", "default");
        assertThat(again.path("metrics")).isEqualTo(first.path("metrics"));
        assertThat(again.path("eval_run").asText())
                .isEqualTo(first.path("eval_run").asText());
    }

    @Test
    void should_show_deltas_against_a_baseline_and_fail_a_regression_gate() throws Exception {
        // given: a first experiment, then a worse answer for line 1
        Path quiz = QuizUseCase.write(dir.resolve("quiz"), "");
        assertThat(CliRun.in(dir).run("experiment", "-u", "quiz", "--report-dir", "before"))
                .succeeded();
        Path answer = quiz.resolve("flow").resolve("Answer.java");
        Files.writeString(answer, Files.readString(answer).replace("\"Jupiter\"", "\"Saturn\""));
        assertThat(CliRun.in(dir).run("experiment", "-u", "quiz", "--report-dir", "after"))
                .succeeded();

        // when
        CliResult result = CliRun.in(dir)
                .run(
                        "report",
                        "-u",
                        "quiz",
                        "--baseline",
                        "before",
                        "--max-regression",
                        "exact.exact_match=0.1",
                        "--report-dir",
                        "compared");

        // then: exact_match fell from 2/3 to 1/3
        assertThat(result).exitedWith(1).errContains("gate failed: exact_match of variant default on dataset quiz");
        JsonNode exact = evaluation(metricsJson(dir.resolve("compared")), "exact", "default")
                .path("metrics")
                .path("exact_match");
        assertThat(exact.path("baseline").asDouble()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(exact.path("baseline_delta").asDouble()).isCloseTo(-1.0 / 3, within(1e-12));
        assertThat(exact.path("regressed").asBoolean()).isTrue();
    }

    @Test
    void should_take_a_run_as_baseline() throws Exception {
        // given
        Path quiz = QuizUseCase.write(dir.resolve("quiz"), "");
        CliRun.in(dir).run("experiment", "-u", "quiz", "--output-file", "first.json");
        String firstRun = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(dir.resolve("first.json").toFile())
                .get(0)
                .asText();
        CliRun.in(dir).run("experiment", "-u", "quiz");

        // when
        CliResult result = CliRun.in(dir).run("report", "-u", "quiz", "--baseline", firstRun);

        // then: unchanged flow, unchanged metrics
        assertThat(result).succeeded();
        JsonNode metrics = metricsJson(dir.resolve("reports"));
        assertThat(metrics.path("baseline").asText()).isEqualTo("run " + firstRun);
        assertThat(evaluation(metrics, "overlap", "default")
                        .path("metrics")
                        .path("f1_score")
                        .path("baseline_delta")
                        .asDouble())
                .isZero();
        assertThat(quiz.resolve(".llmops")).isDirectory();
    }

    @Test
    void should_report_the_newest_evaluation_of_the_latest_standard_runs() throws Exception {
        // given: one run evaluated twice; 'latest' must skip over the evaluation runs to the standard batch
        Path quiz = QuizUseCase.write(dir.resolve("quiz"), "");
        assertThat(CliRun.in(dir).run("run", "-u", "quiz")).succeeded();
        assertThat(CliRun.in(dir).run("eval", "-u", "quiz", "--no-report")).succeeded();
        assertThat(CliRun.in(dir).run("eval", "-u", "quiz", "--no-report")).succeeded();
        String newest = ExperimentCommandTest.runs(quiz, "evaluation").stream()
                .filter(r -> r.path("tags").path("evaluator").asText().equals("exact"))
                .max(Comparator.comparing(r -> r.path("created").asText()))
                .orElseThrow()
                .path("name")
                .asText();

        // when
        CliResult result = CliRun.in(dir).run("report", "-u", "quiz", "--runs", "latest");

        // then
        assertThat(result).succeeded();
        assertThat(evaluation(metricsJson(dir.resolve("reports")), "exact", "default")
                        .path("eval_run")
                        .asText())
                .isEqualTo(newest);
        assertThat(ExperimentCommandTest.runs(quiz, "evaluation")).hasSize(6);
    }

    @Test
    void should_say_how_to_get_evaluations_when_a_run_has_none() throws Exception {
        // given
        QuizUseCase.write(dir.resolve("quiz"), "");
        assertThat(CliRun.in(dir).run("run", "-u", "quiz")).succeeded();

        // when
        CliResult result = CliRun.in(dir).run("report", "-u", "quiz");

        // then
        assertThat(result)
                .exitedWith(3)
                .errContains("has a finished evaluation run")
                .errContains("llmops eval");
    }

    @Test
    void should_reject_a_baseline_that_does_not_exist() throws Exception {
        // given
        QuizUseCase.write(dir.resolve("quiz"), "");

        // when
        CliResult result = CliRun.in(dir).run("report", "-u", "quiz", "--baseline", "nowhere");

        // then
        assertThat(result).exitedWith(2).errContains("--baseline nowhere is neither a report directory");
    }

    private static void deleteTree(Path root) throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
