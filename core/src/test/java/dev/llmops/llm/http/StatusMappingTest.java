package dev.llmops.llm.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.llmops.llm.ChatMessage;
import dev.llmops.llm.ChatRequest;
import dev.llmops.llm.LlmException;
import dev.llmops.testing.FakeLlmServer;
import dev.llmops.testing.FakeLlmServer.Behaviour;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatusMappingTest {

    private static final String KEY = "azure-key-0123456789";

    private final FakeLlmServer server = FakeLlmServer.start();
    private final HttpTestSupport http = new HttpTestSupport();

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest(name = "HTTP {0} -> retriable={1}")
    @CsvSource(delimiter = '|', textBlock = """
            400 | false | 1 | check the llm node's parameters
            401 | false | 1 | Check the connection's api_key
            403 | false | 1 | 'Cognitive Services OpenAI User' role
            404 | false | 1 | Check that a deployment named 'gpt-4o' exists
            409 | false | 1 | Check the connection's endpoint
            429 | true  | 2 | lower concurrency or raise the deployment's quota
            500 | true  | 2 | server error
            503 | true  | 2 | server error
            """)
    void should_map_status_to_retriable_and_say_what_to_check(
            int status, boolean retriable, int attempts, String advice) {
        // given
        server.otherwise(new Behaviour.Status(status, Map.of(), "{\"error\": {\"message\": \"echo " + KEY + "\"}}"));
        AzureOpenAiChatClient client = new AzureOpenAiChatClient(
                "aoai",
                http.support,
                HttpTestSupport.fastRetry(2),
                HttpLimits.of(Duration.ofSeconds(10)),
                server.azureApiBase(),
                "2024-10-21",
                KEY,
                () -> "unused");

        // when
        LlmException e = catchThrowableOfType(
                LlmException.class,
                () -> client.chat(ChatRequest.chat("gpt-4o", List.of(ChatMessage.of("user", "hi")), Map.of())));

        // then
        assertThat(e.retriable()).isEqualTo(retriable);
        assertThat(e.status()).isEqualTo(status);
        assertThat(server.requestCount()).isEqualTo(attempts);
        assertThat(e.getMessage())
                .contains("HTTP " + status)
                .contains(advice)
                .contains("connection 'aoai'")
                .contains(server.azureApiBase() + "/openai/deployments/gpt-4o/chat/completions")
                .contains("deployment 'gpt-4o'")
                .doesNotContain(KEY)
                .contains("echo ***");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            content filter | 400 | content filter (content_filter / ResponsibleAIPolicyViolation)
            unauthorized   | 401 | Access denied due to invalid subscription key
            not found      | 404 | DeploymentNotFound
            """)
    void should_explain_the_common_azure_refusals(String behaviour, int status, String expected) {
        // given
        server.otherwise(
                switch (behaviour) {
                    case "content filter" -> Behaviour.contentFilter();
                    case "unauthorized" -> Behaviour.unauthorized();
                    default -> Behaviour.deploymentNotFound();
                });
        OpenAiChatClient client = new OpenAiChatClient(
                "oai",
                http.support,
                HttpTestSupport.fastRetry(3),
                HttpLimits.of(Duration.ofSeconds(10)),
                server.openAiBaseUrl(),
                KEY,
                null);

        // when
        LlmException e = catchThrowableOfType(
                LlmException.class,
                () -> client.chat(ChatRequest.chat("gpt-4o", List.of(ChatMessage.of("user", "hi")), Map.of())));

        // then
        assertThat(e.status()).isEqualTo(status);
        assertThat(e.retriable()).isFalse();
        assertThat(e.getMessage())
                .contains(expected)
                .contains("OpenAI connection 'oai'")
                .doesNotContain("..");
        assertThat(server.requestCount()).isEqualTo(1);
    }
}
