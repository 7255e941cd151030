package dev.llmops.flow.prompty;

import static dev.llmops.flow.testing.FlowFixtures.flow;
import static dev.llmops.flow.testing.FlowFixtures.noTools;
import static dev.llmops.flow.testing.FlowFixtures.runtime;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import dev.llmops.error.ConfigException;
import dev.llmops.flow.Flow;
import dev.llmops.flow.FlowExecutor;
import dev.llmops.flow.FlowLoader;
import dev.llmops.flow.LineResult;
import dev.llmops.flow.VariantSelection;
import dev.llmops.flow.testing.FakeConnections;
import dev.llmops.flow.testing.ScriptedChatClient;
import dev.llmops.llm.ChatMessage;
import dev.llmops.llm.ConnectionConfig;
import dev.llmops.llm.LlmApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptyTest {

    @TempDir
    Path dir;

    private final List<ConnectionConfig> created = new CopyOnWriteArrayList<>();
    private final ScriptedChatClient client = new ScriptedChatClient(req -> "{\"answer\": \"Paris\"}");

    private FlowExecutor executor(String file, Map<String, String> env) {
        Flow flow = new FlowLoader().load(flow("prompty_chat").resolve(file));
        return new FlowExecutor(
                flow,
                VariantSelection.defaults(),
                runtime(
                        new FakeConnections(),
                        config -> {
                            created.add(config);
                            return client;
                        },
                        noTools(),
                        noTools(),
                        env));
    }

    @Test
    void should_read_front_matter_and_sample_file() {
        // when
        Prompty p = new PromptyLoader().load(flow("prompty_chat").resolve("chat.prompty"));

        // then
        assertThat(p.api()).isEqualTo(LlmApi.CHAT);
        assertThat(p.parameters()).containsExactly(Map.entry("max_tokens", 256L), Map.entry("temperature", 0.1));
        assertThat(p.model().type()).isEqualTo("azure_openai");
        assertThat(p.model().deployment()).isEqualTo("${env:CHAT_DEPLOYMENT}");
        assertThat(p.sample()).containsEntry("question", "What is the capital of France?");
        assertThat(p.template()).startsWith("# system:\nYou are a helpful assistant");
    }

    @Test
    void should_call_its_own_configuration_with_environment_values_and_history() {
        // given
        Map<String, String> env = Map.of(
                "CHAT_DEPLOYMENT",
                "gpt-4o-mini",
                "AZURE_OPENAI_ENDPOINT",
                "https://res.openai.azure.com",
                "AZURE_OPENAI_API_KEY",
                "k-123456");
        List<Map<String, String>> history =
                List.of(Map.of("role", "user", "content", "Hi"), Map.of("role", "assistant", "content", "Hello"));

        // when
        LineResult result = executor("chat.prompty", env)
                .executeLine(0, Map.of("question", "Capital of France?", "chat_history", history));

        // then
        assertThat(result)
                .asInstanceOf(type(LineResult.Success.class))
                .extracting(s -> s.outputs().get("output"))
                .isEqualTo("{\"answer\": \"Paris\"}");
        assertThat(created).singleElement().satisfies(c -> {
            assertThat(c.type()).isEqualTo("AzureOpenAIConnection");
            assertThat(c.properties())
                    .containsEntry("api_base", "https://res.openai.azure.com")
                    .containsEntry("api_key", "k-123456")
                    .containsEntry("api_version", "2024-02-01");
            assertThat(c.secretProperties()).containsExactly("api_key");
            assertThat(c.toString()).doesNotContain("k-123456");
        });
        assertThat(client.requests().getFirst().deployment()).isEqualTo("gpt-4o-mini");
        assertThat(client.requests().getFirst().messages())
                .containsExactly(
                        ChatMessage.of("system", "You are a helpful assistant who answers Jane briefly."),
                        ChatMessage.of("user", "Hi"),
                        ChatMessage.of("assistant", "Hello"),
                        ChatMessage.of("user", "Capital of France?"));
    }

    @Test
    void should_leave_unset_environment_references_as_written() {
        // when
        executor("chat.prompty", Map.of()).executeLine(0, Map.of("question", "Q"));

        // then
        assertThat(created.getFirst().property("api_key")).isEqualTo("${env:AZURE_OPENAI_API_KEY}");
        assertThat(client.requests().getFirst().deployment()).isEqualTo("${env:CHAT_DEPLOYMENT}");
    }

    @Test
    void should_parse_json_answers_when_the_prompty_asks_for_json() {
        // when
        LineResult result = executor("json_answer.prompty", Map.of("OPENAI_API_KEY", "sk-abcdef"))
                .executeLine(0, Map.of("question", "Capital?"));

        // then
        assertThat(result)
                .asInstanceOf(type(LineResult.Success.class))
                .extracting(s -> s.outputs().get("output"))
                .isEqualTo(Map.of("answer", "Paris"));
        assertThat(created.getFirst().type()).isEqualTo("OpenAIConnection");
        assertThat(client.requests().getFirst().parameters())
                .containsEntry("response_format", Map.of("type", "json_object"));
        assertThat(client.requests().getFirst().deployment()).isEqualTo("gpt-4o-mini");
    }

    @Test
    void should_name_the_line_of_a_bad_front_matter_value() throws IOException {
        // given
        Path file = dir.resolve("bad.prompty");
        Files.writeString(file, "---\nname: bad\nmodel:\n  api: embeddings\n---\nuser:\nhi\n");

        // when / then
        assertThatThrownBy(() -> new PromptyLoader().load(file))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.problems()).singleElement().satisfies(p -> {
                            assertThat(p.line()).isEqualTo(4);
                            assertThat(p.message()).isEqualTo("model.api 'embeddings' is not supported");
                        }));
    }
}
