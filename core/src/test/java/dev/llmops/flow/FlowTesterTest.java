package dev.llmops.flow;

import static dev.llmops.flow.testing.FlowFixtures.flow;
import static dev.llmops.flow.testing.FlowFixtures.noTools;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.SystemEnv;
import dev.llmops.error.ConfigException;
import dev.llmops.flow.testing.ScriptedChatClient;
import dev.llmops.llm.ChatMessage;
import dev.llmops.llm.ConnectionConfig;
import dev.llmops.secret.SecretMasker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlowTesterTest {

    @TempDir
    Path dir;

    private final ScriptedChatClient client = new ScriptedChatClient(req -> "Paris.");
    private final SecretMasker masker = new SecretMasker();

    private FlowTester tester(Map<String, String> env) {
        return new FlowTester(config -> client, noTools(), noTools(), new SystemEnv(env, dir), masker);
    }

    @Test
    void should_use_the_prompty_sample_when_no_inputs_are_given() {
        // given
        FlowTestRequest request = new FlowTestRequest(
                flow("prompty_chat").resolve("chat.prompty"),
                List.of(),
                Map.of(),
                VariantSelection.defaults(),
                null,
                Map.of(),
                List.of());

        // when
        FlowTestResult result = tester(Map.of()).test(request);

        // then
        assertThat(result.succeeded()).isTrue();
        assertThat(client.requests().getFirst().messages())
                .extracting(ChatMessage::content)
                .containsExactly(
                        "You are a helpful assistant who answers Jane briefly.",
                        "Hi",
                        "Hello! How can I help?",
                        "What is the capital of France?");
    }

    @Test
    void should_resolve_connection_files_and_mask_their_secrets() throws IOException {
        // given
        Files.writeString(
                dir.resolve("openai.yaml"),
                "name: ignored\ntype: open_ai\nbase_url: https://api.example.com/v1\napi_key: ${OPENAI_KEY}\n");
        FlowTestRequest request = new FlowTestRequest(
                flow("injection"),
                List.of(Map.of("question", "hi")),
                Map.of(),
                VariantSelection.defaults(),
                null,
                Map.of("openai", Path.of("openai.yaml")),
                List.of());

        // when
        FlowTestResult result = tester(Map.of("OPENAI_KEY", "sk-test-987654")).test(request);

        // then
        assertThat(result.lines()).singleElement().isInstanceOf(LineResult.Success.class);
        assertThat(masker.mask("key sk-test-987654")).isEqualTo("key ***");
    }

    @Test
    void should_name_the_unset_variable_of_a_connection_file() throws IOException {
        // given
        Files.writeString(
                dir.resolve("aoai.yaml"),
                "type: azure_open_ai\napi_base: https://x.openai.azure.com\napi_key: ${AOAI_KEY}\n");

        // when / then
        assertThatThrownBy(() -> new ConnectionFiles(new SystemEnv(Map.of(), dir), masker)
                        .load("aoai", dir.resolve("aoai.yaml")))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.problems()).singleElement().satisfies(p -> {
                            assertThat(p.line()).isEqualTo(3);
                            assertThat(p.message())
                                    .isEqualTo("api_key refers to environment variable AOAI_KEY, which is not set");
                        }));
    }

    @Test
    void should_read_connection_types_and_mark_secret_keys() throws IOException {
        // given
        Files.writeString(
                dir.resolve("aoai.yaml"),
                "name: aoai\ntype: azure_open_ai\napi_base: ${AOAI_BASE}\napi_key: literal-key-1234\napi_version: 2024-02-01\n");

        // when
        ConnectionConfig config = new ConnectionFiles(
                        new SystemEnv(Map.of("AOAI_BASE", "https://x.openai.azure.com"), dir), masker)
                .load("mine", dir.resolve("aoai.yaml"));

        // then
        assertThat(config.name()).isEqualTo("mine");
        assertThat(config.type()).isEqualTo("AzureOpenAIConnection");
        assertThat(config.properties())
                .containsEntry("api_base", "https://x.openai.azure.com")
                .containsEntry("api_version", "2024-02-01");
        assertThat(config.secretProperties()).containsExactly("api_key");
    }
}
