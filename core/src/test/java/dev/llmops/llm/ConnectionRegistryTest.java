package dev.llmops.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.SystemEnv;
import dev.llmops.error.ConfigException;
import dev.llmops.llm.http.HttpSupport;
import dev.llmops.llm.http.RetryPolicy;
import dev.llmops.testing.FakeLlmServer;
import dev.llmops.testing.FakeLlmServer.Behaviour;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConnectionRegistryTest {

    private static final String KEY = "sk-live-key-do-not-leak";

    @TempDir
    Path dir;

    private final FakeLlmServer server = FakeLlmServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    private ConnectionRegistry registry(LlmOptions options, ConnectionConfig... configs) {
        return new ConnectionRegistry(
                List.of(configs),
                dir,
                new SystemEnv(Map.of(), dir),
                CallObserver.NONE,
                options.withRetry(
                        new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(5))));
    }

    private ConnectionConfig azure(String name) {
        return new ConnectionConfig(
                name,
                "AzureOpenAIConnection",
                Map.of("api_base", server.azureApiBase(), "api_version", "2024-06-01", "api_key", KEY),
                Set.of("api_key"));
    }

    private static ChatRequest question(String text) {
        return ChatRequest.chat(
                "gpt-4o",
                List.of(ChatMessage.of("system", "Be brief."), ChatMessage.of("user", text)),
                Map.of("temperature", 0.7, "max_tokens", 20));
    }

    @Test
    void should_make_one_shared_client_per_connection_and_call_its_endpoint() {
        // given
        ConnectionRegistry registry = registry(LlmOptions.defaults(), azure("aoai"));

        // when
        ChatClient first = registry.chatClient("aoai");
        String text = first.chat(question("hi")).text();

        // then
        assertThat(registry.chatClient("aoai")).isSameAs(first);
        assertThat(text).isEqualTo("ok");
        assertThat(server.lastRequest().apiVersion()).isEqualTo("2024-06-01");
        assertThat(registry.config("aoai")).map(ConnectionConfig::type).contains("AzureOpenAIConnection");
    }

    @Test
    void should_let_a_later_definition_replace_an_earlier_one() {
        // given: the experiment's aoai, then --connection aoai=... pointing at OpenAI
        ConnectionConfig override = new ConnectionConfig(
                "aoai", "OpenAIConnection", Map.of("base_url", server.openAiBaseUrl(), "api_key", KEY), Set.of());

        // when
        registry(LlmOptions.defaults(), azure("aoai"), override)
                .chatClient("aoai")
                .chat(question("hi"));

        // then
        assertThat(server.lastRequest().path()).isEqualTo("/v1/chat/completions");
    }

    @Test
    void should_name_the_defined_connections_when_one_is_missing() {
        // when / then
        assertThatThrownBy(() ->
                        registry(LlmOptions.defaults(), azure("b"), azure("a")).chatClient("aoai"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("no connection named 'aoai'; defined: a, b")
                .hasMessageContaining("--connection aoai=path.yaml");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            CognitiveSearchConnection | api_base=x                | connection 'c' of type CognitiveSearchConnection cannot serve llm nodes
            AzureOpenAIConnection     | api_key=k                 | connection 'c' (AzureOpenAIConnection) has no api_base
            AzureOpenAIConnection     | api_base=my resource      | has api_base 'my resource' which is not a usable endpoint URL
            OpenAIConnection          | api_key=k,base_url=ftp://h | has base_url 'ftp://h' which is not a usable endpoint URL
            OpenAIConnection          | base_url=x                | connection 'c' (OpenAIConnection) has no api_key (set it through the environment, e.g. C_API_KEY
            ReplayConnection          | other=x                   | connection 'c' (ReplayConnection) has no recordings
            azureopenaiconnection     | api_base=http://x,timeout=-1     | has request_timeout_seconds '-1'
            OpenAIConnection          | api_key=k,max_retries=two | has max_retries 'two'
            """)
    void should_reject_connections_that_cannot_serve_llm_nodes(String type, String properties, String message) {
        // given
        Map<String, String> props = new java.util.LinkedHashMap<>();
        for (String pair : properties.split(",")) {
            props.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        ConnectionRegistry registry = registry(LlmOptions.defaults(), new ConnectionConfig("c", type, props, Set.of()));

        // when / then
        assertThatThrownBy(() -> registry.chatClient("c"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(message);
    }

    @Test
    void should_apply_a_connections_own_request_timeout() {
        // given
        server.otherwise(Behaviour.hang());
        ConnectionConfig slow = new ConnectionConfig(
                "slow",
                "OpenAIConnection",
                Map.of(
                        "base_url",
                        server.openAiBaseUrl(),
                        "api_key",
                        KEY,
                        "request_timeout_seconds",
                        "0.2",
                        "max_retries",
                        "0"),
                Set.of("api_key"));

        // when / then
        assertThatThrownBy(() ->
                        registry(LlmOptions.defaults(), slow).chatClient("slow").chat(question("hi")))
                .isInstanceOf(LlmException.class)
                .hasMessageContaining("gave up after 1 attempts")
                .hasMessageContaining("request timeout of 200 ms");
    }

    @Test
    void should_record_live_calls_and_replay_them_offline_without_secrets(@TempDir Path tmp) throws IOException {
        // given
        Path recordings = tmp.resolve("rec/calls.jsonl");
        server.answerWith(r -> "echo: " + r.lastUserMessage());
        ConnectionRegistry live = registry(LlmOptions.defaults().withRecordFile(recordings), azure("aoai"));

        // when
        ChatResponse first = live.chatClient("aoai").chat(question("one"));
        live.chatClient("aoai").chat(question("two"));
        live.chatClient("aoai").chat(question("one"));
        ConnectionConfig replay =
                new ConnectionConfig("aoai", "ReplayConnection", Map.of("recordings", recordings.toString()), Set.of());
        ChatResponse replayed =
                registry(LlmOptions.defaults(), replay).chatClient("aoai").chat(question("one"));

        // then
        List<String> lines = Files.readAllLines(recordings);
        assertThat(lines).hasSize(2);
        assertThat(String.join("\n", lines))
                .doesNotContain(KEY)
                .doesNotContain(server.azureApiBase())
                .doesNotContain("api_key");
        assertThat(new ObjectMapper()
                        .readTree(lines.getFirst())
                        .path("request")
                        .path("parameters")
                        .path("max_tokens")
                        .asInt())
                .isEqualTo(20);
        assertThat(replayed.text()).isEqualTo("echo: one");
        assertThat(replayed.usage()).isEqualTo(first.usage());
        assertThat(replayed.latencyMillis()).isZero();
        assertThat(server.requestCount()).isEqualTo(3);
    }

    @Test
    void should_append_to_an_existing_recordings_file_without_duplicating(@TempDir Path tmp) throws IOException {
        // given
        Path recordings = tmp.resolve("calls.jsonl");
        registry(LlmOptions.defaults().withRecordFile(recordings), azure("aoai"))
                .chatClient("aoai")
                .chat(question("one"));

        // when: a second run records into the same file
        ConnectionRegistry again = registry(LlmOptions.defaults().withRecordFile(recordings), azure("aoai"));
        again.chatClient("aoai").chat(question("one"));
        again.chatClient("aoai").chat(question("three"));

        // then
        assertThat(Files.readAllLines(recordings)).hasSize(2);
    }

    @Test
    void should_not_record_failed_calls(@TempDir Path tmp) {
        // given
        Path recordings = tmp.resolve("calls.jsonl");
        server.otherwise(Behaviour.unauthorized());
        ConnectionRegistry registry = registry(LlmOptions.defaults().withRecordFile(recordings), azure("aoai"));

        // when / then
        assertThatThrownBy(() -> registry.chatClient("aoai").chat(question("one")))
                .isInstanceOf(LlmException.class);
        assertThat(recordings).doesNotExist();
    }

    @Test
    void should_resolve_relative_recordings_against_the_base_dir() throws IOException {
        // given
        Files.writeString(
                dir.resolve("demo.jsonl"),
                "{\"match\": {\"contains\": \"hi\"}, \"response\": {\"text\": \"hello\"}}\n");
        ConnectionConfig replay =
                new ConnectionConfig("demo", "ReplayConnection", Map.of("recordings", "demo.jsonl"), Set.of());

        // when
        String text = registry(LlmOptions.defaults(), replay)
                .chatClient("demo")
                .chat(question("hi"))
                .text();

        // then
        assertThat(text).isEqualTo("hello");
    }

    @Test
    void should_serve_prompty_style_configurations_through_the_factory() {
        // given
        DefaultChatClientFactory factory = new DefaultChatClientFactory(
                dir,
                LlmOptions.defaults(),
                () -> HttpSupport.defaults(HttpSupport.newHttpClient(Duration.ofSeconds(5)), CallObserver.NONE),
                () -> "token-from-entra");
        ConnectionConfig prompty = new ConnectionConfig(
                "prompty", "azure_openai", Map.of("azure_endpoint", server.azureApiBase()), Set.of());

        // when
        factory.create(prompty).chat(question("hi"));

        // then
        assertThat(server.lastRequest().header("authorization")).isEqualTo("Bearer token-from-entra");
        assertThat(server.lastRequest().apiVersion()).isEqualTo(LlmConnection.DEFAULT_AZURE_API_VERSION);
    }

    @Test
    void should_never_show_a_key_in_a_connections_description() {
        // given
        LlmConnection connection = LlmConnection.from(azure("aoai"), dir);

        // when / then
        assertThat(connection.toString()).doesNotContain(KEY).contains("apiKey=***");
    }
}
