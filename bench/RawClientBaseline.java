// The floor for the latency50 scenario on this machine: the same 10,000 POSTs at concurrency 64 against the same
// fake server, from a bare java.net.http client with no llmops in between.
// Run: java bench/RawClientBaseline.java PORT [lines] [concurrency]
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

public class RawClientBaseline {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int lines = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create("http://127.0.0.1:" + port + "/v1/chat/completions");
        String body = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"What is the capital of France?\"}]}";
        AtomicInteger next = new AtomicInteger();
        AtomicLong latencyNanos = new AtomicLong();
        long start = System.nanoTime();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < concurrency; w++) {
                pool.submit(() -> {
                    while (next.getAndIncrement() < lines) {
                        long t = System.nanoTime();
                        client.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        latencyNanos.addAndGet(System.nanoTime() - t);
                    }
                    return null;
                });
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("raw client: %d calls, concurrency %d: %.2f s, mean call %.1f ms%n",
                lines, concurrency, seconds, latencyNanos.get() / 1e6 / lines);
    }
}
