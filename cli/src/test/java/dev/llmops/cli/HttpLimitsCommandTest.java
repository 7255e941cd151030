package dev.llmops.cli;

import static dev.llmops.cli.CliAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.testing.FakeLlmServer;
import dev.llmops.testing.FakeLlmServer.Behaviour;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An endpoint that sends too much, or sends it too slowly, fails the line it answers with a clear reason and
 * leaves the other lines alone: {@code llmops run} against a local OpenAI-protocol server.
 */
class HttpLimitsCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final FakeLlmServer server = FakeLlmServer.start().answer("fine");

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void should_cut_a_body_over_the_default_cap_and_fail_only_that_line() throws IOException {
        // given: 5 MB of a well-formed completion, chunked, so only counting the bytes can stop it
        server.whenUserSays("huge", Behaviour.oversized(5L * 1024 * 1024, false));
        writeUseCase("");

        // when
        CliResult result = cli().run("run", "-u", ".");

        // then
        assertThat(result)
                .exitedWith(1)
                .errContains("1 of 2 lines failed")
                .outContains("sent a response body larger than the limit of 4 MB (cut off there)")
                .outContains("max_response_mb")
                .errDoesNotContain("OutOfMemoryError");
        assertThat(statuses()).containsExactly("Completed", "Failed");
    }

    @Test
    void should_refuse_a_declared_length_over_a_configured_cap_without_reading_it() throws IOException {
        // given: max_response_mb 1, and a 2 MB answer that says its length
        server.whenUserSays("huge", Behaviour.oversized(2L * 1024 * 1024, true));
        writeUseCase("  max_response_mb: 1\n");

        // when
        CliResult result = cli().run("run", "-u", ".");

        // then
        assertThat(result)
                .exitedWith(1)
                .outContains("larger than the limit of 1 MB (its Content-Length said so; nothing was read)");
        assertThat(statuses()).containsExactly("Completed", "Failed");
    }

    @Test
    void should_bound_the_whole_response_by_request_timeout_seconds() throws IOException {
        // given: the headers come at once, then the last bytes one per 0.5 s (4 s in all), and a 1 s timeout
        server.whenUserSays("huge", Behaviour.trickle("slow but whole", Duration.ofMillis(500), 8));
        writeUseCase("  request_timeout_seconds: 1\n  max_retries: 0\n");

        // when
        CliResult result = cli().run("run", "-u", ".");

        // then: without the whole-response deadline the line would complete, 4 s later
        assertThat(result)
                .exitedWith(1)
                .errContains("1 of 2 lines failed")
                .outContains("got no answer within the request timeout of 1000 ms");
        assertThat(statuses()).containsExactly("Completed", "Failed");
    }

    @Test
    void should_reject_a_max_response_mb_that_is_not_a_size() throws IOException {
        // given
        writeUseCase("  max_response_mb: lots\n");

        // when
        CliResult result = cli().run("run", "-u", ".");

        // then: the preflight that validate shares refuses it before any line runs, at the node using it
        assertThat(result)
                .exitedWith(2)
                .errContains("flow/flow.dag.yaml:9:3: error: node 'answer' of the flow flow: connection 'llm'"
                        + " (OpenAIConnection) has max_response_mb 'lots'; give a positive number");
        assertThat(server.requestCount()).isZero();
    }

    private CliRun cli() {
        return CliRun.in(dir).env("LLM_API_KEY", "sk-test-limits");
    }

    private List<String> statuses() throws IOException {
        Path runs = dir.resolve(".llmops/runs");
        Path run;
        try (Stream<Path> list = Files.list(runs)) {
            run = list.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("outputs.jsonl"))) {
            if (!line.isBlank()) {
                JsonNode node = JSON.readTree(line);
                out.add(node.get("status").asText());
            }
        }
        return out;
    }

    private void writeUseCase(String connectionExtras) throws IOException {
        Files.writeString(dir.resolve("experiment.yaml"), """
                name: limits
                flow: flow
                connections:
                - name: llm
                  connection_type: OpenAIConnection
                  base_url: %s
                  api_key: ${api_key}
                %sdatasets:
                - name: small
                  source: data.jsonl
                  mappings:
                    question: ${data.question}
                """.formatted(server.openAiBaseUrl(), connectionExtras));
        Files.writeString(dir.resolve("data.jsonl"), """
                {"question": "small"}
                {"question": "huge"}
                """);
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
                - name: answer
                  type: llm
                  source: {type: code, path: prompt.jinja2}
                  connection: llm
                  api: chat
                  inputs: {model: gpt-test, question: "${inputs.question}"}
                """);
        Files.writeString(flow.resolve("prompt.jinja2"), "user:\n{{question}}\n");
    }
}
