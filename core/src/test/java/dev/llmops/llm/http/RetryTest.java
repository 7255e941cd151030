package dev.llmops.llm.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.llm.ChatMessage;
import dev.llmops.llm.ChatRequest;
import dev.llmops.llm.LlmException;
import dev.llmops.testing.FakeLlmServer;
import dev.llmops.testing.FakeLlmServer.Behaviour;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RetryTest {

    private final FakeLlmServer server = FakeLlmServer.start();
    private final HttpTestSupport http = new HttpTestSupport();

    @AfterEach
    void stop() {
        server.close();
    }

    private static final ChatRequest REQUEST =
            ChatRequest.chat("gpt-4o", List.of(ChatMessage.of("user", "2+2?")), Map.of("temperature", 0));

    private AzureOpenAiChatClient client(RetryPolicy retry, Duration requestTimeout) {
        return new AzureOpenAiChatClient(
                "aoai",
                http.support,
                retry,
                HttpLimits.of(requestTimeout),
                server.azureApiBase(),
                "2024-10-21",
                "key-that-is-secret",
                () -> "unused");
    }

    @Test
    void should_retry_429_honouring_retry_after_seconds_then_succeed() {
        // given
        server.enqueue(Behaviour.throttle(Duration.ofSeconds(2))).answer("4");

        // when
        String text = client(HttpTestSupport.fastRetry(3), Duration.ofSeconds(10))
                .chat(REQUEST)
                .text();

        // then
        assertThat(text).isEqualTo("4");
        assertThat(server.requestCount()).isEqualTo(2);
        assertThat(http.sleeps).singleElement().satisfies(d -> assertThat(d)
                .isBetween(Duration.ofSeconds(2), Duration.ofMillis(2200)));
        assertThat(http.attempts.getFirst().retryAfterMillis()).isEqualTo(2000);
        assertThat(http.statuses()).containsExactly(429, 200);
    }

    @Test
    void should_not_count_paced_429s_against_the_attempt_limit() {
        // given: more throttled answers with Retry-After than the policy's 3 attempts
        server.enqueue(
                        Behaviour.throttleMillis(10),
                        Behaviour.throttleMillis(10),
                        Behaviour.throttleMillis(10),
                        Behaviour.throttleMillis(10))
                .answer("4");

        // when
        String text = client(HttpTestSupport.fastRetry(3), Duration.ofSeconds(10))
                .chat(REQUEST)
                .text();

        // then: the line waited its turn instead of failing; only the wait budget bounds paced retries
        assertThat(text).isEqualTo("4");
        assertThat(http.statuses()).containsExactly(429, 429, 429, 429, 200);
    }

    @Test
    void should_prefer_retry_after_ms_when_azure_sends_it() {
        // given
        server.enqueue(Behaviour.throttleMillis(1500)).answer("4");

        // when
        client(HttpTestSupport.fastRetry(3), Duration.ofSeconds(10)).chat(REQUEST);

        // then
        assertThat(http.attempts.getFirst().retryAfterMillis()).isEqualTo(1500);
        assertThat(http.sleeps.getFirst()).isBetween(Duration.ofMillis(1500), Duration.ofMillis(1650));
    }

    @Test
    void should_back_off_exponentially_when_server_gives_no_retry_after() {
        // given
        server.enqueue(Behaviour.serverError(), Behaviour.throttle(), Behaviour.serverError())
                .answer("4");
        RetryPolicy retry = new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofSeconds(60));

        // when
        client(retry, Duration.ofSeconds(10)).chat(REQUEST);

        // then: equal jitter keeps each wait within [step/2, step] with step 100, 200, 400 ms
        assertThat(server.requestCount()).isEqualTo(4);
        assertThat(http.sleeps).hasSize(3);
        assertThat(http.sleeps.get(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(http.sleeps.get(1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(http.sleeps.get(2)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
    }

    @Test
    void should_give_up_after_max_attempts_with_last_error_and_stay_retriable() {
        // given
        server.otherwise(Behaviour.throttle());

        // when / then
        assertThatThrownBy(() -> client(HttpTestSupport.fastRetry(3), Duration.ofSeconds(10))
                        .chat(REQUEST))
                .isInstanceOfSatisfying(LlmException.class, e -> {
                    assertThat(e.retriable()).isTrue();
                    assertThat(e.status()).isEqualTo(429);
                })
                .hasMessageContaining("gave up after 3 attempts")
                .hasMessageContaining("HTTP 429")
                .hasMessageContaining("connection 'aoai'")
                .hasMessageContaining("deployment 'gpt-4o'")
                .hasMessageContaining("throttling");
        assertThat(server.requestCount()).isEqualTo(3);
    }

    @Test
    void should_give_up_when_server_asks_to_wait_beyond_the_wait_budget() {
        // given
        server.otherwise(Behaviour.throttle(Duration.ofSeconds(90)));
        RetryPolicy retry = HttpTestSupport.fastRetry(10).withMaxTotalWait(Duration.ofSeconds(30));

        // when / then
        assertThatThrownBy(() -> client(retry, Duration.ofSeconds(10)).chat(REQUEST))
                .isInstanceOf(LlmException.class)
                .hasMessageContaining("would exceed the retry budget of 30000 ms");
        assertThat(server.requestCount()).isEqualTo(1);
        assertThat(http.sleeps).isEmpty();
    }

    @Test
    void should_time_out_a_hanging_request_retry_it_and_then_fail() {
        // given
        server.otherwise(Behaviour.hang());

        // when / then
        assertThatThrownBy(() -> client(HttpTestSupport.fastRetry(2), Duration.ofMillis(300))
                        .chat(REQUEST))
                .isInstanceOfSatisfying(LlmException.class, e -> {
                    assertThat(e.retriable()).isTrue();
                    assertThat(e.status()).isZero();
                })
                .hasMessageContaining("gave up after 2 attempts")
                .hasMessageContaining("no answer within the request timeout of 300 ms");
        assertThat(server.requestCount()).isEqualTo(2);
        assertThat(http.statuses()).containsExactly(0, 0);
    }

    @Test
    void should_retry_connection_refused_and_say_so() {
        // given
        String base = server.azureApiBase();
        server.close();
        AzureOpenAiChatClient client = new AzureOpenAiChatClient(
                "aoai",
                http.support,
                HttpTestSupport.fastRetry(2),
                HttpLimits.of(Duration.ofSeconds(5)),
                base,
                "2024-10-21",
                "k-123456",
                () -> "unused");

        // when / then
        assertThatThrownBy(() -> client.chat(REQUEST))
                .isInstanceOf(LlmException.class)
                .hasMessageContaining("gave up after 2 attempts")
                .hasMessageContaining(base + "/openai/deployments/gpt-4o/chat/completions");
        assertThat(http.sleeps).hasSize(1);
    }

    @Test
    void should_fail_at_once_on_malformed_json_naming_the_endpoint() {
        // given
        server.otherwise(Behaviour.malformedJson());

        // when / then
        assertThatThrownBy(() -> client(HttpTestSupport.fastRetry(3), Duration.ofSeconds(10))
                        .chat(REQUEST))
                .isInstanceOfSatisfying(
                        LlmException.class, e -> assertThat(e.retriable()).isFalse())
                .hasMessageContaining("not a JSON chat completion")
                .hasMessageContaining("{\"choices\": [ this is not json")
                .hasMessageContaining("/openai/deployments/gpt-4o/chat/completions")
                .hasMessageNotContaining("api-version");
        assertThat(server.requestCount()).isEqualTo(1);
    }
}
