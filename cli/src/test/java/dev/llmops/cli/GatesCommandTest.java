package dev.llmops.cli;

import static dev.llmops.cli.CliAssert.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gates as part of the experiment model: {@code validate} checks them against the metrics the evaluators log, the
 * report judges the best variant by default (or all, the default one, a named one) and lower-is-better metrics.
 * Runs the shipped web classification use case offline: variant_0 scores accuracy 0.6667, variant_1 0.8333.
 */
class GatesCommandTest {

    @TempDir
    Path dir;

    private Path web() {
        return ShippedUseCases.copy("web_classification", dir.resolve("web"));
    }

    private static void gates(Path useCase, String yaml) throws IOException {
        Files.writeString(useCase.resolve("experiment.yaml"), "\ngates:\n" + yaml, StandardOpenOption.APPEND);
    }

    @Test
    void should_reject_a_gate_on_a_metric_no_evaluator_logs_in_validate_with_its_location() throws Exception {
        // given: the experiment file has 51 lines; the gate entry starts on line 54
        Path web = web();
        gates(web, "- metric: acuracy\n  min: 0.8\n");

        // when
        CliResult result = CliRun.in(dir).run("validate", "-u", "web", "-e", "offline");

        // then
        assertThat(result)
                .exitedWith(2)
                .errContains("experiment.yaml:" + (lines(web) - 1) + ":3")
                .errContains("no evaluator logs metric 'acuracy'")
                .errContains("did you mean 'accuracy'?")
                .errContains("web_classification_flow_adv: ")
                .errContains("precision_*");
    }

    @Test
    void should_accept_gates_on_logged_prefixed_and_run_metrics_in_validate() throws Exception {
        // given: accuracy is logged literally, precision_<category> through an f-string
        Path web = web();
        gates(web, """
                - {metric: accuracy, evaluator: web_classification_flow, min: 0.5}
                - {metric: precision_recipe, min: 0.1}
                - {metric: run.latency_p95_ms, max: 60000}
                - {metric: accuracy, min: 0.5, variant: summarize_text_content.variant_1}
                """);

        // when
        CliResult result = CliRun.in(dir).run("validate", "-u", "web", "-e", "offline");

        // then
        assertThat(result).succeeded().errDoesNotContain("gates[");
    }

    @Test
    void should_reject_unknown_evaluators_variants_and_ambiguous_metrics_in_validate() throws Exception {
        // given
        Path web = web();
        gates(web, """
                - {metric: accuracy, evaluator: web_classification_flw, min: 0.5}
                - {metric: accuracy, min: 0.5, variant: summarize_text_content.variant_7}
                - {metric: latency_p95_ms, max: 100}
                """);

        // when
        CliResult result = CliRun.in(dir).run("validate", "-u", "web", "-e", "offline");

        // then
        assertThat(result)
                .exitedWith(2)
                .errContains("gates[0]: evaluator 'web_classification_flw' is not one of the experiment's")
                .errContains("did you mean 'web_classification_flow'?")
                .errContains("gates[1]: variant 'summarize_text_content.variant_7' is not a variant of the flow")
                .errContains("web/experiment.yaml:" + lines(web) + ":3: error: gates[2]")
                .errContains("gates[2]: no evaluator logs metric 'latency_p95_ms'")
                .errContains("did you mean run.latency_p95_ms?");
    }

    @Test
    void should_reject_evaluator_gates_in_an_env_that_switches_evaluation_off() throws Exception {
        // given: the pr overlay has evaluators: (empty) but keeps the base gates
        Path web = web();
        gates(web, "- {metric: accuracy, evaluator: web_classification_flow, min: 0.5}\n");

        // when
        CliResult result = CliRun.in(dir).run("validate", "-u", "web", "-e", "pr");

        // then
        assertThat(result)
                .exitedWith(2)
                .errContains("can never be judged: the experiment in env pr has no evaluators")
                .errContains("add gates: [] to the overlay");
    }

    @Test
    void should_stop_an_experiment_with_a_mistyped_command_line_gate_before_any_run() throws Exception {
        // given
        Path web = web();

        // when
        CliResult result =
                CliRun.in(dir).run("experiment", "-u", "web", "-e", "offline", "--fail-under", "acuracy=0.8");

        // then
        assertThat(result)
                .exitedWith(2)
                .errContains("--fail-under acuracy=0.8: no evaluator logs metric 'acuracy'")
                .outDoesNotContain("planned runs");
        org.assertj.core.api.Assertions.assertThat(web.resolve(".llmops")).doesNotExist();
    }

    @Test
    void should_judge_the_best_variant_by_default_and_every_variant_when_asked() throws Exception {
        // given: variant_1 reaches 0.8, the default variant_0 does not
        Path web = web();
        gates(web, """
                - {metric: accuracy, evaluator: web_classification_flow, min: 0.8}
                - {metric: run.failed_lines, max: 0}
                """);

        // when
        CliResult experiment = CliRun.in(dir).run("experiment", "-u", "web", "-e", "offline", "--variants", "all");
        CliResult all = CliRun.in(dir)
                .run("report", "-u", "web", "-e", "offline", "--fail-under", "accuracy=0.8", "--gate-variants", "all");
        CliResult fast =
                CliRun.in(dir).run("report", "-u", "web", "-e", "offline", "--fail-above", "run.latency_p95_ms=0.001");

        // then
        assertThat(experiment).succeeded().outContains("Gates: 3 of 3 passed.");
        assertThat(all)
                .exitedWith(1)
                .errContains("gate failed: accuracy of variant summarize_text_content.variant_0 on dataset"
                        + " web_classification_train is 0.6667, below 0.80 (--fail-under accuracy=0.8)")
                .errDoesNotContain("variant summarize_text_content.variant_1 on dataset web_classification_train is");
        assertThat(fast)
                .exitedWith(1)
                .errContains("gate failed: run.latency_p95_ms of variant ")
                .errContains("(the best of 2)")
                .errContains(", above 0.00");
    }

    private static int lines(Path useCase) throws IOException {
        return Files.readAllLines(useCase.resolve("experiment.yaml")).size();
    }
}
