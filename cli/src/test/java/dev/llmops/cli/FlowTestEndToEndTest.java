package dev.llmops.cli;

import static dev.llmops.cli.CliAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmops.testing.FakeLlmRequest;
import dev.llmops.testing.FakeLlmServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code llmops flow test} with the production services: HTTP clients, real python3, the java tool runner. */
class FlowTestEndToEndTest {

    private static final String KEY = "aoai-key-5f1e2d3c4b";

    /** The repository root: tests run in the cli module folder. */
    private static final Path REPO = Path.of("").toAbsolutePath().getParent();

    @TempDir
    Path dir;

    private final FakeLlmServer llm = FakeLlmServer.start();

    @AfterEach
    void stop() {
        llm.close();
    }

    private void write(String relative, String content) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private void writeLlmFlow() throws IOException {
        write("qa/flow.dag.yaml", """
                inputs:
                  question: {type: string}
                outputs:
                  answer: {type: string, reference: "${answer.output}"}
                nodes:
                - name: answer
                  type: llm
                  api: chat
                  connection: aoai
                  source: {type: code, path: qa.jinja2}
                  inputs: {deployment_name: gpt-4o, temperature: 0, question: "${inputs.question}"}
                """);
        write("qa/qa.jinja2", "system:\nAnswer briefly.\nuser:\n{{ question }}\n");
        write("aoai.yaml", """
                name: aoai
                type: azure_open_ai
                api_base: %s
                api_key: ${AOAI_KEY}
                api_version: 2024-06-01
                """.formatted(llm.azureApiBase()));
    }

    @Test
    void should_call_an_azure_endpoint_and_record_the_call_for_replay() throws IOException {
        // given
        writeLlmFlow();
        llm.answer("Paris.", 20, 2);

        // when
        CliResult live = CliRun.in(dir)
                .env("AOAI_KEY", KEY)
                .run(
                        "flow",
                        "test",
                        "qa",
                        "--inputs",
                        "question=Capital of France?",
                        "--connection",
                        "aoai=aoai.yaml",
                        "--record",
                        "rec/calls.jsonl");

        // then
        assertThat(live).succeeded().outContains("\"answer\" : \"Paris.\"").outContains("22 tokens (20 prompt");
        FakeLlmRequest request = llm.lastRequest();
        assertThat(request.isAzure()).isTrue();
        assertThat(request.deployment()).isEqualTo("gpt-4o");
        assertThat(request.apiVersion()).isEqualTo("2024-06-01");
        assertThat(request.header("api-key")).isEqualTo(KEY);
        assertThat(request.lastUserMessage()).isEqualTo("Capital of France?");
        String recorded = Files.readString(dir.resolve("rec/calls.jsonl"));
        assertThat(recorded).contains("Capital of France?").contains("Paris.").doesNotContain(KEY);

        // and when the recording answers through a replay connection, without the server
        write("replay.yaml", "name: aoai\ntype: ReplayConnection\nrecordings: rec/calls.jsonl\n");
        llm.close();
        CliResult replayed = CliRun.in(dir)
                .run(
                        "flow",
                        "test",
                        "qa",
                        "--inputs",
                        "question=Capital of France?",
                        "--connection",
                        "aoai=replay.yaml");

        // then
        assertThat(replayed).succeeded().outContains("\"answer\" : \"Paris.\"");
    }

    @Test
    void should_exit_1_showing_the_node_error_when_the_endpoint_rejects_the_key() throws IOException {
        // given
        writeLlmFlow();
        llm.otherwise(FakeLlmServer.Behaviour.unauthorized());

        // when
        CliResult result = CliRun.in(dir)
                .env("AOAI_KEY", KEY)
                .run("flow", "test", "qa", "--inputs", "question=hi", "--connection", "aoai=aoai.yaml");

        // then
        assertThat(result)
                .exitedWith(1)
                .outContains("FAILED: node 'answer' failed:")
                .errContains("llmops: 1 of 1 line(s) failed");
        assertThat(result.out()).containsPattern("(?m)^answer +FAILED ").containsIgnoringCase("api_key");
        assertThat(result.out() + result.err()).doesNotContain(KEY);
    }

    @Test
    void should_run_a_python_node_in_a_real_interpreter() throws IOException {
        // given
        write("py/flow.dag.yaml", """
                inputs:
                  words: {type: list}
                outputs:
                  joined: {type: string, reference: "${join.output}"}
                nodes:
                - name: join
                  type: python
                  source: {type: code, path: join.py}
                  inputs: {words: "${inputs.words}", sep: "-"}
                """);
        write("py/join.py", """
                from promptflow.core import tool

                @tool
                def join(words: list, sep: str) -> str:
                    return sep.join(w.upper() for w in words)
                """);

        // when
        CliResult result = CliRun.in(dir).run("flow", "test", "py", "--inputs", "words=[\"a\",\"b\",\"c\"]");

        // then
        assertThat(result).succeeded().outContains("\"joined\" : \"A-B-C\"");
        assertThat(result.out()).containsPattern("(?m)^join +COMPLETED ");
    }

