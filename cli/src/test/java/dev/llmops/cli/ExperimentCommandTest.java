package dev.llmops.cli;

import static dev.llmops.cli.CliAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * {@code llmops experiment -e offline} on copies of the shipped use cases: run, evaluate, report, all real (flows,
 * python and java tools, recorded model answers), checked against the numbers each README documents.
 */
class ExperimentCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void should_reproduce_the_named_entity_recognition_readme() throws Exception {
        // given
        Path useCase = ShippedUseCases.copy("named_entity_recognition", dir.resolve("ner"));

        // when
        CliResult result = CliRun.in(dir).run("experiment", "-u", "ner", "-e", "offline");

        // then
        assertThat(result)
                .succeeded()
                .outContains("Report: " + dir.resolve("reports").resolve("named_entity_recognition_result.html"));
        assertThat(runs(useCase, "standard")).hasSize(1);
        assertThat(runs(useCase, "evaluation")).hasSize(1);
        JsonNode metrics = metricsJson(dir.resolve("reports"));
        assertThat(metric(metrics, "matcher", "default", "exact_match_rate")).isEqualTo(0.65625);
        assertThat(metric(metrics, "matcher", "default", "partial_match_rate")).isEqualTo(0.9375);
        assertReportsName(dir.resolve("reports"), "named_entity_recognition", List.of("matcher"), List.of("default"));
    }

    @Test
    void should_reproduce_the_web_classification_readme() throws Exception {
        // given
        Path useCase = ShippedUseCases.copy("web_classification", dir.resolve("web"));

        // when
        CliResult result = CliRun.in(dir).run("experiment", "-u", "web", "-e", "offline");

        // then: 2 variants x 2 datasets, each evaluated by the one evaluator that references its dataset
        assertThat(result).succeeded();
        assertThat(runs(useCase, "standard")).hasSize(4);
        assertThat(runs(useCase, "evaluation")).hasSize(4);
        JsonNode metrics = metricsJson(dir.resolve("reports"));
        String v0 = "summarize_text_content.variant_0";
        String v1 = "summarize_text_content.variant_1";
        assertThat(metric(metrics, "web_classification_flow", v0, "accuracy")).isCloseTo(0.6667, within(1e-9));
        assertThat(metric(metrics, "web_classification_flow", v1, "accuracy")).isCloseTo(0.8333, within(1e-9));
        // the console answers "which variant, by how much, how sure": 5/6 vs 4/6 on 6 lines is within noise
        CliAssert.assertThat(result)
                .outContains("accuracy (web_classification_flow)")
                .outContains("0.8333    [0.50, 1.00]  n=6  +0.1666 vs default  best")
                .outContains("within noise, not a clear win");
        assertThat(metric(metrics, "web_classification_flow_adv", v0, "precision"))
                .isCloseTo(0.75, within(1e-9));
        assertThat(metric(metrics, "web_classification_flow_adv", v1, "precision"))
                .isCloseTo(0.9, within(1e-9));
        assertThat(evaluation(metrics, "web_classification_flow", v0)
                        .path("dataset")
                        .asText())
                .isEqualTo("web_classification_train");
        assertThat(evaluation(metrics, "web_classification_flow_adv", v1)
                        .path("eval_dataset")
                        .asText())
                .isEqualTo("web_classification_train_new_eval");
        assertReportsName(
                dir.resolve("reports"),
                "web_classification",
                List.of("web_classification_flow", "web_classification_flow_adv"),
                List.of(v0, v1));
    }

    @Test
    void should_reproduce_the_math_coding_readme() throws Exception {
        // given
        Path useCase = ShippedUseCases.copy("math_coding", dir.resolve("math"));

        // when
        CliResult result = CliRun.in(dir).run("experiment", "-u", "math", "-e", "offline", "--report-dir", "out");

        // then
        assertThat(result).succeeded();
        assertThat(runs(useCase, "standard")).hasSize(1);
        assertThat(runs(useCase, "evaluation")).hasSize(1);
        JsonNode metrics = metricsJson(dir.resolve("out"));
        assertThat(metric(metrics, "math_evaluation_flow", "default", "accuracy"))
                .isEqualTo(0.65);
        assertThat(metric(metrics, "math_evaluation_flow", "default", "error_rate"))
                .isEqualTo(0.2);
        assertReportsName(dir.resolve("out"), "math_coding", List.of("math_evaluation_flow"), List.of("default"));
    }

    /** Every report file of the template's naming exists, and each HTML/CSV names every variant. */
    private static void assertReportsName(
            Path reports, String experiment, List<String> evaluators, List<String> variants) throws Exception {
        List<String> names = new ArrayList<>();
        for (String e : evaluators) {
            names.addAll(List.of(e + "_result.csv", e + "_result.html", e + "_metrics.csv", e + "_metrics.html"));
        }
        names.addAll(List.of(
                experiment + "_result.csv",
                experiment + "_result.html",
                experiment + "_metrics.csv",
                experiment + "_metrics.html"));
        for (String name : names) {
            String text = Files.readString(reports.resolve(name), StandardCharsets.UTF_8);
            assertThat(text).as(name).contains(variants);
        }
        var junit = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(reports.resolve("junit.xml").toFile());
        Element root = junit.getDocumentElement();
        assertThat(junit.getElementsByTagName("testsuite").getLength()).isEqualTo(evaluators.size());
        assertThat(root.getElementsByTagName("failure").getLength()).isZero();
    }

    static List<JsonNode> runs(Path useCase, String kind) throws IOException {
        List<JsonNode> runs = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(useCase.resolve(".llmops").resolve("runs"))) {
            for (Path d : dirs.toList()) {
                JsonNode run = JSON.readTree(d.resolve("run.json").toFile());
                if (kind.equals(run.path("tags").path("kind").asText())) {
                    runs.add(run);
                }
            }
        }
        return runs;
    }

    static JsonNode metricsJson(Path reports) throws IOException {
        return JSON.readTree(reports.resolve("metrics.json").toFile());
    }

    static JsonNode evaluation(JsonNode metrics, String evaluator, String variant) {
        for (JsonNode e : metrics.path("evaluations")) {
            if (e.path("evaluator").asText().equals(evaluator)
                    && e.path("variant").asText().equals(variant)) {
                return e;
            }
        }
        throw new AssertionError("no evaluation of " + evaluator + " / " + variant + " in " + metrics);
    }

    static double metric(JsonNode metrics, String evaluator, String variant, String metric) {
        JsonNode value = evaluation(metrics, evaluator, variant)
                .path("metrics")
                .path(metric)
                .path("value");
        assertThat(value.isNumber())
                .as(evaluator + "/" + variant + "/" + metric)
                .isTrue();
        return value.asDouble();
    }
}
