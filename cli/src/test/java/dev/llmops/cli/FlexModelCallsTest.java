package dev.llmops.cli;

import static dev.llmops.cli.CliAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.testing.FakeLlmRequest;
import dev.llmops.testing.FakeLlmServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model calls made by flex entry code reach the experiment's connection through the JVM: a {@code Prompty} with a
 * model configuration naming a connection, and raw OpenAI HTTP calls to the loopback endpoint (a standard-library
 * client reading the variables the {@code openai} package reads). A local server speaks the Azure OpenAI protocol.
 */
class FlexModelCallsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "real-azure-key-123";

    @TempDir
    Path dir;

    private FakeLlmServer server;

    @BeforeEach
    void start() {
        server = FakeLlmServer.start().answer("The answer.", 11, 3);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void should_send_a_prompty_call_of_a_class_entry_through_the_named_connection_and_trim_history() throws Exception {
        // given: a history so long that the class drops its oldest turns to fit max_total_token
        writeExperiment("flows/chat", "question: ${data.question}\n    chat_history: ${data.chat_history}");
        Path flow = Files.createDirectories(dir.resolve("uc/flows/chat"));
        Files.writeString(flow.resolve("flow.flex.yaml"), """
                entry: flow:ChatFlow
                inputs:
                  question: {type: string}
                  chat_history: {type: list, default: ''}
                init:
                  model_config:
                    type: AzureOpenAIModelConfiguration
                    default: {azure_deployment: gpt-35-turbo, connection: aoai}
                  max_total_token: {type: int, default: 4096}
                """);
        Files.writeString(
                flow.resolve("init.json"),
                "{\"max_total_token\": 60, \"model_config\": {\"connection\": \"aoai\", \"azure_deployment\": \"chat-dep\"}}");
        Files.writeString(flow.resolve("flow.py"), """
                from pathlib import Path
                from promptflow.core import AzureOpenAIModelConfiguration, Prompty
                from promptflow.tracing import trace

                BASE = Path(__file__).parent


                class ChatFlow:
                    def __init__(self, model_config: AzureOpenAIModelConfiguration, max_total_token=4096):
                        self.model_config = model_config
                        self.max_total_token = max_total_token

                    @trace
                    def __call__(self, question: str, chat_history: list = None) -> str:
                        prompty = Prompty.load(source=BASE / "chat.prompty", model={"configuration": self.model_config})
                        chat_history = chat_history or []
                        while chat_history and prompty.estimate_token_count(
                                question=question, chat_history=chat_history) > self.max_total_token:
                            chat_history = chat_history[1:]
                        return prompty(question=question, chat_history=chat_history)
                """);
        Files.writeString(flow.resolve("chat.prompty"), """
                ---
                name: chat
                model:
                  api: chat
                  configuration:
                    type: azure_openai
                    azure_deployment: not-this-one
                  parameters:
                    max_tokens: 50
                inputs:
                  question: {type: string}
                  chat_history: {type: list}
                ---
                system:
                You answer briefly.
                {% for item in chat_history %}
                {{item.role}}:
                {{item.content}}
                {% endfor %}
                user:
                {{question}}
                """);
        String turn = "{\"role\": \"user\", \"content\": \"" + "old words ".repeat(20) + "\"}";
        Files.writeString(
                dir.resolve("uc/data/data.jsonl"),
                "{\"question\": \"What is new?\", \"chat_history\": [" + turn
                        + ", {\"role\": \"assistant\", \"content\": \"recent\"}]}\n");

        // when
        CliResult result = CliRun.in(dir).env("AOAI_API_KEY", KEY).run("run", "-u", "uc");

        // then
        assertThat(result).succeeded();
        FakeLlmRequest sent = server.lastRequest();
        assertThat(sent.path()).isEqualTo("/openai/deployments/chat-dep/chat/completions");
        assertThat(sent.header("api-key")).isEqualTo(KEY);
        String messages = sent.json().path("messages").toString();
        assertThat(messages)
                .contains("You answer briefly.")
                .contains("What is new?")
                .contains("recent");
        assertThat(messages).doesNotContain("old words"); // trimmed to fit 60 tokens
        assertThat(sent.json().path("max_tokens").asInt()).isEqualTo(50);
        JsonNode line = JSON.readTree(
                Files.readAllLines(runDir().resolve("outputs.jsonl")).getFirst());
        assertThat(line.path("outputs").path("output").asText()).isEqualTo("The answer.");
        assertThat(line.path("tokens").path("total").asLong()).isEqualTo(14);
    }

    @Test
    void should_serve_raw_openai_calls_of_a_function_entry_on_the_loopback_endpoint_with_a_token_not_the_key()
            throws Exception {
        // given: code that reads OPENAI_BASE_URL / OPENAI_API_KEY like the openai package does
        writeExperiment("flows/raw", "text: ${data.text}");
        Path flow = Files.createDirectories(dir.resolve("uc/flows/raw"));
        Files.writeString(flow.resolve("flow.flex.yaml"), "entry: raw:write\ninputs:\n  text: {type: string}\n");
        Files.writeString(flow.resolve("raw.py"), """
                import json, os, urllib.request


                def write(text: str):
                    body = json.dumps({"model": "gpt-4o-mini", "messages": [{"role": "user", "content": text}]})
                    req = urllib.request.Request(os.environ["OPENAI_BASE_URL"] + "/chat/completions", body.encode(),
                                                 {"Authorization": "Bearer " + os.environ["OPENAI_API_KEY"],
                                                  "Content-Type": "application/json"})
                    with urllib.request.urlopen(req) as r:
                        answer = json.load(r)
                    return {"output": answer["choices"][0]["message"]["content"],
                            "saw_key": os.environ["OPENAI_API_KEY"] == os.environ.get("AOAI_API_KEY"),
                            "usage": answer["usage"]["total_tokens"]}
                """);
        Files.writeString(dir.resolve("uc/data/data.jsonl"), "{\"text\": \"Write hello world in Java\"}\n");

        // when
        CliResult result = CliRun.in(dir).env("AOAI_API_KEY", KEY).run("run", "-u", "uc");

        // then
        assertThat(result).succeeded();
        FakeLlmRequest sent = server.lastRequest();
        assertThat(sent.path()).isEqualTo("/openai/deployments/gpt-4o-mini/chat/completions");
        assertThat(sent.header("api-key")).isEqualTo(KEY);
        assertThat(sent.json().path("messages").toString()).contains("Write hello world in Java");
        JsonNode line = JSON.readTree(
                Files.readAllLines(runDir().resolve("outputs.jsonl")).getFirst());
        assertThat(line.path("outputs").path("output").asText()).isEqualTo("The answer.");
        assertThat(line.path("outputs").path("saw_key").asBoolean()).isFalse();
        assertThat(line.path("outputs").path("usage").asLong()).isEqualTo(14);
        assertThat(line.path("tokens").path("total").asLong()).isEqualTo(14);
    }

    @Test
    void should_refuse_a_loopback_call_without_the_workers_token() throws Exception {
        // given
        writeExperiment("flows/raw", "text: ${data.text}");
        Path flow = Files.createDirectories(dir.resolve("uc/flows/raw"));
        Files.writeString(flow.resolve("flow.flex.yaml"), "entry: raw:write\ninputs:\n  text: {type: string}\n");
        Files.writeString(flow.resolve("raw.py"), """
                import json, os, urllib.request


                def write(text: str):
                    req = urllib.request.Request(os.environ["AZURE_OPENAI_ENDPOINT"]
                                                 + "/openai/deployments/d/chat/completions?api-version=2024-02-01",
                                                 b'{"messages": [{"role": "user", "content": "x"}]}',
                                                 {"api-key": "guessed", "Content-Type": "application/json"})
                    urllib.request.urlopen(req)
                """);
        Files.writeString(dir.resolve("uc/data/data.jsonl"), "{\"text\": \"x\"}\n");

        // when
        CliResult result = CliRun.in(dir).env("AOAI_API_KEY", KEY).run("run", "-u", "uc");

        // then
        assertThat(result).exitedWith(1);
        assertThat(server.requestCount()).isZero();
        assertThat(Files.readString(runDir().resolve("errors.jsonl"))).contains("HTTP Error 401");
    }

    private void writeExperiment(String flow, String mappings) throws IOException {
        Files.createDirectories(dir.resolve("uc/data"));
        Files.writeString(dir.resolve("uc/experiment.yaml"), """
                name: flexllm
                flow: %s
                connections:
                - name: aoai
                  connection_type: AzureOpenAIConnection
                  api_base: %s
                  api_version: 2024-02-01
                  api_key: ${api_key}
                datasets:
                - name: d
                  source: data/data.jsonl
                  mappings:
                    %s
                """.formatted(flow, server.azureApiBase(), mappings));
    }

    private Path runDir() throws IOException {
        try (Stream<Path> runs = Files.list(dir.resolve("uc/.llmops/runs"))) {
            List<Path> all = runs.toList();
            assertThat(all).hasSize(1);
            return all.getFirst();
        }
    }
}