    @Test
    void should_exit_1_with_the_python_error_of_a_failing_line() throws IOException {
        // given
        write("py/flow.dag.yaml", """
                inputs:
                  n: {type: int}
                outputs:
                  inverse: {type: double, reference: "${invert.output}"}
                nodes:
                - name: invert
                  type: python
                  source: {type: code, path: invert.py}
                  inputs: {n: "${inputs.n}"}
                """);
        write("py/invert.py", "def invert(n: int) -> float:\n    return 1 / n\n");

        // when
        CliResult result = CliRun.in(dir).run("flow", "test", "py", "--inputs", "n=0");

        // then
        assertThat(result).exitedWith(1).outContains("ZeroDivisionError").errContains("1 of 1 line(s) failed");
        assertThat(result.out()).containsPattern("(?m)^invert +FAILED ");
    }

    @Test
    void should_compile_and_run_a_java_node() throws IOException {
        // given
        write("jv/flow.dag.yaml", """
                inputs:
                  text: {type: string}
                outputs:
                  count: {type: int, reference: "${count_words.output}"}
                nodes:
                - name: count_words
                  type: java
                  source: {type: code, path: WordCount.java}
                  inputs: {text: "${inputs.text}"}
                """);
        write("jv/WordCount.java", """
                import dev.llmops.tool.Tool;

                public class WordCount {
                    @Tool
                    public int count(String text) {
                        return text.isBlank() ? 0 : text.strip().split("\\\\s+").length;
                    }
                }
                """);

        // when
        CliResult result = CliRun.in(dir).run("flow", "test", "jv", "--inputs", "text=one two  three");

        // then
        assertThat(result).succeeded().outContains("\"count\" : 3");
    }

    @Test
    void should_run_the_shipped_ner_flow_offline_with_the_experiment_connections() {
        // when
        CliResult result = CliRun.in(REPO)
                .run(
                        "flow",
                        "test",
                        "use-cases/named_entity_recognition/flows/standard",
                        "-u",
                        "use-cases/named_entity_recognition",
                        "-e",
                        "offline",
                        "--inputs",
                        "text=Marie Dubois flew from Lyon to Montreal on 3 March 2024 to meet her brother Luc.",
                        "entity_type=person");

        // then
        assertThat(result).succeeded();
        assertThat(result.out())
                .containsPattern("\"entities\" : \\[ \"Marie Dubois\", \"Luc\" ]")
                .containsPattern("(?m)^NER_LLM +COMPLETED ")
                .containsPattern("(?m)^cleansing +COMPLETED ");
    }

    @Test
    void should_use_the_experiment_connections_recordings_and_env_yaml_of_the_use_case() throws IOException {
        // given: a replay connection whose recordings path is relative to the use case, not the working folder
        write("uc/experiment.yaml", """
                name: uc
                flow: flows/greet
                connections:
                  - name: aoai
                    connection_type: ReplayConnection
                    recordings: recordings/answers.jsonl
                datasets:
                  - name: d
                    source: d.jsonl
                    mappings: {name: "${data.name}"}
                """);
        write("uc/data/d.jsonl", "{\"name\": \"Ada\"}\n");
        write("uc/environment/env.yaml", "GREETING: Hallo\n");
        write(
                "uc/recordings/answers.jsonl",
                "{\"match\": {\"contains\": \"Ada\"}, \"response\": {\"text\": \"Countess\"}}\n");
        write("uc/flows/greet/flow.dag.yaml", """
                inputs:
                  name: {type: string}
                outputs:
                  line: {type: string, reference: "${greet.output}"}
                nodes:
                - name: title
                  type: llm
                  api: chat
                  connection: aoai
                  source: {type: code, path: title.jinja2}
                  inputs: {deployment_name: gpt-4o, name: "${inputs.name}"}
                - name: greet
                  type: python
                  source: {type: code, path: greet.py}
                  inputs: {name: "${inputs.name}", title: "${title.output}"}
                """);
        write("uc/flows/greet/title.jinja2", "user:\nA title for {{ name }}\n");
        write("uc/flows/greet/greet.py", """
                import os

                def greet(name: str, title: str) -> str:
                    return f"{os.environ['GREETING']}, {title} {name}"
                """);

        // when
        CliResult result = CliRun.in(dir).run("flow", "test", "uc/flows/greet", "-u", "uc", "--inputs", "name=Ada");

        // then
        assertThat(result).succeeded().outContains("\"line\" : \"Hallo, Countess Ada\"");
    }

    @Test
    void should_not_read_an_experiment_unless_asked() throws IOException {
        // given: a broken experiment.yaml in the working folder must not matter to a plain flow test
        write("experiment.yaml", "name: [broken\n");
        write("py/flow.dag.yaml", """
                inputs:
                  x: {type: string, default: hi}
                outputs:
                  y: {type: string, reference: "${echo.output}"}
                nodes:
                - name: echo
                  type: python
                  source: {type: code, path: echo.py}
                  inputs: {x: "${inputs.x}"}
                """);
        write("py/echo.py", "def echo(x: str) -> str:\n    return x\n");

        // when
        CliResult plain = CliRun.in(dir).run("flow", "test", "py");
        CliResult withExperiment = CliRun.in(dir).run("flow", "test", "py", "-u", ".");

        // then
        assertThat(plain).succeeded().outContains("\"y\" : \"hi\"");
        assertThat(withExperiment).exitedWith(2).errContains("experiment.yaml:2:1: error: invalid YAML");
    }
}
