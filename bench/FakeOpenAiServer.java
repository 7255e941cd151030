// A fake OpenAI-compatible chat endpoint for benchmarks (not for tests: tests have their own fixture).
// Run:  java bench/FakeOpenAiServer.java --port 0 --latency-ms 50 --throttle-share 0.2
// Prints "listening on PORT" once ready. Answers POST .../chat/completions with a fixed short answer after
// the configured latency; with --throttle-share p, that share of requests gets 429 + Retry-After.
// GET /stats returns {"requests":N,"throttled":N,"peak_in_flight":N}.
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

public class FakeOpenAiServer {
    public static void main(String[] args) throws Exception {
        int port = 0;
        long latencyMs = 0;
        double throttleShare = 0;
        int retryAfter = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--latency-ms" -> latencyMs = Long.parseLong(args[++i]);
                case "--throttle-share" -> throttleShare = Double.parseDouble(args[++i]);
                case "--retry-after" -> retryAfter = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        AtomicLong requests = new AtomicLong();
        AtomicLong throttled = new AtomicLong();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        long latency = latencyMs;
        double share = throttleShare;
        String retry = Integer.toString(retryAfter);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/stats", ex -> send(ex, 200, String.format(
                "{\"requests\":%d,\"throttled\":%d,\"peak_in_flight\":%d}", requests.get(), throttled.get(), peak.get())));
        server.createContext("/", ex -> {
            int now = inFlight.incrementAndGet();
            peak.accumulateAndGet(now, Math::max);
            try (InputStream in = ex.getRequestBody()) {
                in.readAllBytes();
                requests.incrementAndGet();
                if (share > 0 && ThreadLocalRandom.current().nextDouble() < share) {
                    throttled.incrementAndGet();
                    ex.getResponseHeaders().add("Retry-After", retry);
                    send(ex, 429, "{\"error\":{\"code\":\"429\",\"message\":\"Rate limit reached\"}}");
                    return;
                }
                if (latency > 0) {
                    Thread.sleep(latency);
                }
                send(ex, 200, "{\"id\":\"cmpl-1\",\"object\":\"chat.completion\",\"model\":\"bench-model\","
                        + "\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\","
                        + "\"content\":\"Paris\"}}],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":1,\"total_tokens\":13}}");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
            }
        });
        server.start();
        System.out.println("listening on " + server.getAddress().getPort());
        System.out.flush();
        Thread.currentThread().join();
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
