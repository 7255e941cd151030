package dev.llmops.llm.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.llm.ChatMessage;
import dev.llmops.llm.ChatRequest;
import dev.llmops.llm.ChatResponse;
import dev.llmops.llm.LlmException;
import dev.llmops.llm.TokenUsage;
import dev.llmops.testing.FakeLlmRequest;
import dev.llmops.testing.FakeLlmServer;
import dev.llmops.testing.FakeLlmServer.Behaviour;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code chatStream} against a local server speaking OpenAI's and Azure OpenAI's server-sent events. */
class StreamingTest {

    private static final String KEY = "sk-stream-5ecr3t";

    private final FakeLlmServer server = FakeLlmServer.start();
    private final HttpTestSupport http = new HttpTestSupport();
    private final List<String> chunks = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        server.close();
    }

    private static ChatRequest chat() {
        return ChatRequest.chat(
                "gpt-4o", List.of(ChatMessage.of("user", "Capital of France?")), Map.of("temperature", 0));
    }

    private OpenAiChatClient openAi(int attempts) {
        return new OpenAiChatClient(
                "oai",
                http.support,
                HttpTestSupport.fastRetry(attempts),
                HttpLimits.of(Duration.ofSeconds(10)),
                server.openAiBaseUrl(),
                KEY,
                null);
    }

    private AzureOpenAiChatClient azure(String apiVersion) {
        return new AzureOpenAiChatClient(
                "aoai",
                http.support,
                HttpTestSupport.fastRetry(1),
                HttpLimits.of(Duration.ofSeconds(10)),
                server.azureApiBase(),
                apiVersion,
                KEY,
                () -> "unused");
    }

    @Test
    void should_relay_openai_chunks_in_order_and_take_usage_from_the_last_event() {
        // given
        server.answer("Paris is the capital.", 11, 5);

        // when
        ChatResponse response = openAi(1).chatStream(chat(), chunks::add);

        // then
        assertThat(chunks).containsExactly("Paris", " is", " the", " capital.");
        assertThat(response.text()).isEqualTo("Paris is the capital.");
        assertThat(response.usage()).isEqualTo(new TokenUsage(11, 5));
        assertThat(response.model()).isEqualTo("gpt-4o");
        FakeLlmRequest sent = server.lastRequest();
        assertThat(sent.header("accept")).isEqualTo("text/event-stream");
        assertThat(sent.json().path("stream").asBoolean()).isTrue();
        assertThat(sent.json().path("stream_options").path("include_usage").asBoolean())
                .isTrue();
        assertThat(sent.json().path("temperature").asInt(-1)).isZero();
        assertThat(http.attempts).singleElement().satisfies(a -> {
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.usage()).isEqualTo(new TokenUsage(11, 5));
        });
    }

    @ParameterizedTest
    @CsvSource({"2024-06-01, false, 0", "2024-10-21, true, 7"})
    void should_ask_azure_for_usage_only_where_its_api_version_knows_stream_options(
            String apiVersion, boolean asked, long completionTokens) {
        // given
        server.answer("Bonjour tout le monde", 3, 7);

        // when
        ChatResponse response = azure(apiVersion).chatStream(chat(), chunks::add);

        // then: Azure's first event (prompt_filter_results, no choices) is skipped
        assertThat(chunks).containsExactly("Bonjour", " tout", " le", " monde");
        assertThat(server.lastRequest().json().has("stream_options")).isEqualTo(asked);
        assertThat(server.lastRequest().path()).isEqualTo("/openai/deployments/gpt-4o/chat/completions");
        assertThat(response.usage().completionTokens()).isEqualTo(completionTokens);
    }

    @Test
    void should_stream_a_completion_call_from_its_text_field() {
        // given
        server.answer("once upon a time");
        ChatRequest completion = ChatRequest.completion("davinci", "Tell a story", Map.of());

        // when
        ChatResponse response = openAi(1).chatStream(completion, chunks::add);

        // then
        assertThat(server.lastRequest().path()).isEqualTo("/v1/completions");
        assertThat(chunks).containsExactly("once", " upon", " a", " time");
        assertThat(response.text()).isEqualTo("once upon a time");
    }

    @Test
    void should_hand_on_the_first_chunk_before_the_server_sends_the_rest() throws Exception {
        // given
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch firstSeen = new CountDownLatch(1);
        server.otherwise(Behaviour.stream(List.of("A", "B", "C"), release));

        // when
        Thread caller = Thread.ofVirtual().start(() -> openAi(1).chatStream(chat(), c -> {
            chunks.add(c);
            firstSeen.countDown();
        }));

        // then: the first chunk arrived while the server still holds the others back
        assertThat(firstSeen.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(chunks).containsExactly("A");
        release.countDown();
        caller.join(Duration.ofSeconds(10));
        assertThat(chunks).containsExactly("A", "B", "C");
    }

    @Test
    void should_retry_a_throttled_stream_before_any_chunk_went_out() {
        // given
        server.enqueue(Behaviour.throttle()).answer("fine now");

        // when
        ChatResponse response = openAi(3).chatStream(chat(), chunks::add);

        // then
        assertThat(http.statuses()).containsExactly(429, 200);
        assertThat(chunks).containsExactly("fine", " now");
        assertThat(response.text()).isEqualTo("fine now");
    }

    @Test
    void should_fail_with_the_models_reason_and_no_key_when_the_stream_is_refused() {
        // given
        server.otherwise(Behaviour.unauthorized());

        // then
        assertThatThrownBy(() -> openAi(1).chatStream(chat(), chunks::add))
                .isInstanceOf(LlmException.class)
                .hasMessageContaining("HTTP 401")
                .hasMessageContaining("api_key")
                .hasMessageNotContaining(KEY);
        assertThat(chunks).isEmpty();
    }

    @Test
    void should_take_a_whole_json_answer_to_a_stream_request_as_one_chunk() {
        // given: a proxy that does not stream
        server.otherwise(new Behaviour.Status(
                200,
                Map.of(),
                "{\"choices\": [{\"message\": {\"role\": \"assistant\", \"content\": \"whole\"}}],"
                        + " \"usage\": {\"prompt_tokens\": 2, \"completion_tokens\": 1}}"));

        // when
        ChatResponse response = openAi(1).chatStream(chat(), chunks::add);

        // then
        assertThat(chunks).containsExactly("whole");
        assertThat(response.usage()).isEqualTo(new TokenUsage(2, 1));
    }

    @Test
    void should_keep_the_non_streaming_call_without_stream_in_the_body() {
        // given
        server.answer("4");

        // when
        ChatResponse response = openAi(1).chat(chat());

        // then
        assertThat(response.text()).isEqualTo("4");
        assertThat(server.lastRequest().json().has("stream")).isFalse();
        assertThat(server.lastRequest().header("accept")).isEqualTo("application/json");
    }
}
