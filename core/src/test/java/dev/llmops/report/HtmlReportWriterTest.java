package dev.llmops.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmops.eval.gate.GateEvaluator;
import dev.llmops.experiment.gate.GateParser;
import dev.llmops.experiment.gate.VariantScope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportWriterTest {

    @TempDir
    Path dir;

    @Test
    void should_escape_data_and_model_text_on_the_rendered_page() throws IOException {
        // when
        new HtmlReportWriter().write(Reports.webClassification(), dir);
        String html = Files.readString(dir.resolve("evaluation_result.html"));

        // then: the answer shows as text, never as markup
        assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Academic");
        assertThat(html).doesNotContain("<script");
        assertThat(html).contains("ToolException: grade.py line 12: KeyError &#39;answer&#39;");
    }

    @Test
    void should_be_self_contained() throws IOException {
        // when
        List<Path> files = new HtmlReportWriter().write(Reports.webClassification(), dir);

        // then
        assertThat(files)
                .extracting(p -> p.getFileName().toString())
                .containsExactly(
                        "evaluation_metrics.html",
                        "evaluation_result.html",
                        "evaluation_adv_metrics.html",
                        "evaluation_adv_result.html",
                        "web_classification_metrics.html",
                        "web_classification_result.html");
        for (Path file : files) {
            String html = Files.readString(file);
            assertThat(html).contains("<style>").contains("<svg").doesNotContain("<link", " src=", "@import");
        }
    }

    @Test
    void should_compare_variants_with_intervals_best_and_deltas() throws IOException {
        // when
        new HtmlReportWriter().write(Reports.webClassification(), dir);
        String html = Files.readString(dir.resolve("web_classification_metrics.html"));

        // then: accuracy 16/19 = 0.8421 (default) vs 12/19 = 0.6316; delta −0.2105
        assertThat(html).contains(Reports.DEFAULT, Reports.OTHER, "web_classification_train_new");
        assertThat(html).contains("0.8421", "0.6316", "-0.2105 vs default");
        assertThat(html).containsPattern("95% CI \\[0\\.\\d{1,4}, 0\\.\\d{1,4}\\] · n=19");
        assertThat(html).containsPattern("<td class=\"num best\">\\s*0.8421<span class=\"tag best\">best</span>");
        assertThat(html).contains("12,800", "$0.0312", "1,252 ms");
    }

    @Test
    void should_offer_a_failures_only_filter_on_result_pages() throws IOException {
        // when
        new HtmlReportWriter().write(Reports.webClassification(), dir);
        String html = Files.readString(dir.resolve("evaluation_result.html"));

        // then: passing lines carry the class the :target rule hides, failures do not
        assertThat(html)
                .contains("id=\"failures-only\"", "href=\"#failures-only\"", "#failures-only:target tr.line-ok");
        assertThat(html).contains("<tr class=\"line-ok\">", "<tr class=\"line-failed\">", "<tr class=\"line-error\">");
    }

    @Test
    void should_highlight_regressions_against_the_baseline_and_failed_gates() throws IOException {
        // given: the baseline had variant_1 at 0.90
        ReportModel model = Reports.webClassification();
        Baseline baseline = new Baseline(
                "reports-old",
                Map.of(
                        new MetricKey("evaluation", "accuracy", Reports.OTHER, "web_classification_train"), 0.9,
                        new MetricKey("evaluation", "accuracy", Reports.DEFAULT, "web_classification_train"), 0.8));
        model = model.withBaseline(baseline.source(), baseline.deltas(model));
        model = model.withGates(GateEvaluator.evaluate(
                List.of(GateParser.failUnder("evaluation.accuracy=0.7", new VariantScope.All())),
                model.metricPoints(),
                true));

        // when
        new HtmlReportWriter().write(model, dir);
        String html = Files.readString(dir.resolve("web_classification_metrics.html"));

        // then
        assertThat(html).contains("baseline reports-old");
        assertThat(html)
                .containsPattern(
                        "<span class=\"delta regressed\">-0.2684 vs baseline 0.90 ▼ regression \\(outside CI\\)");
        assertThat(html).containsPattern("<span class=\"delta up\">\\+0.0421 vs baseline 0.80</span>");
        assertThat(html).contains("1 of 2 gates failed");
        assertThat(html).contains("gate failed: accuracy of variant " + Reports.OTHER);
    }
}
