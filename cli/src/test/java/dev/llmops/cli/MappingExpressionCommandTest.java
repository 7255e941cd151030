package dev.llmops.cli;

import static dev.llmops.cli.CliAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmops.testing.FakeLlmRequest;
import dev.llmops.testing.FakeLlmServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Mapping and flow references through {@code validate} and {@code run}: one parser decides, so both commands accept
 * the same references, read them the same way, and refuse a broken one at the same {@code file:line:col} before any
 * model call.
 */
class MappingExpressionCommandTest {

    @TempDir
    Path dir;

    private FakeLlmServer server;

    @BeforeEach
    void start() {
        server = FakeLlmServer.start()
                .answerWith(r -> "answer to " + r.lastUserMessage().strip());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void should_read_a_column_through_a_reference_written_with_spaces() throws IOException {
        // given
        writeUseCase("\"${ data.question }\"", "${inputs.question}");

        // when
        CliResult validated = cli().run("validate", "-u", ".");
        CliResult ran = cli().run("run", "-u", ".");

        // then: the model got the column's value, not the text of the reference
        assertThat(validated).succeeded().outContains("OK: qa");
        assertThat(ran).succeeded();
        assertThat(server.requests())
                .extracting(FakeLlmRequest::lastUserMessage)
                .containsExactlyInAnyOrder("Question: q1", "Question: q2");
    }

    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            ${data.question         | ${inputs.question}  | experiment.yaml:12:15:  | is not closed: the '}' of '${' is missing
            "Q: ${data.question}"   | ${inputs.question}  | experiment.yaml:12:15:  | has text before '${'
            ${data.question}!       | ${inputs.question}  | experiment.yaml:12:15:  | has text after the reference
            ${data.}                | ${inputs.question}  | experiment.yaml:12:15:  | has an empty name between dots
            ${date.question}        | ${inputs.question}  | experiment.yaml:12:15:  | unknown expression ${date.question}
            ${run.outputs.answer}   | ${inputs.question}  | experiment.yaml:12:15:  | only evaluation runs have a run to read from
            ${data.question}        | ${inputs.question   | flow/flow.dag.yaml:12:39: | is not closed
            ${data.question}        | 'Q ${inputs.question}' | flow/flow.dag.yaml:12:39: | has text before '${'
            """)
    void should_refuse_a_broken_reference_in_validate_and_run_at_the_same_place(
            String mapping, String nodeInput, String where, String message) throws IOException {
        // given
        writeUseCase(mapping, nodeInput);

        // when
        CliResult validated = cli().run("validate", "-u", ".");
        CliResult ran = cli().run("run", "-u", ".");

        // then
        for (CliResult result : new CliResult[] {validated, ran}) {
            assertThat(result).exitedWith(2);
            assertThat(errorLine(result, message)).startsWith(where + " error: ");
        }
        assertThat(server.requestCount()).isZero();
        assertThat(dir.resolve(".llmops/runs")).doesNotExist();
    }

    private static String errorLine(CliResult result, String message) {
        return result.err()
                .lines()
                .filter(l -> l.contains(message))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no line with '" + message + "' in:\n" + result.err()));
    }

    private CliRun cli() {
        return CliRun.in(dir).env("LLM_API_KEY", "sk-test-key-1234");
    }

    private void writeUseCase(String mapping, String nodeInput) throws IOException {
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
                    question: %s
                """.formatted(server.openAiBaseUrl(), mapping));
        Files.writeString(dir.resolve("data.jsonl"), "{\"question\": \"q1\"}\n{\"question\": \"q2\"}\n");
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
                  source: {type: code, path: answer.jinja2}
                  inputs: {model: gpt-test, question: "%s"}
                  connection: llm
                  api: chat
                """.formatted(nodeInput));
        Files.writeString(flow.resolve("answer.jinja2"), "user:\nQuestion: {{question}}\n");
    }
}
