package dev.llmops.cli;

import static dev.llmops.cli.CliAssert.assertThat;
import static dev.llmops.cli.ExperimentCommandTest.metric;
import static dev.llmops.cli.ExperimentCommandTest.metricsJson;
import static dev.llmops.cli.ExperimentCommandTest.runs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** {@code llmops eval} end to end: evaluator matching, alignment, gates, CI outputs. */
class EvalCommandTest {

    @TempDir
    Path dir;

    private Path quiz;

    @BeforeEach
    void useCase() throws Exception {
        quiz = QuizUseCase.write(dir.resolve("quiz"), "");
    }

    private CliResult runStandard() {
        CliResult run = CliRun.in(dir).run("run", "-u", "quiz", "--output-file", "ids.json");
        assertThat(run).succeeded();
        return run;
    }

    @Test
    void should_evaluate_each_run_with_every_evaluator_whose_dataset_names_or_references_it() throws Exception {
        // given
        runStandard();

        // when
        CliResult result = CliRun.in(dir).run("eval", "-u", "quiz", "--runs", "latest");

        // then: quiz is evaluated by 'exact' (same name) and 'overlap' (reference); other by 'other_exact' only
        assertThat(result).succeeded();
        List<JsonNode> evaluations = runs(quiz, "evaluation");
        assertThat(evaluations)
                .extracting(r -> r.path("tags").path("evaluator").asText() + "@"
                        + r.path("tags").path("standard_dataset").asText())
                .containsExactlyInAnyOrder("exact@quiz", "overlap@quiz", "other_exact@other");
        assertThat(evaluations)
                .allSatisfy(r -> assertThat(r.path("tags").path("standard_run").asText())
                        .startsWith("quiz_default_"
                                + r.path("tags").path("standard_dataset").asText() + "_"));
        JsonNode metrics = metricsJson(dir.resolve("reports"));
        // 2 of 3 answers equal the truth exactly; f1 per line 1, 1, 2/3
        assertThat(metric(metrics, "exact", "default", "exact_match")).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(metric(metrics, "overlap", "default", "f1_score")).isCloseTo((1 + 1 + 2.0 / 3) / 3, within(1e-12));
        assertThat(metric(metrics, "other_exact", "default", "exact_match")).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void should_read_the_templates_run_id_file() throws Exception {
        // given: the template's run_id.txt is a Python list literal
        runStandard();
        String ids = Files.readString(dir.resolve("ids.json")).replace('"', '\'');
        Files.writeString(dir.resolve("run_id.txt"), ids);

        // when
        CliResult result = CliRun.in(dir).run("eval", "-u", "quiz", "--run_id", "run_id.txt", "--no-report");

        // then
        assertThat(result).succeeded();
        assertThat(runs(quiz, "evaluation")).hasSize(3);
        assertThat(dir.resolve("reports")).doesNotExist();
    }

    @Test
    void should_refuse_evaluation_data_whose_line_count_differs_from_the_run() throws Exception {
        // given
        runStandard();
        Files.writeString(quiz.resolve("quiz_truth.jsonl"), "{\"truth\": \"Paris\"}\n{\"truth\": \"Jupiter\"}\n");

        // when
        CliResult result = CliRun.in(dir).run("eval", "-u", "quiz");

        // then: both files are named, nothing was evaluated
        assertThat(result)
                .exitedWith(2)
                .errContains(
                        "evaluator 'overlap': evaluation data " + quiz.resolve("quiz_truth.jsonl") + " has 2 lines")
                .errContains("ran 3 lines of " + quiz.resolve("quiz.jsonl"));
        assertThat(runs(quiz, "evaluation")).isEmpty();
    }

    @Test
    void should_fail_a_gate_after_writing_every_report() throws Exception {
        // given
        runStandard();

        // when
        CliResult result = CliRun.in(dir)
                .env("GITHUB_STEP_SUMMARY", dir.resolve("summary.md").toString())
                .env("TF_BUILD", "True")
                .run("eval", "-u", "quiz", "--fail-under", "exact.exact_match=0.9", "--fail-under", "f1_score=0.5");

        // then
        assertThat(result)
                .exitedWith(1)
                .errContains("gate failed: exact_match of variant default on dataset quiz is 0.6667, below 0.90"
                        + " (--fail-under exact.exact_match=0.9)")
                .errDoesNotContain("f1_score of variant");
        assertThat(result.out())
                .contains("Gates: 1 of 2 passed.")
                .contains("##vso[task.logissue type=error]gate failed: exact_match of variant default");
        Document junit = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(dir.resolve("reports").resolve("junit.xml").toFile());
        assertThat(junit.getElementsByTagName("failure").getLength()).isEqualTo(1);
        assertThat(dir.resolve("reports").resolve("quiz_result.html")).exists();
        String summary = Files.readString(dir.resolve("summary.md"), StandardCharsets.UTF_8);
        assertThat(summary).contains("exact_match").contains("gate failed");
    }

    @Test
    void should_apply_the_gates_block_of_the_experiment() throws Exception {
        // given
        QuizUseCase.write(quiz, """
                gates:
                - metric: exact_match
                  evaluator: other_exact
                  min: 0.75
                """);
        runStandard();

        // when
        CliResult result = CliRun.in(dir).run("eval", "-u", "quiz");

        // then
        assertThat(result)
                .exitedWith(1)
                .errContains("gate failed: exact_match of variant default on dataset other is 0.50, below 0.75")
                .errContains("experiment.yaml:");
    }

    @Test
    void should_report_a_malformed_gates_block_with_its_line() throws Exception {
        // given
        QuizUseCase.write(quiz, """
                gates:
                - metric: exact_match
                  minimum: 0.75
                """);

        // when: gates are part of the experiment, so even the standard run refuses it before any line
        CliResult result = CliRun.in(dir).run("run", "-u", "quiz");

        // then
        assertThat(result)
                .exitedWith(2)
                .errContains("quiz/experiment.yaml:")
                .errContains(":3: error: gates[0] has unknown key 'minimum'");
    }

    @Test
    void should_escape_model_output_in_the_html_report() throws Exception {
        // given: the flow echoes unknown questions, one of which is a script tag
        runStandard();

        // when
        CliResult result = CliRun.in(dir).run("eval", "-u", "quiz");

        // then
        assertThat(result).succeeded();
        String html = Files.readString(dir.resolve("reports").resolve("other_exact_result.html"));
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>alert(1)");
    }
}
