package dev.llmops.cli;

import static dev.llmops.cli.CliAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.testing.FakeLlmServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code llmops run} end to end: real flows, a real python aggregation, a local OpenAI-protocol server. */
class RunCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "sk-test-secret-123456";

    @TempDir
    Path dir;

    private FakeLlmServer server;
    private final AtomicBoolean failQ2 = new AtomicBoolean();

    @BeforeEach
    void start() throws IOException {
        server = FakeLlmServer.start()
                .when(
                        r -> failQ2.get() && r.lastUserMessage().contains("q2"),
                        new FakeLlmServer.Behaviour.Status(400, Map.of(), "{\"error\":{\"message\":\"bad\"}}"))
                .answerWith(r -> "answer to " + r.lastUserMessage().strip());
        writeUseCase();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void should_run_every_variant_on_every_dataset_and_aggregate() throws IOException {
        // when
        CliResult result = cli().run("run", "-u", ".", "--output-file", "ids.json");

        // then: 2 variants (the template's "all" rule) x 2 datasets
        assertThat(result).succeeded().outContains("Completed");
        List<String> names = readIds();
        assertThat(names).hasSize(4);
        assertThat(names).anyMatch(n -> n.startsWith("qa_answer.v1_small_"));
        assertThat(server.requestCount()).isEqualTo(2 * (3 + 2));
        Path small = runDir(names, "qa_answer.v0_small_");
        List<JsonNode> lines = lines(small.resolve("outputs.jsonl"));
        assertThat(lines).extracting(l -> l.get("line_number").asInt()).containsExactly(0, 1, 2);
        assertThat(lines.get(1).at("/outputs/answer").asText()).isEqualTo("answer to Question: q2");
        JsonNode metrics = JSON.readTree(small.resolve("metrics.json").toFile());
        assertThat(metrics.get("lines").asInt()).isEqualTo(3);
        assertThat(metrics.get("first_question").asText()).isEqualTo("q1");
    }

    @Test
    void should_keep_failed_lines_exit_1_and_resume_only_what_failed() throws IOException {
        // given: the endpoint rejects one line
        failQ2.set(true);

        // when
        CliResult first = cli().run("run", "-u", ".", "--variants", "defaults");

        // then
        assertThat(first)
                .exitedWith(1)
                .errContains("1 of 3 lines failed")
                .outContains("Failed lines of qa_default_small_")
                .outContains("1 line: ")
                .outContains("(first: line 1, node answer)");
        int callsBefore = server.requestCount();

        // when: the endpoint recovers and the failed lines are retried
        failQ2.set(false);
        CliResult resumed = cli().run("run", "-u", ".", "--variants", "defaults", "--resume", "--retry-failed");

        // then: only the failed lines ran again, and aggregation saw every line, also those of the first process
        assertThat(resumed).succeeded();
        assertThat(server.requestCount() - callsBefore).isEqualTo(1);
        Path run = onlyRun("qa_default_small_");
        assertThat(lines(run.resolve("outputs.jsonl")))
                .extracting(l -> l.get("status").asText())
                .containsExactly("Completed", "Completed", "Completed");
        assertThat(JSON.readTree(run.resolve("metrics.json").toFile())
                        .get("lines")
                        .asInt())
                .isEqualTo(3);
    }

    @Test
    void should_print_the_plan_and_run_nothing_on_dry_run() {
        CliResult result = cli().run("run", "-u", ".", "--variants", "grid", "--dry-run");

        assertThat(result).succeeded().outContains("answer.v1");
        assertThat(server.requestCount()).isZero();
        assertThat(dir.resolve(".llmops/runs")).doesNotExist();
    }

    @Test
    void should_refuse_a_missing_column_before_any_model_call() throws IOException {
        // given
        String experiment =
                Files.readString(dir.resolve("experiment.yaml")).replace("${data.question}", "${data.nope}");
        Files.writeString(dir.resolve("experiment.yaml"), experiment);

        // when
        CliResult result = cli().run("run", "-u", ".");

        // then
        assertThat(result).exitedWith(2).errContains("nope");
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void should_never_write_the_api_key_into_the_run_store() throws IOException {
        cli().run("run", "-u", ".");

        try (Stream<Path> files = Files.walk(dir.resolve(".llmops"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file, StandardCharsets.UTF_8)).doesNotContain(KEY);
            }
        }
    }

    private CliRun cli() {
        return CliRun.in(dir).env("LLM_API_KEY", KEY);
    }

    private void writeUseCase() throws IOException {
        Files.writeString(dir.resolve("experiment.yaml"), """
                name: qa
                flow: flow
                connections:
                - name: llm
                  connection_type: OpenAIConnection
                  base_url: %s
                  api_key: ${api_key}
                datasets:
                - name: small
                  source: data.jsonl
                  mappings:
                    question: ${data.question}
                - name: other
                  source: data2.jsonl
                  mappings: {}
                """.formatted(server.openAiBaseUrl()));
        Files.writeString(dir.resolve("data.jsonl"), """
                {"question": "q1"}
                {"question": "q2"}
                {"question": "q3"}
                """);
        Files.writeString(dir.resolve("data2.jsonl"), "{\"question\": \"x1\"}\n{\"question\": \"x2\"}");
        Path flow = Files.createDirectories(dir.resolve("flow"));
        Files.writeString(flow.resolve("flow.dag.yaml"), """
                inputs:
                  question:
                    type: string
                outputs:
                  answer:
                    type: string
                    reference: ${answer.output}
                nodes:
                - name: count
                  type: python
                  source: {type: code, path: count.py}
                  aggregation: true
                  inputs:
                    answers: ${answer.output}
                    questions: ${inputs.question}
                - name: answer
                  use_variants: true
                node_variants:
                  answer:
                    default_variant_id: v0
                    variants:
                      v0:
                        node:
                          type: llm
                          source: {type: code, path: short.jinja2}
                          connection: llm
                          api: chat
                          inputs: {model: gpt-test, temperature: 0, question: "${inputs.question}"}
                      v1:
                        node:
                          type: llm
                          source: {type: code, path: long.jinja2}
                          connection: llm
                          api: chat
                          inputs: {model: gpt-test, temperature: 0.5, question: "${inputs.question}"}
                """);
        Files.writeString(flow.resolve("short.jinja2"), "system:\nAnswer briefly.\nuser:\nQuestion: {{question}}\n");
        Files.writeString(flow.resolve("long.jinja2"), "system:\nAnswer in detail.\nuser:\nQuestion: {{question}}\n");
        Files.writeString(flow.resolve("count.py"), """
                from promptflow import tool, log_metric

                @tool
                def count(answers: list, questions: list):
                    log_metric("lines", len(answers))
                    log_metric("first_question", questions[0])
                    return len(answers)
                """);
    }

    private List<String> readIds() throws IOException {
        List<String> names = new ArrayList<>();
        JSON.readTree(dir.resolve("ids.json").toFile()).forEach(n -> names.add(n.asText()));
        return names;
    }

    private Path runDir(List<String> names, String prefix) {
        String name =
                names.stream().filter(n -> n.startsWith(prefix)).findFirst().orElseThrow();
        return dir.resolve(".llmops/runs").resolve(name);
    }

    private Path onlyRun(String prefix) throws IOException {
        try (Stream<Path> runs = Files.list(dir.resolve(".llmops/runs"))) {
            List<Path> matching = runs.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .toList();
            assertThat(matching).hasSize(1);
            return matching.get(0);
        }
    }

    private static List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }
}
