// A fake OpenAI-compatible chat endpoint for benchmarks (not for tests: tests have their own fixture).
// Run:  java bench/FakeOpenAiServer.java --port 0 --latency-ms 50 --throttle-share 0.2
// Prints "listening on PORT" once ready. Answers POST .../chat/completions with a fixed short answer after
// the configured latency; with --throttle-share p, that share of requests gets 429 + Retry-After.
// With --chunks N (default 5) a request with "stream": true is answered with server-sent events instead: the first
// chunk after the latency, then one every --chunk-ms (default 20), then a usage chunk (when stream_options asks for
// it) and [DONE], each event flushed on its own.
// GET /stats returns {"requests":N,"throttled":N,"peak_in_flight":N,"mean_in_flight":X,"busy_ms":N}: mean_in_flight
// is the time-weighted number of calls in flight between the first call's arrival and the last call's answer, the
// concurrency the client actually kept up (busy_ms is that span). POST /reset zeroes the counters.
// GET /timings returns {"arrivals":[...],"answers":[...]}: for each call since the last reset, the wall-clock time
// (epoch microseconds) its handler started and the time its first byte of answer (the status line and the first
// chunk, or the whole JSON) was handed to the socket: a load client subtracts its own timestamps to tell the time
// spent reaching the model, the model's own latency, and the time spent relaying its answer.
// The JDK HttpServer closes idle connections above sun.net.httpserver.maxIdleConnections (default 200), which
// turns a 1,000-connection client pool into reconnects; main raises it to 10,000 unless set on the command line.
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

public class FakeOpenAiServer {
    public static void main(String[] args) throws Exception {
        int port = 0;
        long latencyMs = 0;
        double throttleShare = 0;
        int retryAfter = 1;
        int chunks = 5;
        long chunkMs = 20;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--latency-ms" -> latencyMs = Long.parseLong(args[++i]);
                case "--throttle-share" -> throttleShare = Double.parseDouble(args[++i]);
                case "--retry-after" -> retryAfter = Integer.parseInt(args[++i]);
                case "--chunks" -> chunks = Integer.parseInt(args[++i]);
                case "--chunk-ms" -> chunkMs = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (System.getProperty("sun.net.httpserver.maxIdleConnections") == null) {
            System.setProperty("sun.net.httpserver.maxIdleConnections", "10000");
        }
        AtomicLong requests = new AtomicLong();
        Timings timings = new Timings();
        AtomicLong throttled = new AtomicLong();
        InFlight inFlight = new InFlight();
        long latency = latencyMs;
        double share = throttleShare;
        String retry = Integer.toString(retryAfter);
        int chunkCount = chunks;
        long chunkGap = chunkMs;
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/stats", ex -> send(ex, 200, String.format(
                "{\"requests\":%d,\"throttled\":%d,%s}", requests.get(), throttled.get(), inFlight.json())));
        server.createContext("/timings", ex -> send(ex, 200, timings.json()));
        server.createContext("/reset", ex -> {
            timings.reset();
            requests.set(0);
            throttled.set(0);
            inFlight.reset();
            send(ex, 200, "{}");
        });
        server.createContext("/", ex -> {
            long arrived = Timings.now();
            inFlight.change(1);
            try (InputStream in = ex.getRequestBody()) {
                String request = new String(in.readAllBytes(), StandardCharsets.UTF_8);
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
                if (request.replace(" ", "").contains("\"stream\":true")) {
                    stream(ex, chunkCount, chunkGap, request.contains("include_usage"), timings, arrived);
                    return;
                }
                timings.add(arrived, Timings.now());
                send(ex, 200, "{\"id\":\"cmpl-1\",\"object\":\"chat.completion\",\"model\":\"bench-model\","
                        + "\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\","
                        + "\"content\":\"Paris\"}}],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":1,\"total_tokens\":13}}");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.change(-1);
            }
        });
        server.start();
        System.out.println("listening on " + server.getAddress().getPort());
        System.out.flush();
        Thread.currentThread().join();
    }

    /** Calls in flight over time: the peak and the time-weighted mean from the first arrival to the last answer. */
    static final class InFlight {
        private int now;
        private int peak;
        private long first = -1;
        private long last;
        private double area; // call-nanoseconds

        synchronized void change(int delta) {
            long t = System.nanoTime();
            if (first < 0) {
                first = t;
            } else {
                area += (double) now * (t - last);
            }
            last = t;
            now += delta;
            peak = Math.max(peak, now);
        }

        synchronized void reset() {
            now = 0;
            peak = 0;
            first = -1;
            area = 0;
        }

        synchronized String json() {
            double span = first < 0 ? 0 : last - first;
            return String.format(java.util.Locale.ROOT, "\"peak_in_flight\":%d,\"mean_in_flight\":%.2f,\"busy_ms\":%d",
                    peak, span > 0 ? area / span : 0.0, (long) (span / 1e6));
        }
    }

    /** Arrival and first-answer times of the calls since the last reset, in epoch microseconds. */
    static final class Timings {
        private final java.util.List<long[]> calls = new java.util.ArrayList<>();

        static long now() {
            java.time.Instant t = java.time.Instant.now();
            return t.getEpochSecond() * 1_000_000 + t.getNano() / 1_000;
        }

        synchronized void add(long arrived, long answered) {
            calls.add(new long[] {arrived, answered});
        }

        synchronized void reset() {
            calls.clear();
        }

        synchronized String json() {
            StringBuilder a = new StringBuilder("{\"arrivals\":[");
            StringBuilder b = new StringBuilder("],\"answers\":[");
            for (int i = 0; i < calls.size(); i++) {
                if (i > 0) {
                    a.append(',');
                    b.append(',');
                }
                a.append(calls.get(i)[0]);
                b.append(calls.get(i)[1]);
            }
            return a.append(b).append("]}").toString();
        }
    }

    private static void stream(
            HttpExchange ex, int chunks, long gapMs, boolean usage, Timings timings, long arrived)
            throws IOException, InterruptedException {
        ex.getResponseHeaders().add("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
            String head = "data: {\"id\":\"cmpl-1\",\"object\":\"chat.completion.chunk\",\"model\":\"bench-model\",";
            for (int i = 0; i < chunks; i++) {
                if (i > 0 && gapMs > 0) {
                    Thread.sleep(gapMs);
                }
                if (i == 0) {
                    timings.add(arrived, Timings.now());
                }
                out.write((head + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"w" + i
                                + " \"},\"finish_reason\":null}]}\n\n")
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            out.write((head + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n")
                    .getBytes(StandardCharsets.UTF_8));
            if (usage) {
                out.write((head + "\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":" + chunks
                                + ",\"total_tokens\":" + (12 + chunks) + "}}\n\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        }
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
