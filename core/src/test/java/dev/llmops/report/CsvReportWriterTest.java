package dev.llmops.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.eval.stats.Bootstrap;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReportWriterTest {

    @TempDir
    Path dir;

    private static List<CSVRecord> read(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return CSVFormat.RFC4180
                    .builder()
                    .setHeader()
                    .setSkipHeaderRecord(true)
                    .get()
                    .parse(reader)
                    .getRecords();
        }
    }

    @Test
    void should_write_template_compatible_file_names() {
        // when
        List<Path> files = new CsvReportWriter().write(Reports.webClassification(), dir);

        // then
        assertThat(files)
                .extracting(p -> p.getFileName().toString())
                .containsExactly(
                        "evaluation_result.csv",
                        "evaluation_metrics.csv",
                        "evaluation_adv_result.csv",
                        "evaluation_adv_metrics.csv",
                        "web_classification_result.csv",
                        "web_classification_metrics.csv");
        assertThat(dir.resolve("evaluation_result.csv")).exists();
    }

    @Test
    void should_round_trip_result_rows_including_json_cells_and_script_text() throws IOException {
        // given
        ReportModel model = Reports.webClassification();

        // when
        new CsvReportWriter().write(model, dir);
        List<CSVRecord> rows = read(dir.resolve("evaluation_result.csv"));

        // then: one row per line of both runs, each with its own standard run (template bug 19 fixed)
        assertThat(rows).hasSize(40);
        CSVRecord first = rows.getFirst();
        assertThat(first.get("inputs.url")).isEqualTo("https://example.com/page/0");
        assertThat(first.get("outputs.grade")).isEqualTo("Correct");
        assertThat(first.get("summarize_text_content")).isEqualTo("variant_0");
        assertThat(first.get("dataset")).isEqualTo("web_classification_train_eval");
        assertThat(first.get("flow_name")).isEqualTo("evaluation");
        assertThat(first.get("exp_run")).isEqualTo("std-1");
        assertThat(rows.get(25).get("exp_run")).isEqualTo("std-2");
        assertThat(rows.get(25).get("summarize_text_content")).isEqualTo("variant_1");
        Object details = new ObjectMapper().readValue(first.get("outputs.details"), Object.class);
        assertThat(details).isEqualTo(Map.of("tokens", List.of("a, \"quoted\"", "line\nbreak")));
        assertThat(rows.get(16).get("inputs.prediction")).isEqualTo(Reports.SCRIPT_ANSWER);
        CSVRecord errored = rows.get(19);
        assertThat(errored.get("status")).isEqualTo("error");
        assertThat(errored.get("error")).isEqualTo("ToolException: grade.py line 12: KeyError 'answer'");
        assertThat(errored.get("outputs.accuracy")).isEqualTo("NaN");
    }

    @Test
    void should_write_one_metrics_row_per_evaluation_run() throws IOException {
        // when
        new CsvReportWriter().write(Reports.webClassification(), dir);
        List<CSVRecord> evaluator = read(dir.resolve("evaluation_metrics.csv"));
        List<CSVRecord> experiment = read(dir.resolve("web_classification_metrics.csv"));

        // then: accuracy = 16 correct of 19 scored lines
        assertThat(evaluator).hasSize(2);
        assertThat(Double.parseDouble(evaluator.getFirst().get("accuracy"))).isEqualTo(16.0 / 19);
        assertThat(evaluator.getFirst().get("exp_run")).isEqualTo("std-1");
        assertThat(evaluator.get(1).get("exp_run")).isEqualTo("std-2");
        assertThat(Double.parseDouble(evaluator.getFirst().get("accuracy_ci_low")))
                .isLessThan(16.0 / 19);
        assertThat(experiment)
                .extracting(r -> r.get("flow_name"))
                .containsExactly("evaluation", "evaluation", "evaluation_adv");
        assertThat(experiment.getFirst().getParser().getHeaderNames())
                .startsWith("accuracy", "lines_scored", "summarize_text_content", "dataset", "flow_name", "exp_run");
    }

    @Test
    void should_add_stage_experiment_and_build_to_the_experiment_results() throws IOException {
        // when
        new CsvReportWriter().write(Reports.webClassification(), dir);
        List<CSVRecord> rows = read(dir.resolve("web_classification_result.csv"));

        // then
        assertThat(rows).hasSize(50);
        assertThat(rows.getLast().get("stage")).isEqualTo("dev");
        assertThat(rows.getLast().get("experiment_name")).isEqualTo("web_classification");
        assertThat(rows.getLast().get("build")).isEqualTo("build-42");
        assertThat(rows.getLast().get("flow_name")).isEqualTo("evaluation_adv");
    }

    @Test
    void should_not_cap_rows() throws IOException {
        // given: more lines than the template's 100-row cap
        List<LineRow> lines = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            lines.add(new LineRow(
                    i, Map.of("q", "q" + i), Map.of("a", i), null, Map.of("s", 1.0), LineStatus.PASSED, null));
        }
        EvaluationRun run = new EvaluationRun(
                "e",
                "s",
                "default",
                true,
                Map.of(),
                "d",
                "d",
                Metric.fromLineScores(lines, Bootstrap.defaults()),
                lines);
        ReportModel model = ReportModel.of(
                "x", null, null, Instant.EPOCH, List.of(new EvaluatorReport("ev", List.of(run))), List.of());

        // when
        new CsvReportWriter().write(model, dir);

        // then
        List<CSVRecord> rows = read(dir.resolve("ev_result.csv"));
        assertThat(rows).hasSize(250);
        assertThat(rows.getLast().get("inputs.q")).isEqualTo("q249");
    }
}
