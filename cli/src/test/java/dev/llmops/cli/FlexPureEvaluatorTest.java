package dev.llmops.cli;

import static dev.llmops.cli.CliAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The template's pure-python evaluators (an evaluator folder of {@code eval_*.py}, like class_flows' {@code
 * flows/eval_nlp}) run with a real {@code python3} as flex evaluators: each {@code eval_*} function is called once per
 * evaluation run with the template's arguments, and the metrics it returns reach the reports.
 */
class FlexPureEvaluatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void should_call_each_eval_function_once_per_run_with_the_lines_and_report_its_metrics() throws Exception {
        // given: the function records its arguments and scores answers that contain their context
        writeUseCase("""
                import json
                import os


                def eval_use_case(run_name, data_id, column_mapping, output_path):
                    rows = [json.loads(line) for line in open(data_id)]
                    hits = sum(1 for r in rows if r["context"] in r["answer"])
                    with open(os.path.join(output_path, run_name + ".json"), "w") as f:
                        json.dump({"run_name": run_name, "mapping": column_mapping, "rows": rows}, f)
                    return {"rows": rows, "metrics": {"groundedness": hits / len(rows), "lines": len(rows)}}


                def helper_not_called():
                    raise AssertionError("only eval_* functions are called")
                """);

        // when
        CliResult result = CliRun.in(dir).run("experiment", "-u", "uc");

        // then: 2 of the 3 answers hold their context; the evaluated run's output arrived as ${target.output}
        assertThat(result).succeeded();
        JsonNode metrics = ExperimentCommandTest.metricsJson(dir.resolve("reports"));
        assertThat(ExperimentCommandTest.metric(metrics, "groundness", "default", "groundedness"))
                .isEqualTo(2.0 / 3);
        assertThat(ExperimentCommandTest.metric(metrics, "groundness", "default", "lines"))
                .isEqualTo(3.0);
        List<Path> written = written();
        assertThat(written).hasSize(1);
        JsonNode call = JSON.readTree(written.getFirst().toFile());
        assertThat(call.path("run_name").asText()).startsWith("pure_eval_eval_groundness.d_");
        assertThat(call.path("mapping").toString())
                .isEqualTo("{\"context\":\"${data.context}\",\"answer\":\"${data.answer}\"}");
        assertThat(call.path("rows").get(0).path("answer").asText()).isEqualTo("PARIS IS IN FRANCE");
        assertThat(call.path("rows").get(0).path("context").asText()).isEqualTo("FRANCE");
    }

    @Test
    void should_name_the_module_an_eval_file_lacks_and_the_package_to_install_in_validate() throws Exception {
        // given: the template's eval_groundness.py imports promptflow-evals, which llmops does not provide
        writeUseCase("""
                from promptflow.evals.evaluate import evaluate


                def eval_use_case(run_name, data_id, column_mapping, output_path):
                    return evaluate(data=data_id)
                """);

        // when
        CliResult result = CliRun.in(dir).run("validate", "-u", "uc");

        // then
        assertThat(result)
                .exitedWith(2)
                .errContains("uc/flows/eval_nlp/eval_groundness.py:1: error: ")
                .errContains("No module named 'promptflow.evals'")
                .errContains("module 'promptflow.evals' is not installed for ")
                .errContains(" -m pip install promptflow-evals");
    }

    @Test
    void should_refuse_a_target_output_the_standard_flow_does_not_have() throws Exception {
        // given: the standard flow returns a TypedDict without 'output'
        writeUseCase("def eval_x(run_name, data_id, column_mapping, output_path):\n    return {}\n");
        Files.writeString(dir.resolve("uc/flows/chat/chat.py"), """
                from typing import TypedDict


                class Reply(TypedDict):
                    reply: str


                def chat(question: str) -> Reply:
                    return {"reply": question}
                """);

        // when
        CliResult result = CliRun.in(dir).run("validate", "-u", "uc");

        // then
        assertThat(result)
                .exitedWith(2)
                .errContains("evaluator 'groundness', dataset 'd': mapping 'answer' reads target.output, but the flow"
                        + " flows/chat has no output 'output'")
                .errContains("outputs: reply");
    }

    private List<Path> written() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("uc/.llmops/pure-eval"))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .toList();
        }
    }

    private void writeUseCase(String evalFile) throws IOException {
        Path uc = dir.resolve("uc");
        Files.createDirectories(uc.resolve("flows/chat"));
        Files.createDirectories(uc.resolve("flows/eval_nlp"));
        Files.createDirectories(uc.resolve("data"));
        Files.writeString(uc.resolve("experiment.yaml"), """
                name: pure_eval
                flow: flows/chat
                datasets:
                - name: d
                  source: data/data.jsonl
                  mappings:
                    question: ${data.question}
                evaluators:
                - name: groundness
                  flow: flows/eval_nlp
                  datasets:
                  - name: d
                    mappings:
                      context: ${data.context}
                      answer: ${target.output}
                """);
        Files.writeString(uc.resolve("data/data.jsonl"), """
                {"question": "Paris is in France", "context": "FRANCE"}
                {"question": "Rome is in Italy", "context": "ITALY"}
                {"question": "Bonn is a city", "context": "GERMANY"}
                """);
        Files.writeString(uc.resolve("flows/chat/flow.flex.yaml"), "entry: chat:chat\n");
        Files.writeString(
                uc.resolve("flows/chat/chat.py"), "def chat(question: str) -> str:\n    return question.upper()\n");
        Files.writeString(uc.resolve("flows/eval_nlp/eval_groundness.py"), evalFile);
    }
}
