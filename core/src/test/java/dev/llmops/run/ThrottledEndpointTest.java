package dev.llmops.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.llmops.llm.TokenUsage;
import dev.llmops.run.schedule.AdaptiveThrottle;
import dev.llmops.run.schedule.Ticker;
import dev.llmops.run.store.RunStatus;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real HTTP endpoint that answers 429 above 3 concurrent requests; the throttle must adapt to it. */
class ThrottledEndpointTest {

    private static final int CAPACITY = 3;

    @TempDir
    Path dir;

    private HttpServer server;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger rejected = new AtomicInteger();
    private final AtomicInteger served = new AtomicInteger();

    @BeforeEach
    void start_endpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/chat", exchange -> {
            try (exchange) {
                if (inFlight.incrementAndGet() > CAPACITY) {
                    rejected.incrementAndGet();
                    exchange.getResponseHeaders().add("Retry-After", "0");
                    exchange.sendResponseHeaders(429, -1);
                    return;
                }
                Thread.sleep(15);
                byte[] body = "{\"text\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
                served.incrementAndGet();
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
            }
        });
        server.start();
    }

    @AfterEach
    void stop_endpoint() {
        server.stop(0);
    }

    @Test
    void should_back_off_when_the_endpoint_throttles_and_finish_every_line() {
        // given 12 lines may run at once, but the endpoint takes only 3
        RunnerFixture f = new RunnerFixture(dir);
        AdaptiveThrottle throttle = new AdaptiveThrottle(Map.of(), 12, Ticker.SYSTEM);
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/chat");
        AtomicInteger attempts = new AtomicInteger();
        LineExecutor flow = (line, inputs) -> {
            for (int attempt = 0; attempt < 50; attempt++) {
                throttle.beforeAttempt("aoai", 10);
                int status = 0;
                try {
                    attempts.incrementAndGet();
                    status = http.send(
                                    HttpRequest.newBuilder(uri)
                                            .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode();
                } catch (IOException e) {
                    status = 0;
                } finally {
                    throttle.afterAttempt("aoai", status, new TokenUsage(5, 1), status == 429 ? 0 : -1);
                }
                if (status == 200) {
                    return new LineOutcome.Success(Map.of("ok", true), new TokenUsage(5, 1), 0);
                }
            }
            return LineOutcome.Failure.of("retries exhausted", 0);
        };

        // when
        ExperimentResult result = f.runner()
                .run(f.request(
                        List.of(RunnerFixture.defaults("ds1")),
                        List.of(f.input("ds1", 120)),
                        flow,
                        RunOptions.builder().maxConcurrency(12).build()));

        // then every line succeeded, and once throttled the runner stopped hammering the endpoint
        assertThat(result.runs().get(0).status()).isEqualTo(RunStatus.Completed);
        assertThat(served.get()).isEqualTo(120);
        assertThat(rejected.get()).isPositive().isLessThan(120);
        assertThat(throttle.currentLimit("aoai")).isLessThan(12);
    }
}
