package dev.llmops.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * A local OTLP/HTTP trace receiver on port 0 ({@code POST /v1/traces}, {@code application/x-protobuf}), for tests of
 * what a process exports: it decodes each {@code ExportTraceServiceRequest} with a small protobuf reader (the fields
 * of {@code opentelemetry/proto/trace/v1/trace.proto} a test asserts on) and keeps the spans and the request
 * headers. {@code point OTEL_EXPORTER_OTLP_ENDPOINT} at {@link #endpoint}.
 */
public final class OtlpReceiver implements AutoCloseable {

    /** One span as it arrived; ids in lower-case hex, the parent empty for a root span. */
    public record ReceivedSpan(
            String traceId,
            String spanId,
            String parentSpanId,
            String name,
            int kind,
            long startNanos,
            long endNanos,
            Map<String, Object> attributes,
            int statusCode,
            Map<String, Object> resource) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
    private final List<Map<String, String>> headers = new CopyOnWriteArrayList<>();

    private OtlpReceiver(HttpServer server) {
        this.server = server;
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static OtlpReceiver start() {
        try {
            return new OtlpReceiver(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the OTLP receiver", e);
        }
    }

    /** {@code http://127.0.0.1:<port>}: the value for {@code OTEL_EXPORTER_OTLP_ENDPOINT}. */
    public String endpoint() {
        return "http://" + server.getAddress().getHostString() + ":"
                + server.getAddress().getPort();
    }

    public List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    /** The headers of each export request, names lower-cased. */
    public List<Map<String, String>> requestHeaders() {
        return List.copyOf(headers);
    }

    /**
     * Waits until a span matching {@code wanted} arrived.
     *
     * @throws AssertionError when none does in time
     */
    public ReceivedSpan await(Predicate<ReceivedSpan> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (ReceivedSpan s : spans) {
                if (wanted.test(s)) {
                    return s;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no matching span within " + timeout + "; received: "
                + spans.stream().map(ReceivedSpan::name).toList());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> h = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
            headers.add(h);
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (!exchange.getRequestURI().getPath().equals("/v1/traces")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            if ("gzip".equalsIgnoreCase(h.get("content-encoding"))) {
                body = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body)).readAllBytes();
            }
            decodeRequest(body);
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
        }
    }

    private void decodeRequest(byte[] body) {
        for (Field rs : fields(body)) {
            if (rs.number == 1) {
                Map<String, Object> resource = new LinkedHashMap<>();
                List<byte[]> scopeSpans = new ArrayList<>();
                for (Field f : fields(rs.bytes)) {
                    if (f.number == 1) {
                        for (Field a : fields(f.bytes)) {
                            if (a.number == 1) {
                                keyValue(a.bytes, resource);
                            }
                        }
                    } else if (f.number == 2) {
                        scopeSpans.add(f.bytes);
                    }
                }
                for (byte[] ss : scopeSpans) {
                    for (Field f : fields(ss)) {
                        if (f.number == 2) {
                            spans.add(span(f.bytes, resource));
                        }
                    }
                }
            }
        }
    }

    private static ReceivedSpan span(byte[] bytes, Map<String, Object> resource) {
        String traceId = "", spanId = "", parent = "", name = "";
        int kind = 0, status = 0;
        long start = 0, end = 0;
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (Field f : fields(bytes)) {
            switch (f.number) {
                case 1 -> traceId = HexFormat.of().formatHex(f.bytes);
                case 2 -> spanId = HexFormat.of().formatHex(f.bytes);
                case 4 -> parent = HexFormat.of().formatHex(f.bytes);
                case 5 -> name = new String(f.bytes, StandardCharsets.UTF_8);
                case 6 -> kind = (int) f.value;
                case 7 -> start = f.value;
                case 8 -> end = f.value;
                case 9 -> keyValue(f.bytes, attributes);
                case 15 -> {
                    for (Field s : fields(f.bytes)) {
                        if (s.number == 3) {
                            status = (int) s.value;
                        }
                    }
                }
                default -> {}
            }
        }
        return new ReceivedSpan(traceId, spanId, parent, name, kind, start, end, attributes, status, resource);
    }

    private static void keyValue(byte[] bytes, Map<String, Object> into) {
        String key = null;
        Object value = null;
        for (Field f : fields(bytes)) {
            if (f.number == 1) {
                key = new String(f.bytes, StandardCharsets.UTF_8);
            } else if (f.number == 2) {
                for (Field v : fields(f.bytes)) {
                    value = switch (v.number) {
                        case 1 -> new String(v.bytes, StandardCharsets.UTF_8);
                        case 2 -> v.value != 0;
                        case 3 -> v.value;
                        case 4 -> Double.longBitsToDouble(v.value);
                        default -> value;
                    };
                }
            }
        }
        if (key != null) {
            into.put(key, value);
        }
    }

    /** One protobuf field: its number and either a varint / fixed value or length-delimited bytes. */
    private record Field(int number, long value, byte[] bytes) {}

    private static List<Field> fields(byte[] bytes) {
        List<Field> out = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        while (in.hasRemaining()) {
            long tag = varint(in);
            int number = (int) (tag >>> 3);
            switch ((int) (tag & 7)) {
                case 0 -> out.add(new Field(number, varint(in), null));
                case 1 -> out.add(new Field(number, in.getLong(), null));
                case 2 -> {
                    byte[] b = new byte[(int) varint(in)];
                    in.get(b);
                    out.add(new Field(number, 0, b));
                }
                case 5 -> out.add(new Field(number, in.getInt() & 0xffffffffL, null));
                default -> throw new IllegalArgumentException("unsupported protobuf wire type in field " + number);
            }
        }
        return out;
    }

    private static long varint(ByteBuffer in) {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            result |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new IllegalArgumentException("malformed varint");
    }
}
