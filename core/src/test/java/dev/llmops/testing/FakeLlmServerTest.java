package dev.llmops.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmops.testing.FakeLlmServer.Behaviour;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeLlmServerTest {

    private final FakeLlmServer server = FakeLlmServer.start();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> post(String url, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> ask(String question) throws Exception {
        return post(
                server.openAiBaseUrl() + "/chat/completions",
                "{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \"" + question + "\"}]}");
    }

    @Test
    void should_apply_queue_then_rules_then_default() throws Exception {
        // given
        server.answer("default")
                .whenUserSays("capital", Behaviour.answer("Paris"))
                .enqueue(Behaviour.serverError());

        // when
        HttpResponse<String> queued = ask("capital?");
        HttpResponse<String> ruled = ask("capital?");
        HttpResponse<String> other = ask("hello");

        // then
        assertThat(queued.statusCode()).isEqualTo(500);
        assertThat(ruled.body()).contains("\"content\":\"Paris\"");
        assertThat(other.body()).contains("\"content\":\"default\"");
        assertThat(server.requests())
                .extracting(FakeLlmRequest::lastUserMessage)
                .containsExactly("capital?", "capital?", "hello");
    }

    @Test
    void should_answer_azure_completions_with_text_and_parse_deployment_and_version() throws Exception {
        // when
        HttpResponse<String> response = post(
                server.azureApiBase() + "/openai/deployments/dep-1/completions?api-version=2024-10-21",
                "{\"prompt\": \"one two three\"}");

        // then
        assertThat(response.body())
                .contains("\"text\":\"ok\"")
                .contains("\"prompt_tokens\":")
                .contains("\"model\":\"dep-1\"");
        FakeLlmRequest request = server.lastRequest();
        assertThat(request.deployment()).isEqualTo("dep-1");
        assertThat(request.apiVersion()).isEqualTo("2024-10-21");
        assertThat(request.isChat()).isFalse();
        assertThat(request.lastUserMessage()).isEqualTo("one two three");
    }

    @Test
    void should_answer_unknown_paths_with_404() throws Exception {
        // when
        HttpResponse<String> response = post(server.azureApiBase() + "/v2/other", "{}");

        // then
        assertThat(response.statusCode()).isEqualTo(404);
    }

    @Test
    void should_track_peak_concurrency() throws Exception {
        // given
        server.otherwise(Behaviour.delayed(Duration.ofMillis(300), Behaviour.answer("x")));

        // when
        List<Future<HttpResponse<String>>> calls = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 3; i++) {
                calls.add(pool.submit(() -> ask("q")));
            }
            for (Future<HttpResponse<String>> call : calls) {
                assertThat(call.get().statusCode()).isEqualTo(200);
            }
        }

        // then
        assertThat(server.peakConcurrency()).isBetween(2, 3);
        assertThat(server.requestCount()).isEqualTo(3);
    }

    @Test
    void should_release_hanging_requests_on_close() throws Exception {
        // given
        server.otherwise(Behaviour.hang());

        // when
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<HttpResponse<String>> hanging = pool.submit(() -> ask("q"));
            server.awaitRequests(1, Duration.ofSeconds(30));
            server.close();

            // then: the client sees the connection end rather than waiting for ever
            assertThat(hanging).failsWithin(Duration.ofSeconds(30));
        }
    }
}
