package dev.llmops.llm.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.llm.ChatMessage;
import dev.llmops.llm.ChatRequest;
import dev.llmops.llm.ChatResponse;
import dev.llmops.llm.LlmException;
import dev.llmops.llm.TokenUsage;
import dev.llmops.llm.auth.EntraTokenException;
import dev.llmops.testing.FakeLlmRequest;
import dev.llmops.testing.FakeLlmServer;
import dev.llmops.testing.FakeLlmServer.Behaviour;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProtocolTest {

    private static final String KEY = "sk-test-5ecr3t-value";

    private final FakeLlmServer server = FakeLlmServer.start();
    private final HttpTestSupport http = new HttpTestSupport();

    @AfterEach
    void stop() {
        server.close();
    }

    private static Map<String, Object> allParameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("deployment_name", "gpt-4o");
        p.put("temperature", 0.2);
        p.put("max_tokens", 64);
        p.put("top_p", 1);
        p.put("stop", List.of("\n\n", "END"));
        p.put("presence_penalty", 0.5);
        p.put("frequency_penalty", 0);
        p.put("seed", 42);
        p.put("response_format", Map.of("type", "json_object"));
        p.put("logit_bias", null);
        return p;
    }

    private static ChatRequest chat() {
        return ChatRequest.chat(
                "gpt-4o",
                List.of(ChatMessage.of("system", "You add numbers."), ChatMessage.of("user", "2+2?")),
                allParameters());
    }

    private AzureOpenAiChatClient azure(String key) {
        return new AzureOpenAiChatClient(
                "aoai",
                http.support,
                HttpTestSupport.fastRetry(1),
                HttpLimits.of(Duration.ofSeconds(10)),
                server.azureApiBase() + "/",
                "2024-10-21",
                key,
                () -> "entra-token-abc");
    }

    private OpenAiChatClient openAi(String organization) {
        return new OpenAiChatClient(
                "oai",
                http.support,
                HttpTestSupport.fastRetry(1),
                HttpLimits.of(Duration.ofSeconds(10)),
                server.openAiBaseUrl(),
                KEY,
                organization);
    }

    @Test
    void should_send_azure_chat_request_with_api_key_and_parameters_as_given() throws Exception {
        // given
        server.answer("4", 17, 1);

        // when
        ChatResponse response = azure(KEY).chat(chat());

        // then
        FakeLlmRequest sent = server.lastRequest();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/openai/deployments/gpt-4o/chat/completions");
        assertThat(sent.query()).isEqualTo("api-version=2024-10-21");
        assertThat(sent.header("api-key")).isEqualTo(KEY);
        assertThat(sent.header("authorization")).isNull();
        assertThat(sent.header("content-type")).isEqualTo("application/json");
        assertThat(sent.json()).isEqualTo(new ObjectMapper().readTree("""
                                {"messages": [{"role": "system", "content": "You add numbers."},
                                              {"role": "user", "content": "2+2?"}],
                                 "temperature": 0.2, "max_tokens": 64, "top_p": 1, "stop": ["\\n\\n", "END"],
                                 "presence_penalty": 0.5, "frequency_penalty": 0, "seed": 42,
                                 "response_format": {"type": "json_object"}}
                                """));
        assertThat(response.text()).isEqualTo("4");
        assertThat(response.usage()).isEqualTo(new TokenUsage(17, 1));
        assertThat(response.model()).isEqualTo("gpt-4o");
        assertThat(response.latencyMillis()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void should_send_openai_chat_request_with_bearer_organization_and_model_in_body() throws Exception {
        // given
        server.answer("4");

        // when
        ChatResponse response = openAi("org-42").chat(chat());

        // then
        FakeLlmRequest sent = server.lastRequest();
        assertThat(sent.path()).isEqualTo("/v1/chat/completions");
        assertThat(sent.query()).isNull();
        assertThat(sent.header("authorization")).isEqualTo("Bearer " + KEY);
        assertThat(sent.header("openai-organization")).isEqualTo("org-42");
        assertThat(sent.header("api-key")).isNull();
        assertThat(sent.json().path("model").asText()).isEqualTo("gpt-4o");
        assertThat(sent.json().fieldNames()).toIterable().first().isEqualTo("model");
        assertThat(sent.json().path("messages").size()).isEqualTo(2);
        assertThat(sent.json().path("seed").asInt()).isEqualTo(42);
        assertThat(sent.json().has("deployment_name")).isFalse();
        assertThat(response.text()).isEqualTo("4");
    }

    @Test
    void should_leave_out_organization_header_when_not_set() {
        // when
        openAi(null).chat(chat());

        // then
        assertThat(server.lastRequest().header("openai-organization")).isNull();
    }

    @Test
    void should_call_completions_endpoints_with_prompt_and_read_text() {
        // given
        server.answer("Paris");
        ChatRequest completion = ChatRequest.completion("davinci", "Capital of France:", Map.of("max_tokens", 5));

        // when
        String azureText = azure(KEY).chat(completion).text();
        FakeLlmRequest azureSent = server.lastRequest();
        String openAiText = openAi(null).chat(completion).text();
        FakeLlmRequest openAiSent = server.lastRequest();

        // then
        assertThat(azureText).isEqualTo("Paris");
        assertThat(openAiText).isEqualTo("Paris");
        assertThat(azureSent.path()).isEqualTo("/openai/deployments/davinci/completions");
        assertThat(azureSent.json().path("prompt").asText()).isEqualTo("Capital of France:");
        assertThat(azureSent.json().has("messages")).isFalse();
        assertThat(openAiSent.path()).isEqualTo("/v1/completions");
        assertThat(openAiSent.json().path("model").asText()).isEqualTo("davinci");
    }

    @Test
    void should_authenticate_with_entra_token_when_azure_connection_has_no_key() {
        // when
        azure(null).chat(chat());

        // then
        assertThat(server.lastRequest().header("authorization")).isEqualTo("Bearer entra-token-abc");
        assertThat(server.lastRequest().header("api-key")).isNull();
    }

    @Test
    void should_fail_without_calling_when_no_entra_token_can_be_had() {
        // given
        AzureOpenAiChatClient client = new AzureOpenAiChatClient(
                "aoai",
                http.support,
                HttpTestSupport.fastRetry(3),
                HttpLimits.of(Duration.ofSeconds(10)),
                server.azureApiBase(),
                "2024-10-21",
                null,
                () -> {
                    throw new EntraTokenException("no api_key is set, and no Entra ID token could be obtained", null);
                });

        // when / then
        assertThatThrownBy(() -> client.chat(chat()))
                .isInstanceOfSatisfying(
                        LlmException.class, e -> assertThat(e.retriable()).isFalse())
                .hasMessageContaining("connection 'aoai'")
                .hasMessageContaining("no api_key is set");
        assertThat(server.requestCount()).isZero();
        assertThat(http.estimates).hasSize(1);
        assertThat(http.statuses()).containsExactly(0);
    }

    @Test
    void should_record_token_usage_per_attempt_for_the_observer() {
        // given
        server.answer("4", 30, 2);

        // when
        openAi(null).chat(chat());

        // then
        assertThat(http.attempts).containsExactly(new HttpTestSupport.Attempt("oai", 200, new TokenUsage(30, 2), -1));
        // "You add numbers." + "2+2?" = 20 characters -> 6 tokens, plus max_tokens 64
        assertThat(http.estimates).containsExactly(70);
    }

    @Test
    void should_reject_a_chat_request_without_deployment_before_calling() {
        // given
        ChatRequest noDeployment = ChatRequest.chat(" ", List.of(ChatMessage.of("user", "hi")), Map.of());

        // when / then
        assertThatThrownBy(() -> azure(KEY).chat(noDeployment))
                .isInstanceOf(LlmException.class)
                .hasMessageContaining("no deployment_name");
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void should_serve_concurrent_calls_over_one_shared_client() throws Exception {
        // given
        server.otherwise(Behaviour.delayed(Duration.ofMillis(200), Behaviour.answer("x")));
        OpenAiChatClient client = openAi(null);

        // when
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = java.util.stream.IntStream.range(0, 4)
                    .mapToObj(i -> pool.submit(() -> client.chat(chat()).text()))
                    .toList();
            for (var f : futures) {
                assertThat(f.get()).isEqualTo("x");
            }
        }

        // then
        assertThat(server.requestCount()).isEqualTo(4);
        assertThat(server.peakConcurrency()).isGreaterThan(1);
    }

    @Test
    void should_fail_at_once_when_the_content_filter_withholds_the_answer() {
        // given: Azure answers 200 but filtered the completion itself
        server.otherwise(new Behaviour.Malformed(
                "{\"choices\": [{\"index\": 0, \"finish_reason\": \"content_filter\", \"message\": {\"role\":"
                        + " \"assistant\"}}], \"usage\": {\"prompt_tokens\": 9, \"completion_tokens\": 0}}"));

        // when / then
        assertThatThrownBy(() -> azure(KEY).chat(chat()))
                .isInstanceOfSatisfying(
                        LlmException.class, e -> assertThat(e.retriable()).isFalse())
                .hasMessageContaining("content filter blocked the completion");
        assertThat(http.attempts).singleElement().satisfies(a -> assertThat(a.usage())
                .isEqualTo(new TokenUsage(9, 0)));
    }
}
