package dev.llmops.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.SystemEnv;
import dev.llmops.eval.gate.GateEvaluator;
import dev.llmops.experiment.gate.GateParser;
import dev.llmops.experiment.gate.VariantScope;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class MachineOutputsTest {

    @TempDir
    Path dir;

    private static ReportModel gated() {
        ReportModel model = Reports.webClassification();
        return model.withGates(GateEvaluator.evaluate(
                List.of(
                        GateParser.failUnder("evaluation.accuracy=0.7", new VariantScope.All()),
                        GateParser.failUnder("evaluation_adv.accuracy=0.5", new VariantScope.All())),
                model.metricPoints(),
                false));
    }

    @Test
    void should_write_metrics_json_with_every_figure() throws Exception {
        // when
        new MetricsJsonWriter().write(gated(), dir);
        JsonNode root = new ObjectMapper().readTree(dir.resolve("metrics.json").toFile());

        // then
        assertThat(root.get("format").asText()).isEqualTo("llmops-metrics/1");
        assertThat(root.get("passed").asBoolean()).isFalse();
        JsonNode first = root.get("evaluations").get(0);
        assertThat(first.get("variant").asText()).isEqualTo(Reports.DEFAULT);
        JsonNode accuracy = first.get("metrics").get("accuracy");
        assertThat(accuracy.get("value").asDouble()).isEqualTo(16.0 / 19);
        assertThat(accuracy.get("ci_low").asDouble()).isLessThan(16.0 / 19);
        assertThat(accuracy.get("n").asInt()).isEqualTo(19);
        assertThat(accuracy.get("best").asBoolean()).isTrue();
        JsonNode second = root.get("evaluations").get(1).get("metrics").get("accuracy");
        assertThat(second.get("delta_vs_default").asDouble()).isEqualTo(12.0 / 19 - 16.0 / 19);
        // per-line differences: four lines went from 1 to 0, the rest agree -> the paired interval stays below 0
        assertThat(second.get("delta_ci_high").asDouble()).isNegative();
        assertThat(second.get("delta_ci_low").asDouble()).isLessThan(-4.0 / 19);
        assertThat(second.get("delta_significant").asBoolean()).isTrue();
        assertThat(first.get("metrics").get("lines_scored").get("ci_low").isNull())
                .isTrue();
        JsonNode std = root.get("standard_runs").get(1);
        assertThat(std.get("tokens").get("total").asLong()).isEqualTo(15950);
        assertThat(std.get("cost_usd").isNull()).isTrue();
        assertThat(root.get("gates")).hasSize(3);
    }

    @Test
    void should_compute_baseline_deltas_from_an_earlier_metrics_json() throws Exception {
        // given: an earlier report where variant_1 scored 0.9
        ReportModel earlier = Reports.webClassification();
        Path old = Files.createDirectories(dir.resolve("old"));
        new MetricsJsonWriter().write(earlier, old);
        String text = Files.readString(old.resolve("metrics.json"));
        JsonNode tree = new ObjectMapper().readTree(text);
        ((com.fasterxml.jackson.databind.node.ObjectNode)
                        tree.get("evaluations").get(1).get("metrics").get("accuracy"))
                .put("value", 0.9);
        Files.writeString(old.resolve("metrics.json"), tree.toString());

        // when
        Baseline baseline = Baseline.load(old);
        List<MetricDelta> deltas = baseline.deltas(Reports.webClassification());

        // then
        MetricDelta other = deltas.stream()
                .filter(d -> d.key()
                        .equals(new MetricKey("evaluation", "accuracy", Reports.OTHER, "web_classification_train")))
                .findFirst()
                .orElseThrow();
        assertThat(other.baseline()).isEqualTo(0.9);
        assertThat(other.delta()).isCloseTo(12.0 / 19 - 0.9, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(other.regressed()).isTrue();
        assertThat(other.significant()).isTrue();
        assertThat(deltas).filteredOn(d -> d != other).allSatisfy(d -> {
            assertThat(d.delta()).isZero();
            assertThat(d.regressed()).isFalse();
        });
    }

    @Test
    void should_write_junit_xml_with_a_case_per_evaluation_and_gate() throws Exception {
        // when
        new JunitXmlWriter().write(gated(), dir);
        Document doc = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(dir.resolve("junit.xml").toFile());

        // then: evaluation has 2 runs + 2 gate verdicts, evaluation_adv 1 run + 1 verdict
        Element root = doc.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("testsuites");
        assertThat(root.getAttribute("tests")).isEqualTo("6");
        // the gate, and the three evaluations, whose last line has no result
        assertThat(root.getAttribute("failures")).isEqualTo("4");
        NodeList suites = doc.getElementsByTagName("testsuite");
        assertThat(suites.getLength()).isEqualTo(2);
        Element evaluation = (Element) suites.item(0);
        assertThat(evaluation.getAttribute("name")).isEqualTo("evaluation");
        assertThat(evaluation.getElementsByTagName("testcase").getLength()).isEqualTo(4);
        NodeList failures = doc.getElementsByTagName("failure");
        assertThat(failures.getLength()).isEqualTo(4);
        assertThat(((Element) failures.item(0)).getAttribute("type")).isEqualTo("LinesFailed");
        assertThat(((Element) failures.item(0)).getAttribute("message"))
                .isEqualTo("1 of 20 lines failed (first: line 19: ToolException: grade.py line 12: KeyError 'answer')");
        assertThat(((Element) failures.item(2)).getAttribute("type")).isEqualTo("GateFailed");
        assertThat(((Element) failures.item(2)).getAttribute("message"))
                .isEqualTo("gate failed: accuracy of variant " + Reports.OTHER
                        + " on dataset web_classification_train is 0.60, below 0.70 (--fail-under"
                        + " evaluation.accuracy=0.7, 1 failed line counted as failures, 0.6316 over the n=19"
                        + " lines with a result)");
    }

    @Test
    void should_append_a_markdown_summary_when_running_on_github() throws Exception {
        // given: a summary file another step already wrote to
        Path summary = dir.resolve("summary.md");
        Files.writeString(summary, "# Build\n");
        SystemEnv env = new SystemEnv(Map.of("GITHUB_STEP_SUMMARY", summary.toString()), dir);

        // when
        List<Path> written = new GithubSummaryWriter(env).write(gated(), dir);

        // then
        String md = Files.readString(summary, StandardCharsets.UTF_8);
        assertThat(written).containsExactly(summary);
        assertThat(md).startsWith("# Build\n## llmops evaluation: web_classification (dev)");
        assertThat(md).contains("**1 of 3 gates failed.**");
        assertThat(md).contains("| " + Reports.DEFAULT + " (default) | **0.8421** :trophy:");
        assertThat(md).contains("| " + Reports.OTHER + " | 0.6316 [");
        assertThat(md).containsPattern("\\(-0\\.2105 \\[-0\\.\\d+, -0\\.\\d+], significant\\)");
        assertThat(md).contains("### Dataset web_classification_train_new");
        assertThat(md)
                .contains("- accuracy (evaluation): best is " + Reports.DEFAULT + " at 0.8421, the default variant.");
    }

    @Test
    void should_do_nothing_outside_github() {
        SystemEnv env = new SystemEnv(Map.of(), dir);

        assertThat(new GithubSummaryWriter(env).write(gated(), dir)).isEmpty();
    }

    @Test
    void should_log_failed_gates_as_azure_pipelines_issues() {
        // given
        StringWriter out = new StringWriter();
        SystemEnv env = new SystemEnv(Map.of("TF_BUILD", "True"), dir);

        // when
        new AzureDevOpsLogger(env, new PrintWriter(out)).write(gated(), dir);

        // then
        assertThat(out.toString().lines().toList())
                .containsExactly("##vso[task.logissue type=error]gate failed: accuracy of variant " + Reports.OTHER
                        + " on dataset web_classification_train is 0.60, below 0.70 (--fail-under"
                        + " evaluation.accuracy=0.7, 1 failed line counted as failures, 0.6316 over the n=19 lines"
                        + " with a result)");
    }

    @Test
    void should_stay_silent_outside_azure_pipelines_and_escape_commands() {
        StringWriter out = new StringWriter();
        new AzureDevOpsLogger(new SystemEnv(Map.of(), dir), new PrintWriter(out)).write(gated(), dir);

        assertThat(out.toString()).isEmpty();
        assertThat(AzureDevOpsLogger.escape("a]b;c\n##vso[x]100%")).isEqualTo("a%5Db%3Bc%0A##vso[x%5D100%AZP25");
    }
}
