package dev.llmops.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.SystemEnv;
import dev.llmops.error.ConfigException;
import dev.llmops.error.RunFailedException;
import dev.llmops.experiment.gate.GateParser;
import dev.llmops.experiment.gate.VariantScope;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportServiceTest {

    @TempDir
    Path dir;

    private ReportService service(Map<String, String> vars, StringWriter out) {
        return new ReportService(new SystemEnv(vars, dir), new PrintWriter(out));
    }

    @Test
    void should_write_every_report_before_failing_on_gates() {
        // given
        Path reports = dir.resolve("out/reports");
        ReportRequest request = new ReportRequest(
                Reports.webClassification(),
                reports,
                List.of(GateParser.failUnder("evaluation.accuracy=0.8", new VariantScope.All())),
                Optional.empty());

        // when
        ReportOutcome outcome = service(Map.of(), new StringWriter()).publish(request);

        // then
        assertThat(reports.resolve("metrics.json")).exists();
        assertThat(reports.resolve("junit.xml")).exists();
        assertThat(reports.resolve("web_classification_result.html")).exists();
        assertThat(reports.resolve("evaluation_adv_metrics.csv")).exists();
        assertThat(outcome.files()).hasSize(14);
        assertThat(outcome.failedGates()).singleElement().satisfies(g -> assertThat(g.variant())
                .isEqualTo(Reports.OTHER));
        assertThatThrownBy(outcome::requireGatesPassed)
                .isInstanceOf(RunFailedException.class)
                .hasMessage("gate failed: accuracy of variant " + Reports.OTHER
                        + " on dataset web_classification_train is 0.60, below 0.80 (--fail-under"
                        + " evaluation.accuracy=0.8, 1 failed line counted as failures, 0.6316 over the n=19"
                        + " lines with a result)");
    }

    @Test
    void should_judge_gates_on_the_conservative_value_unless_failed_lines_are_left_out() {
        // given: variant 1 scored 12 of 19 lines (0.6316) and one line has no result (0.60 counting it)
        List<dev.llmops.experiment.gate.Gate> gates =
                List.of(GateParser.failUnder("evaluation.accuracy=0.62", new VariantScope.All()));

        // when
        ReportOutcome counted = service(Map.of(), new StringWriter())
                .publish(new ReportRequest(Reports.webClassification(), dir.resolve("a"), gates, Optional.empty()));
        ReportOutcome leftOut = service(Map.of(), new StringWriter())
                .publish(new ReportRequest(
                        Reports.webClassification(), dir.resolve("b"), gates, Optional.empty(), false));

        // then
        assertThat(counted.failedGates()).singleElement().satisfies(g -> {
            assertThat(g.variant()).isEqualTo(Reports.OTHER);
            assertThat(g.value()).isEqualTo(0.6, org.assertj.core.api.Assertions.within(1e-9));
        });
        assertThat(leftOut.failedGates()).isEmpty();
        assertThat(leftOut.model().gates())
                .filteredOn(g -> g.variant().equals(Reports.OTHER))
                .singleElement()
                .satisfies(g -> assertThat(g.message()).contains("n=19, 1 failed line left out"));
    }

    @Test
    void should_show_n_and_failed_beside_every_metric() throws Exception {
        // when
        service(Map.of(), new StringWriter())
                .publish(new ReportRequest(Reports.webClassification(), dir, List.of(), Optional.empty()));

        // then: metrics.json, the CSV, the HTML page and the console all carry n and failed
        com.fasterxml.jackson.databind.JsonNode metrics = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(dir.resolve("metrics.json").toFile());
        com.fasterxml.jackson.databind.JsonNode other =
                metrics.get("evaluations").get(1).at("/metrics/accuracy");
        assertThat(other.get("n").asInt()).isEqualTo(19);
        assertThat(other.get("failed").asInt()).isEqualTo(1);
        assertThat(other.get("conservative_value").asDouble())
                .isEqualTo(0.6, org.assertj.core.api.Assertions.within(1e-9));
        List<String> csv = Files.readAllLines(dir.resolve("evaluation_metrics.csv"));
        assertThat(csv.get(0)).contains("accuracy_n", "accuracy_failed");
        assertThat(Files.readString(dir.resolve("web_classification_result.html")))
                .contains("n=19")
                .contains("1 failed</span>");
        assertThat(ConsoleSummary.render(Reports.webClassification()))
                .contains("n=19, 1 failed")
                .contains("n=9, 1 failed");
    }

    @Test
    void should_pass_when_all_gates_hold() {
        // given
        ReportRequest request = new ReportRequest(
                Reports.webClassification(),
                dir,
                List.of(GateParser.failUnder("evaluation.accuracy=0.6", new VariantScope.All())),
                Optional.empty());

        // when
        ReportOutcome outcome =
                service(Map.of("TF_BUILD", "True"), new StringWriter()).publish(request);

        // then
        assertThat(outcome.model().gates()).hasSize(2).allMatch(g -> g.passed());
        outcome.requireGatesPassed();
    }

    @Test
    void should_fail_regression_gates_against_a_loaded_baseline() throws Exception {
        // given: an earlier report of the same runs, then a baseline where the default variant was better
        service(Map.of(), new StringWriter())
                .publish(new ReportRequest(
                        Reports.webClassification(), dir.resolve("old"), List.of(), Optional.empty()));
        Path metrics = dir.resolve("old/metrics.json");
        Files.writeString(
                metrics, Files.readString(metrics).replace("\"value\" : 0.8421052631578947", "\"value\" : 0.95"));
        ReportRequest request = new ReportRequest(
                Reports.webClassification(),
                dir.resolve("new"),
                List.of(GateParser.maxRegression("evaluation.accuracy=0.05", new VariantScope.All())),
                Optional.of(Baseline.load(dir.resolve("old"))));

        // when
        ReportOutcome outcome = service(Map.of(), new StringWriter()).publish(request);

        // then
        assertThat(outcome.failedGates()).singleElement().satisfies(g -> assertThat(g.message())
                .isEqualTo("gate failed: accuracy of variant " + Reports.DEFAULT
                        + " on dataset web_classification_train dropped by 0.15 from 0.95 to 0.80, more than"
                        + " the allowed 0.05 (--max-regression evaluation.accuracy=0.05, 1 failed line counted as"
                        + " failures, 0.8421 over the n=19 lines with a result)"));
        assertThat(Files.readString(dir.resolve("new/web_classification_metrics.html")))
                .contains("▼ regression");
    }

    @Test
    void should_still_write_reports_when_a_gate_is_misconfigured() {
        // given
        ReportRequest request = new ReportRequest(
                Reports.webClassification(),
                dir.resolve("reports"),
                List.of(GateParser.failUnder("accuracy=0.8", new VariantScope.All())),
                Optional.empty());

        // when / then
        assertThatThrownBy(() -> service(Map.of(), new StringWriter()).publish(request))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("evaluation.accuracy");
        assertThat(dir.resolve("reports/metrics.json")).exists();
        assertThat(dir.resolve("reports/web_classification_metrics.html")).exists();
    }

    @Test
    void should_reject_a_missing_baseline_with_a_fix() {
        assertThatThrownBy(() -> Baseline.load(dir.resolve("nowhere")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("nowhere does not exist")
                .hasMessageContaining("--baseline");
    }
}
