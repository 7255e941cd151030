package dev.llmops.cli;

import static dev.llmops.cli.CliAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmops.testing.FakeLlmServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code llmops serve} in production: keys, size and concurrency limits, draining. */
class ServeProductionTest {

    private static final String MODEL_KEY = "aoai-key-5f1e2d3c4b";

    @TempDir
    Path dir;

    private final FakeLlmServer llm = FakeLlmServer.start();

    @AfterEach
    void stop() {
        llm.close();
    }

    private void writeFlow() throws IOException {
        AnswerFlow.write(dir, llm);
    }

    private ServingCli serve(Map<String, String> env, String... extra) throws Exception {
        writeFlow();
        String[] base = {"serve", "--flow", "qa", "--connection", "aoai=aoai.yaml", "--port", "0"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        Map<String, String> all = new HashMap<>(env);
        all.put("AOAI_KEY", MODEL_KEY);
        return ServingCli.start(dir, all, args);
    }

    @Test
    void should_refuse_to_listen_off_loopback_without_keys() throws Exception {
        // when
        ServingCli server = serve(Map.of(), "--host", "0.0.0.0");
        CliResult result = server.result();

        // then
        assertThat(server.listening()).isFalse();
        assertThat(result).exitedWith(2).errContains("needs API keys").errContains("LLMOPS_SERVE_KEYS");
    }

    @Test
    void should_accept_a_configured_key_as_bearer_or_api_key_and_reject_others() throws Exception {
        // given
        llm.answer("Paris.");
        String key1 = "serve-key-one-0a1b2c";
        String key2 = "serve-key-two-3d4e5f";

        try (ServingCli server = serve(Map.of("LLMOPS_SERVE_KEYS", key1 + "," + key2), "--host", "0.0.0.0")) {
            String body = "{\"question\": \"q\"}";

            // when
            HttpResponse<String> none = server.post("/score", body);
            HttpResponse<String> wrong = server.post("/score", body, "Authorization", "Bearer " + key1 + "x");
            HttpResponse<String> bearer = server.post("/score", body, "Authorization", "Bearer " + key2);
            HttpResponse<String> apiKey = server.post("/score", body, "api-key", key1);
            HttpResponse<String> swagger = server.get("/swagger.json");
            HttpResponse<String> health = server.get("/health");

            // then
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.body()).contains("\"code\":\"UserError\"", "Authorization: Bearer");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(bearer.statusCode()).isEqualTo(200);
            assertThat(apiKey.statusCode()).isEqualTo(200);
            assertThat(swagger.statusCode()).isEqualTo(401);
            assertThat(health.statusCode()).isIn(200, 503);
            assertThat(llm.requestCount()).isEqualTo(2);
            assertThat(server.out()).contains("2 key(s)").doesNotContain(key1).doesNotContain(key2);
        }
    }

    @Test
    void should_answer_413_to_a_body_over_the_limit_without_calling_the_model() throws Exception {
        try (ServingCli server = serve(Map.of(), "--max-request-bytes", "64")) {
            // when
            HttpResponse<String> response = server.post("/score", "{\"question\": \"" + "x".repeat(100) + "\"}");

            // then
            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(response.body()).contains("larger than 64 bytes");
            assertThat(llm.requestCount()).isZero();
        }
    }

    @Test
    void should_answer_429_with_retry_after_when_every_slot_is_busy() throws Exception {
        // given
        llm.enqueue(FakeLlmServer.Behaviour.delayed(Duration.ofSeconds(2), FakeLlmServer.Behaviour.answer("slow")));

        try (ServingCli server = serve(Map.of("PROMPTFLOW_WORKER_NUM", "1"))) {
            CompletableFuture<HttpResponse<String>> first =
                    CompletableFuture.supplyAsync(() -> post(server, "{\"question\": \"first\"}"));
            llm.awaitRequests(1, Duration.ofSeconds(10));

            // when
            HttpResponse<String> second = server.post("/score", "{\"question\": \"second\"}");

            // then
            assertThat(second.statusCode()).isEqualTo(429);
            assertThat(second.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(second.body()).contains("limit of 1 requests");
            assertThat(first.get().statusCode()).isEqualTo(200);
            assertThat(server.out()).contains("(1 at once");
        }
    }

    @Test
    void should_let_a_request_in_flight_finish_when_stopped() throws Exception {
        // given
        llm.enqueue(FakeLlmServer.Behaviour.delayed(Duration.ofMillis(500), FakeLlmServer.Behaviour.answer("done")));
        ServingCli server = serve(Map.of());
        CompletableFuture<HttpResponse<String>> inFlight =
                CompletableFuture.supplyAsync(() -> post(server, "{\"question\": \"q\"}"));
        llm.awaitRequests(1, Duration.ofSeconds(10));

        // when
        server.close();

        // then
        HttpResponse<String> response = inFlight.get();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"answer\":\"done\"}");
        assertThat(server.exitCode()).isZero();
    }

    private static HttpResponse<String> post(ServingCli server, String body) {
        try {
            return server.post("/score", body);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
