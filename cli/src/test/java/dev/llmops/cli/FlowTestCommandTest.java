package dev.llmops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmops.SystemEnv;
import dev.llmops.flow.tool.ToolResult;
import dev.llmops.flow.tool.ToolRunner;
import dev.llmops.llm.ChatClient;
import dev.llmops.llm.ChatRequest;
import dev.llmops.llm.ChatResponse;
import dev.llmops.llm.ConnectionConfig;
import dev.llmops.llm.LlmException;
import dev.llmops.llm.TokenUsage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FlowTestCommandTest {

    @TempDir
    Path dir;

    private final List<ChatRequest> requests = new CopyOnWriteArrayList<>();
    private final List<ConnectionConfig> connections = new CopyOnWriteArrayList<>();
    private String out;
    private String err;

    @BeforeEach
    void writeFlows() throws IOException {
        Files.createDirectories(dir.resolve("greet"));
        Files.writeString(dir.resolve("greet/flow.dag.yaml"), """
                inputs:
                  name: {type: string, default: World}
                  times: {type: int, default: 1}
                outputs:
                  greeting: {type: string, reference: "${greet.output}"}
                  shout: {type: string, reference: "${shout.output}"}
                nodes:
                - name: shout
                  type: python
                  source: {type: code, path: shout.py}
                  inputs: {text: "${greet.output}"}
                - name: greet
                  type: prompt
                  source: {type: code, path: greet.jinja2}
                  inputs: {name: "${inputs.name}", times: "${inputs.times}"}
                """);
        Files.writeString(
                dir.resolve("greet/greet.jinja2"), "{% for i in range(times) %}Hello {{ name }}!{% endfor %}");
        Files.writeString(dir.resolve("greet/shout.py"), "def shout(text: str) -> str:\n    return text.upper()\n");
        Files.createDirectories(dir.resolve("qa"));
        Files.writeString(dir.resolve("qa/flow.dag.yaml"), """
                inputs:
                  question: {type: string}
                outputs:
                  answer: {type: string, reference: "${answer.output}"}
                nodes:
                - name: answer
                  use_variants: true
                node_variants:
                  answer:
                    default_variant_id: short
                    variants:
                      short:
                        node: {type: llm, api: chat, connection: aoai, source: {type: code, path: qa.jinja2}, inputs: {deployment_name: gpt-4o, max_tokens: 16, question: "${inputs.question}"}}
                      long:
                        node: {type: llm, api: chat, connection: aoai, source: {type: code, path: qa.jinja2}, inputs: {deployment_name: gpt-4o, max_tokens: 512, question: "${inputs.question}"}}
                """);
        Files.writeString(dir.resolve("qa/qa.jinja2"), "system:\nAnswer briefly.\nuser:\n{{ question }}\n");
        Files.writeString(dir.resolve("aoai.yaml"), """
                name: aoai
                type: azure_open_ai
                api_base: https://res.openai.azure.com
                api_key: ${AOAI_KEY}
                api_version: 2024-02-01
                """);
    }

    private int run(FlowCommandServices services, String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        SystemEnv env = new SystemEnv(Map.of("AOAI_KEY", "key-0123456789"), dir);
        CliContext context = new CliContext(
                env,
                new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8));
        Main root = new Main(context);
        CommandLine cmd = new CommandLine(root);
        cmd.addSubcommand(new FlowCommand(services));
        cmd.setOut(context.out());
        cmd.setErr(context.err());
        cmd.setExecutionExceptionHandler((ex, c, p) -> ExitCodes.report(ex, context, root.verbose));
        cmd.setParameterExceptionHandler(ExitCodes::reportUsage);
        int code = cmd.execute(args);
        context.out().flush();
        context.err().flush();
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return code;
    }

    private FlowCommandServices services(ChatClient client) {
        ToolRunner python = new ToolRunner() {
            @Override
            public ToolResult invoke(dev.llmops.flow.tool.ToolInvocation inv) {
                return ToolResult.of(((String) inv.inputs().get("text")).toUpperCase());
            }

            @Override
            public void close() {}
        };
        return new FlowCommandServices(
                (ctx, baseDir, options) -> config -> {
                    connections.add(config);
                    return client;
                },
                ctx -> python,
                ctx -> python,
                (request, ctx) -> {
                    throw new AssertionError("no -u/-e/-f given, so no experiment is read");
                });
    }

    private ChatClient answering(String text) {
        return request -> {
            requests.add(request);
            return new ChatResponse(text, new TokenUsage(12, 3), 5, "gpt-4o");
        };
    }

    @Test
    void should_print_outputs_as_json_and_a_trace_table() {
        // when
        int code = run(services(answering("unused")), "flow", "test", "greet", "--inputs", "name=Ada", "times=2");

        // then
        assertThat(code).isZero();
        assertThat(out)
                .contains("\"greeting\" : \"Hello Ada!Hello Ada!\"")
                .contains("\"shout\" : \"HELLO ADA!HELLO ADA!\"")
                .containsPattern("(?m)^greet +COMPLETED +\\d+ ms +0$")
                .containsPattern("(?m)^shout +COMPLETED ");
        assertThat(out.indexOf("greet ")).isLessThan(out.indexOf("shout "));
    }

    @Test
    void should_call_the_connection_from_a_file_with_the_selected_variant() {
        // when
        int code = run(
                services(answering("Paris.")),
                "flow",
                "test",
                "qa",
                "--inputs",
                "question=Capital of France?",
                "--variant",
                "${answer.long}",
                "--connection",
                "aoai=aoai.yaml");

        // then
        assertThat(code).isZero();
        assertThat(out).contains("\"answer\" : \"Paris.\"").contains("15 tokens (12 prompt, 3 completion)");
        assertThat(requests).singleElement().satisfies(r -> {
            assertThat(r.parameters()).containsEntry("max_tokens", 512L);
            assertThat(r.messages().get(1).content()).isEqualTo("Capital of France?");
        });
        assertThat(connections).singleElement().satisfies(c -> {
            assertThat(c.type()).isEqualTo("AzureOpenAIConnection");
            assertThat(c.property("api_key")).isEqualTo("key-0123456789");
            assertThat(c.secretProperties()).contains("api_key");
        });
    }

    @Test
    void should_exit_1_on_a_failed_line_without_printing_the_secret() {
        // given: an error message that (wrongly) echoes the key must still be masked
        ChatClient failing = request -> {
            throw new LlmException("401 Unauthorized for key key-0123456789; check api_key", false, 401);
        };

        // when
        int code = run(
                services(failing), "flow", "test", "qa", "--inputs", "question=hi", "--connection", "aoai=aoai.yaml");

        // then
        assertThat(code).isEqualTo(1);
        assertThat(out)
                .contains("FAILED: node 'answer' failed: 401 Unauthorized for key ***; check api_key")
                .containsPattern("(?m)^answer +FAILED ");
        assertThat(err).contains("llmops: 1 of 1 line(s) failed");
        assertThat(out + err).doesNotContain("key-0123456789");
    }

    @Test
    void should_run_each_line_of_a_jsonl_file() throws IOException {
        // given
        Files.writeString(dir.resolve("lines.jsonl"), "{\"name\": \"Ann\"}\n\n{\"name\": \"Bob\", \"times\": \"3\"}\n");

        // when
        int code = run(services(answering("x")), "flow", "test", "greet", "--inputs-file", "lines.jsonl");

        // then
        assertThat(code).isZero();
        assertThat(out)
                .contains(
                        "--- line 0",
                        "--- line 1",
                        "\"greeting\" : \"Hello Ann!\"",
                        "\"greeting\" : \"Hello Bob!Hello Bob!Hello Bob!\"");
    }

    @Test
    void should_run_a_single_node() {
        // when
        int code = run(services(answering("x")), "flow", "test", "greet", "--node", "shout", "--inputs", "text=quiet");

        // then
        assertThat(code).isZero();
        assertThat(out).contains("\"shout\" : \"QUIET\"");
    }

    @Test
    void should_exit_2_naming_file_and_line_for_a_broken_flow() throws IOException {
        // given
        Files.writeString(dir.resolve("greet/flow.dag.yaml"), """
                nodes:
                - name: greet
                  type: prompt
                  source: {type: code, path: missing.jinja2}
                """);

        // when
        int code = run(services(answering("x")), "flow", "test", "greet");

        // then
        assertThat(code).isEqualTo(2);
        assertThat(err)
                // named relative to the working directory, as every command names files
                .contains(Path.of("greet/flow.dag.yaml") + ":4:")
                .contains("node 'greet': source file 'missing.jinja2' does not exist");
    }

    @Test
    void should_exit_2_when_a_connection_is_missing() {
        // when
        int code = run(services(answering("x")), "flow", "test", "qa", "--inputs", "question=hi");

        // then
        assertThat(code).isEqualTo(2);
        assertThat(err)
                .contains("node 'answer' uses connection 'aoai', which is not defined")
                .contains("pass --connection aoai=connection.yaml");
    }
}
