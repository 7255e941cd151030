// Load for `llmops serve`: N concurrent POST /score, all released at one instant, each read to its end by a bare
// java.net.http client on a virtual thread; by default with Accept: text/event-stream (--json: application/json,
// one whole answer). Prints one JSON line: streams, errors (non-200, wrong event count, I/O), and percentiles in
// ms, all measured from the instant the requests were released (t0):
//   sent_ms         when each request's thread got to send it (the client's own scheduling lag),
//   first_event_ms  the first event (or the whole JSON answer) back at the client,
//   stream_ms       the end of the stream.
// With --fake URL (bench/FakeOpenAiServer.java's base URL) it also resets the fake before the round and reads its
// /timings after it: model_arrival_ms (the call reached the model, after the client, the server under test and
// both connections) and model_answer_ms (the model handed its first byte to the socket). What lies between
// model_answer_ms and first_event_ms is the relay back; model_arrival_ms is the way in.
// --warm opens the client's connections first (N concurrent GETs of --warm-path, default /health, kept alive), as a
// client with a pool would have them; without it each stream starts with a new connection.
// --paced SECONDS is the steady state instead of a burst: the N requests start spread evenly over --spread-ms
// (default 1000, the model's latency, so that arrivals are uniform and N stay in flight), each sends again as soon as
// its answer ended, for --ramp (default 5) + SECONDS; only requests sent after the ramp count. It prints the same
// percentiles, but of each request's own latency (from its send) instead of from one instant, and requests/s.
// Run:  java bench/SseLoad.java --url http://127.0.0.1:8080/score --streams 1000 --events 10 [--body JSON] [--json]
//                             [--fake http://127.0.0.1:9090] [--warm] [--paced 20 [--ramp 5] [--spread-ms 1000]]
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class SseLoad {
    public static void main(String[] args) throws Exception {
        String url = null;
        String fake = null;
        int streams = 1000;
        int events = -1;
        boolean json = false;
        boolean warm = false;
        String warmPath = "/health";
        String body = "{\"question\": \"What is the capital of France?\"}";
        int paced = 0;
        int ramp = 5;
        int spreadMs = 1000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> url = args[++i];
                case "--streams" -> streams = Integer.parseInt(args[++i]);
                case "--events" -> events = Integer.parseInt(args[++i]);
                case "--body" -> body = args[++i];
                case "--json" -> json = true;
                case "--fake" -> fake = args[++i];
                case "--warm" -> warm = true;
                case "--warm-path" -> warmPath = args[++i];
                case "--paced" -> paced = Integer.parseInt(args[++i]);
                case "--ramp" -> ramp = Integer.parseInt(args[++i]);
                case "--spread-ms" -> spreadMs = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
        URI target = URI.create(url);
        if (warm) {
            warmUp(http, target.resolve(warmPath), streams);
        }
        if (fake != null) {
            http.send(HttpRequest.newBuilder(URI.create(fake + "/reset")).POST(HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.discarding());
        }
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json")
                .header("Accept", json ? "application/json" : "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        if (paced > 0) {
            paced(http, request, streams, json ? -1 : events, paced, ramp, spreadMs);
            return;
        }
        long[] sent = new long[streams];
        long[] first = new long[streams];
        long[] total = new long[streams];
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger wrongCount = new AtomicInteger();
        List<String> samples = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(streams);
        int expected = json ? -1 : events;
        boolean whole = json;
        long[] t0 = new long[1];
        for (int i = 0; i < streams; i++) {
            int n = i;
            Thread.ofVirtual().start(() -> {
                try {
                    start.await();
                    sent[n] = micros();
                    if (whole) {
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        first[n] = total[n] = micros();
                        if (response.statusCode() != 200) {
                            errors.incrementAndGet();
                            if (samples.size() < 3) {
                                samples.add(response.statusCode() + " " + response.body());
                            }
                        }
                        return;
                    }
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
                                    first[n] = micros();
                                }
                            }
                        }
                    }
                    total[n] = micros();
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
        Thread.sleep(200); // every thread parked on the latch
        t0[0] = micros();
        start.countDown();
        done.await();
        long wall = micros() - t0[0];
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "{\"streams\":%d,\"errors\":%d,\"wrong_event_count\":%d,\"wall_ms\":%d",
                streams, errors.get(), wrongCount.get(), wall / 1000));
        out.append(",\"sent_ms\":").append(pct(sent, t0[0]));
        out.append(",\"first_event_ms\":").append(pct(first, t0[0]));
        out.append(",\"stream_ms\":").append(pct(total, t0[0]));
        if (fake != null) {
            String timings = http.send(HttpRequest.newBuilder(URI.create(fake + "/timings")).build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            out.append(",\"model_arrival_ms\":").append(pct(array(timings, "arrivals"), t0[0]));
            out.append(",\"model_answer_ms\":").append(pct(array(timings, "answers"), t0[0]));
        }
        out.append(",\"samples\":")
                .append(samples.stream().map(s -> "\"" + s.replace("\"", "'") + "\"").toList())
                .append('}');
        System.out.println(out);
    }

    /**
     * The steady state: N requests in flight, started evenly over spreadMs, each sent again when its answer ended;
     * latencies of the requests sent between the end of the ramp and the end of the run.
     */
    private static void paced(HttpClient http, HttpRequest request, int streams, int events, int seconds, int ramp,
            int spreadMs) throws InterruptedException {
        long start = micros() + 200_000;
        long measureFrom = start + ramp * 1_000_000L;
        long until = measureFrom + seconds * 1_000_000L;
        List<long[]> results = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger errors = new AtomicInteger();
        List<String> samples = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(streams);
        for (int i = 0; i < streams; i++) {
            long offset = (long) i * spreadMs * 1_000 / streams;
            Thread.ofVirtual().start(() -> {
                try {
                    sleepUntil(start + offset);
                    List<long[]> mine = new ArrayList<>();
                    for (long sent = micros(); sent < until; sent = micros()) {
                        long[] r = once(http, request, events, errors, samples);
                        if (sent >= measureFrom && r != null) {
                            mine.add(new long[] {r[0] - sent, r[1] - sent});
                        }
                    }
                    results.addAll(mine);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        long[] first = results.stream().mapToLong(r -> r[0]).toArray();
        long[] end = results.stream().mapToLong(r -> r[1]).toArray();
        System.out.println(String.format(Locale.ROOT,
                "{\"streams\":%d,\"requests\":%d,\"errors\":%d,\"per_second\":%.1f,\"first_event_ms\":%s,"
                        + "\"stream_ms\":%s,\"samples\":%s}",
                streams, first.length, errors.get(), first.length / (double) seconds, pct(first, 0), pct(end, 0),
                samples.stream().map(s -> "\"" + s.replace("\"", "'") + "\"").toList()));
    }

    /** One request read to its end: {first event, end} in micros, or null (counted in errors) when it failed. */
    private static long[] once(HttpClient http, HttpRequest request, int events, AtomicInteger errors,
            List<String> samples) {
        try {
            HttpResponse<java.io.InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                String text = new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
                throw new IllegalStateException(response.statusCode() + " " + text);
            }
            long first = 0;
            int seen = 0;
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (events < 0 || line.startsWith("data: ")) {
                        if (seen++ == 0) {
                            first = micros();
                        }
                    }
                }
            }
            if (events >= 0 && seen != events) {
                throw new IllegalStateException(seen + " events, not " + events);
            }
            long end = micros();
            return new long[] {first == 0 ? end : first, end};
        } catch (Exception e) {
            errors.incrementAndGet();
            if (samples.size() < 3) {
                samples.add(e.toString());
            }
            return null;
        }
    }

    private static void sleepUntil(long micros) throws InterruptedException {
        long wait = micros - micros();
        if (wait > 0) {
            Thread.sleep(wait / 1_000, (int) (wait % 1_000) * 1_000);
        }
    }

    /** N concurrent GETs, so that the client's pool holds N open connections. */
    private static void warmUp(HttpClient http, URI uri, int n) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            Thread.ofVirtual().start(() -> {
                try {
                    http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding());
                } catch (Exception e) {
                    // the round counts errors; a failed warm-up only means a colder connection
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
    }

    private static long micros() {
        Instant t = Instant.now();
        return t.getEpochSecond() * 1_000_000 + t.getNano() / 1_000;
    }

    private static long[] array(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\\[([0-9,]*)]").matcher(json);
        if (!m.find() || m.group(1).isEmpty()) {
            return new long[0];
        }
        return Arrays.stream(m.group(1).split(",")).mapToLong(Long::parseLong).toArray();
    }

    /** p50, p90, p99 and max in ms after t0 of the times that were set. */
    private static String pct(long[] micros, long t0) {
        long[] ok = Arrays.stream(micros).filter(v -> v > 0).map(v -> v - t0).sorted().toArray();
        return String.format(Locale.ROOT, "{\"p50\":%.1f,\"p90\":%.1f,\"p99\":%.1f,\"max\":%.1f}",
                at(ok, 50), at(ok, 90), at(ok, 99), at(ok, 100));
    }

    private static double at(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e3;
    }
}
