package dev.llmops.cli;

import static dev.llmops.cli.CliAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flex flows ({@code flow.flex.yaml}) through the real command line and a real {@code python3}: a function entry as
 * the standard flow, a class entry with {@code init.json} and {@code __aggregate__} as the evaluator.
 */
class FlexFlowCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void should_run_a_function_flow_and_a_class_evaluator_whose_aggregate_gives_the_metrics() throws Exception {
        // given
        writeUseCase();

        // when
        CliResult result = CliRun.in(dir).run("experiment", "-u", "uc");

        // then
        assertThat(result).succeeded();
        assertThat(outputs("flexdemo_default_d_")).containsExactly("HELLO", "WORLD", "X");
        JsonNode metrics = JSON.readTree(
                runDir("flexdemo_default_ev").resolve("metrics.json").toFile());
        assertThat(metrics.path("accuracy").asDouble()).isEqualTo(2.0 / 3);
        assertThat(metrics.path("bonus_seen").asLong()).isEqualTo(7); // from init.json, over the yaml default 1
        assertThat(metrics.path("strict").asBoolean()).isTrue(); // the yaml default, init.json does not give it
    }

    @Test
    void should_lay_PF_FLOW_INIT_CONFIG_over_init_json() throws Exception {
        // given
        writeUseCase();

        // when
        CliResult result =
                CliRun.in(dir).env("PF_FLOW_INIT_CONFIG", "{\"bonus\": 9}").run("experiment", "-u", "uc");

        // then
        assertThat(result).succeeded();
        JsonNode metrics = JSON.readTree(
                runDir("flexdemo_default_ev").resolve("metrics.json").toFile());
        assertThat(metrics.path("bonus_seen").asLong()).isEqualTo(9);
    }

    @Test
    void should_fail_only_the_line_whose_entry_raised_naming_the_exception() throws Exception {
        // given
        writeUseCase();
        Files.writeString(dir.resolve("uc/flows/basic/prog.py"), """
                def shout(text: str):
                    if text == "x":
                        raise ValueError("x is not loud")
                    return text.upper()
                """);

        // when
        CliResult result = CliRun.in(dir).run("run", "-u", "uc");

        // then
        assertThat(result).exitedWith(1);
        assertThat(outputs("flexdemo_default_d_")).containsExactly("HELLO", "WORLD");
        String errors = Files.readString(runDir("flexdemo_default_d_").resolve("errors.jsonl"));
        assertThat(errors).contains("execution failure in 'shout': ValueError: x is not loud");
    }

    @Test
    void should_refuse_in_validate_an_entry_whose_parameters_do_not_match_the_inputs() throws Exception {
        // given
        writeUseCase();
        Files.writeString(
                dir.resolve("uc/flows/basic/flow.flex.yaml"), "entry: prog:shout\ninputs:\n  text: {type: string}\n");
        Files.writeString(dir.resolve("uc/flows/basic/prog.py"), "def shout(txt: str):\n    return txt\n");

        // when
        CliResult result = CliRun.in(dir).run("validate", "-u", "uc");

        // then
        assertThat(result)
                .exitedWith(2)
                .errContains("prog.py")
                .errContains("shout() needs input(s) txt that the line does not give");
    }

    @Test
    void should_name_the_flow_file_and_line_when_the_entry_is_not_in_the_module() throws Exception {
        // given
        writeUseCase();
        Files.writeString(
                dir.resolve("uc/flows/basic/flow.flex.yaml"), "inputs:\n  text: {type: string}\nentry: prog:yell\n");

        // when
        CliResult result = CliRun.in(dir).run("validate", "-u", "uc");

        // then
        assertThat(result)
                .exitedWith(2)
                .errContains("flow.flex.yaml:3:")
                .errContains("entry 'yell' not found in prog.py");
    }

    @Test
    void should_fail_the_lines_with_the_constructor_error_when_init_raises() throws Exception {
        // given
        writeUseCase();
        Files.writeString(dir.resolve("uc/flows/evalc/init.json"), "{\"bonus\": -1}");

        // when
        CliResult result = CliRun.in(dir).run("experiment", "-u", "uc");

        // then
        assertThat(result).exitedWith(1);
        String errors = Files.readString(runDir("flexdemo_default_ev").resolve("errors.jsonl"));
        assertThat(errors).contains("Grader.__init__ failed: ValueError: bonus must not be negative");
    }

    @Test
    void should_test_one_line_of_a_class_flow_with_init_from_the_command_line() {
        // given
        writeUseCase();

        // when
        CliResult result = CliRun.in(dir)
                .run(
                        "flow",
                        "test",
                        "uc/flows/evalc",
                        "--inputs",
                        "answer=A",
                        "expected=A",
                        "--init",
                        "bonus=5",
                        "strict=false");

        // then
        assertThat(result)
                .succeeded()
                .outContains("\"correct\" : 1")
                .outContains("\"bonus\" : 5")
                .outContains("\"strict\" : false")
                .outContains("Grader.__aggregate__");
    }

    @Test
    void should_show_trace_spans_of_the_entry_in_flow_test() {
        // given
        writeUseCase();

        // when
        CliResult result = CliRun.in(dir).run("flow", "test", "uc/flows/basic", "--inputs", "text=hi");

        // then: the entry's node, then the @trace span of the helper it called
        assertThat(result).succeeded().outContains("\"output\" : \"HI\"");
        assertThat(result.out()).containsPattern("(?m)^shout\\s+COMPLETED[\\s\\S]*^loud\\s+COMPLETED");
    }

    private void writeUseCase() {
        try {
            Path uc = dir.resolve("uc");
            Files.createDirectories(uc.resolve("flows/basic"));
            Files.createDirectories(uc.resolve("flows/evalc"));
            Files.createDirectories(uc.resolve("data"));
            Files.writeString(uc.resolve("experiment.yaml"), """
                    name: flexdemo
                    flow: flows/basic
                    datasets:
                    - name: d
                      source: data/data.jsonl
                      mappings:
                        text: ${data.text}
                    evaluators:
                    - name: ev
                      flow: flows/evalc
                      datasets:
                      - name: d_test
                        reference: d
                        source: data/data.jsonl
                        mappings:
                          answer: ${run.outputs.output}
                          expected: ${data.expected}
                    """);
            Files.writeString(uc.resolve("data/data.jsonl"), """
                    {"text": "hello", "expected": "HELLO"}
                    {"text": "World", "expected": "WORLD"}
                    {"text": "x", "expected": "nope"}
                    """);
            Files.writeString(uc.resolve("flows/basic/flow.flex.yaml"), "entry: prog:shout\n");
            Files.writeString(uc.resolve("flows/basic/prog.py"), """
                    from promptflow.tracing import trace


                    @trace
                    def loud(text):
                        return text.upper()


                    def shout(text: str, unused: int = 3):
                        return loud(text)
                    """);
            Files.writeString(uc.resolve("flows/evalc/flow.flex.yaml"), """
                    entry: grade:Grader
                    init:
                      strict: {type: bool, default: true}
                      bonus: {type: int, default: 1}
                    """);
            Files.writeString(uc.resolve("flows/evalc/grade.py"), """
                    class Grader:
                        def __init__(self, strict: bool, bonus: int = 0):
                            if bonus < 0:
                                raise ValueError("bonus must not be negative")
                            self.strict = strict
                            self.bonus = bonus

                        def __call__(self, answer: str, expected: str):
                            return {"correct": 1 if answer == expected else 0, "bonus": self.bonus,
                                    "strict": self.strict}

                        def __aggregate__(self, line_results):
                            n = len(line_results)
                            return {"accuracy": sum(r.correct for r in line_results) / n,
                                    "bonus_seen": line_results[0]["bonus"], "strict": self.strict}
                    """);
            Files.writeString(uc.resolve("flows/evalc/init.json"), "{\"bonus\": 7}");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Path runDir(String prefix) throws IOException {
        try (Stream<Path> runs = Files.list(dir.resolve("uc/.llmops/runs"))) {
            return runs.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .findFirst()
                    .orElseThrow();
        }
    }

    private List<String> outputs(String prefix) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(runDir(prefix).resolve("outputs.jsonl"))) {
            JsonNode n = JSON.readTree(line);
            if (n.path("status").asText().equals("Completed")) {
                out.add(n.path("outputs").path("output").asText());
            }
        }
        return out;
    }
}
