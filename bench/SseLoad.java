// Load for `llmops serve` streaming: N concurrent POST /score with Accept: text/event-stream, each read to its end
// by a bare java.net.http client on a virtual thread. Prints one JSON line: streams, errors (non-200, wrong event
// count, I/O), and percentiles of the time to the first event and to the end of the stream, in ms.
// Run:  java bench/SseLoad.java --url http://127.0.0.1:8080/score --streams 1000 --events 10 [--body JSON]
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

public class SseLoad {
    public static void main(String[] args) throws Exception {
        String url = null;
        int streams = 1000;
        int events = -1;
        String body = "{\"question\": \"What is the capital of France?\"}";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> url = args[++i];
                case "--streams" -> streams = Integer.parseInt(args[++i]);
                case "--events" -> events = Integer.parseInt(args[++i]);
                case "--body" -> body = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        long[] first = new long[streams];
        long[] total = new long[streams];
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger wrongCount = new AtomicInteger();
        List<String> samples = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(streams);
        int expected = events;
        for (int i = 0; i < streams; i++) {
            int n = i;
            Thread.ofVirtual().start(() -> {
                try {
                    start.await();
                    long t0 = System.nanoTime();
                    HttpResponse<java.io.InputStream> response =
                            http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                    if (response.statusCode() != 200) {
                        errors.incrementAndGet();
                        if (samples.size() < 3) {
                            samples.add(response.statusCode() + " " + new String(response.body().readAllBytes()));
                        }
                        return;
                    }
                    int seen = 0;
                    try (BufferedReader in = new BufferedReader(
                            new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                        for (String line; (line = in.readLine()) != null; ) {
                            if (line.startsWith("data: ")) {
                                if (seen++ == 0) {
                                    first[n] = System.nanoTime() - t0;
                                }
                            }
                        }
                    }
                    total[n] = System.nanoTime() - t0;
                    if (expected >= 0 && seen != expected) {
                        wrongCount.incrementAndGet();
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                    if (samples.size() < 3) {
                        samples.add(e.toString());
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        long wall = System.nanoTime();
        start.countDown();
        done.await();
        wall = System.nanoTime() - wall;
        System.out.printf(java.util.Locale.ROOT,
                "{\"streams\":%d,\"errors\":%d,\"wrong_event_count\":%d,\"wall_ms\":%d,"
                        + "\"first_event_ms\":{\"p50\":%.1f,\"p90\":%.1f,\"p99\":%.1f,\"max\":%.1f},"
                        + "\"stream_ms\":{\"p50\":%.1f,\"p90\":%.1f,\"p99\":%.1f,\"max\":%.1f},\"samples\":%s}%n",
                streams, errors.get(), wrongCount.get(), wall / 1_000_000,
                pct(first, 50), pct(first, 90), pct(first, 99), pct(first, 100),
                pct(total, 50), pct(total, 90), pct(total, 99), pct(total, 100),
                samples.stream().map(s -> "\"" + s.replace("\"", "'") + "\"").toList());
    }

    private static double pct(long[] nanos, int p) {
        long[] ok = Arrays.stream(nanos).filter(v -> v > 0).sorted().toArray();
        if (ok.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * ok.length) - 1;
        return ok[Math.max(0, Math.min(ok.length - 1, i))] / 1e6;
    }
}
