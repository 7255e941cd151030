package dev.llmops.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmops.error.ConfigException;
import dev.llmops.error.Problem;
import dev.llmops.flow.FlexNode;
import dev.llmops.flow.Flow;
import dev.llmops.flow.FlowExecutor;
import dev.llmops.flow.JavaNode;
import dev.llmops.flow.LineResult;
import dev.llmops.flow.Node;
import dev.llmops.flow.PythonNode;
import dev.llmops.flow.flex.FlexEntry;
import dev.llmops.flow.tool.ToolInvocation;
import dev.llmops.flow.tool.ToolRunner;
import dev.llmops.json.Json;
import dev.llmops.secret.SecretMasker;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every request goes through {@link #handle}: routing by method and path, key checks, the concurrency limit, the
 * error shape and one JSON access-log line. Helidon is only the transport.
 */
final class Routes implements Handler {

    static final HeaderName REQUEST_ID = HeaderNames.create("x-request-id");
    static final HeaderName CLIENT_REQUEST_ID = HeaderNames.create("x-ms-client-request-id");
    static final HeaderName API_KEY = HeaderNames.create("api-key");
    private static final String JSON = "application/json";

    private final ServeSettings settings;
    private final ScoreService score;
    private final PrintWriter log;
    private final SecretMasker masker;
    private final KeyAuth auth;
    private final Semaphore slots;
    private final ObjectMapper json = Json.pooledMapper();
    private final byte[] swagger;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ServeMetrics metrics;
    private final ServeTracing tracing;
    private volatile boolean warm;
    private volatile boolean draining;
    private volatile RequestLogger requestLog;

    Routes(ServeSettings settings, ScoreService score, PrintWriter log, SecretMasker masker, ServeTracing tracing) {
        this.settings = settings;
        this.tracing = tracing;
        this.score = score;
        this.log = log;
        this.masker = masker;
        this.auth = new KeyAuth(settings.keys());
        this.slots = new Semaphore(settings.maxConcurrency());
        this.metrics = new ServeMetrics(score.flow(), inFlight);
        score.observe(metrics);
        try {
            this.swagger = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(Swagger.of(score, json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean ready() {
        return warm && !draining;
    }

    /** Where requests are logged; null for nowhere. */
    void logRequests(RequestLogger log) {
        this.requestLog = log;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        long start = System.nanoTime();
        inFlight.incrementAndGet();
        String requestId = req.headers()
                .first(REQUEST_ID)
                .or(() -> req.headers().first(CLIENT_REQUEST_ID))
                .orElseGet(Routes::newRequestId);
        String method = req.prologue().method().text();
        String path = req.path().rawPath();
        int status;
        Span span = tracing.request(req, method, path, requestId);
        Scope scope = span.makeCurrent();
        try {
            res.header(REQUEST_ID, requestId);
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
            status = route(req, res, method, path);
        } catch (ServeException e) {
            status = error(res, e);
        } catch (RuntimeException e) {
            status = error(
                    res,
                    new ServeException(500, "internal error: " + e.getClass().getSimpleName()));
        } finally {
            inFlight.decrementAndGet();
            scope.close();
        }
        ServeTracing.end(span, status);
        metrics.request(path, status, System.nanoTime() - start);
        access(requestId, method, path, status, start);
    }

    private int route(ServerRequest req, ServerResponse res, String method, String path) {
        if (method.equals("OPTIONS")) {
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "*");
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, "*");
            return send(res, 200, "text/plain", new byte[0]);
        }
        switch (method + " " + path) {
            case "GET /health" -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("status", ready() ? "Healthy" : draining ? "Draining" : "NotReady");
                body.put("version", settings.options().version());
                return sendJson(res, ready() ? 200 : 503, body);
            }
            case "GET /version" -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("status", "Healthy");
                body.put("build_info", settings.buildInfo());
                body.put(
                        "version",
                        settings.buildNumber() != null
                                ? settings.buildNumber()
                                : settings.options().version());
                return sendJson(res, 200, body);
            }
            case "GET /metrics" -> {
                authorize(req);
                return send(
                        res,
                        200,
                        "text/plain; version=0.0.4; charset=utf-8",
                        metrics.scrape().getBytes(StandardCharsets.UTF_8));
            }
            case "GET /swagger.json" -> {
                authorize(req);
                return send(res, 200, JSON, swagger);
            }
            case "POST /score" -> {
                authorize(req);
                return score(req, res);
            }
            case "POST /feedback" -> {
                authorize(req);
                byte[] feedback = body(req);
                // Prompt Flow records the feedback as an attribute of its span, for the trace store to keep.
                Span.current()
                        .setAttribute(
                                "feedback",
                                new String(feedback, 0, Math.min(feedback.length, 64 * 1024), StandardCharsets.UTF_8));
                return sendJson(res, 200, Map.of("status", "Feedback received."));
            }
            case "GET /", "POST /" -> {
                return send(
                        res, 200, "text/html", "<h1>Welcome to promptflow app.</h1>".getBytes(StandardCharsets.UTF_8));
            }
            default -> {
                return send(
                        res,
                        404,
                        "text/html",
                        ("The requested api " + req.requestedUri().toUri() + " with " + method
                                        + " is not supported by current app, if you entered the URL manually please"
                                        + " check your spelling and try again.")
                                .getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private int score(ServerRequest req, ServerResponse res) {
        if (draining) {
            res.header(HeaderNames.CONNECTION, "close");
            throw new ServeException(503, "the server is shutting down; retry on another instance");
        }
        Accept accept = Accept.of(req.headers().all(HeaderNames.ACCEPT, List::of));
        List<ScoreService.StreamField> fields = score.streamFields();
        boolean stream = accept.eventStream() && !fields.isEmpty();
        if (!stream && !accept.json()) {
            throw notAcceptable(accept, fields.isEmpty());
        }
        if (stream && fields.size() > 1) {
            throw ServeException.badRequest("Multiple stream output fields not supported. The outputs "
                    + ScoreService.quoted(fields.stream()
                            .map(ScoreService.StreamField::output)
                            .toList())
                    + " all stream; send Accept: application/json, or set PROMPTFLOW_RESPONSE_INCLUDED_FIELDS");
        }
        if (!slots.tryAcquire()) {
            res.header(HeaderNames.RETRY_AFTER, "1");
            throw new ServeException(
                    429,
                    "the server is serving its limit of " + settings.maxConcurrency()
                            + " requests at once (--max-concurrency); retry after 1 s");
        }
        try {
            Map<String, Object> inputs = score.inputs(body(req));
            if (stream) {
                return streamed(res, inputs, fields.getFirst(), accept);
            }
            LineResult.Success line = answered(res, inputs, null);
            Object body = score.response(line);
            logAnswered(res, inputs, line, body);
            return sendJson(res, 200, body);
        } finally {
            slots.release();
        }
    }

    private static ServeException notAcceptable(Accept accept, boolean jsonOnly) {
        return new ServeException(
                406,
                "Media type " + accept + " in Accept header is not acceptable. Supported media type(s) - "
                        + (jsonOnly ? "application/json" : "text/event-stream, application/json"));
    }

    /**
     * A line answered as server-sent events. Until the first byte goes out, failures answer as usual (JSON error,
     * status); after it, the stream just ends. A flex entry that turns out not to be a generator answers JSON, as
     * Prompt Flow does when there is no stream field.
     */
    private int streamed(
            ServerResponse res, Map<String, Object> inputs, ScoreService.StreamField field, Accept accept) {
        SseResponse sse = new SseResponse(res, field, score.returnedOutputs());
        LineResult.Success line;
        try {
            line = answered(res, inputs, sse);
        } catch (ServeException e) {
            if (!sse.started()) {
                throw e;
            }
            sse.abort();
            return 200;
        }
        Object body = score.response(line);
        logAnswered(res, inputs, line, body);
        if (score.flow().flex().isPresent() && sse.chunks() == 0 && !sse.started()) {
            if (!accept.json()) {
                throw notAcceptable(accept, true);
            }
            return sendJson(res, 200, body);
        }
        sse.finish(line.outputs());
        return 200;
    }

    /** Runs the line: its success, or its failure (or refusal) logged and thrown as the response's error. */
    private LineResult.Success answered(ServerResponse res, Map<String, Object> inputs, SseResponse stream) {
        try {
            LineResult result = score.line(inputs, stream);
            Span.current()
                    .setAttribute("gen_ai.usage.input_tokens", result.tokens().promptTokens())
                    .setAttribute("gen_ai.usage.output_tokens", result.tokens().completionTokens());
            return switch (result) {
                case LineResult.Success s -> s;
                case LineResult.Failure f -> throw score.failure(f);
            };
        } catch (ServeException e) {
            // Unanswered requests are logged too, so post-production evaluation can count what it skips.
            logRequest(requestId(res), e.status(), inputs, Map.of(), e.getMessage());
            throw e;
        }
    }

    @SuppressWarnings("unchecked")
    private void logAnswered(ServerResponse res, Map<String, Object> inputs, LineResult.Success line, Object body) {
        if (requestLog != null) {
            Map<String, Object> outputs = score.bare(line)
                    ? Collections.singletonMap(
                            score.returnedOutputs().isEmpty()
                                    ? "output"
                                    : score.returnedOutputs().getFirst(),
                            body)
                    : (Map<String, Object>) body;
            logRequest(requestId(res), 200, inputs, outputs, null);
        }
    }

    private static String requestId(ServerResponse res) {
        return res.headers().first(REQUEST_ID).orElse("");
    }

    private void logRequest(
            String id, int status, Map<String, Object> inputs, Map<String, Object> outputs, String error) {
        RequestLogger rl = requestLog;
        if (rl != null) {
            rl.log(id, status, inputs, outputs, error);
        }
    }

    private void authorize(ServerRequest req) {
        if (!auth.accepts(
                req.headers().first(HeaderNames.AUTHORIZATION).orElse(null),
                req.headers().first(API_KEY).orElse(null))) {
            throw new ServeException(401, "missing or wrong API key: send Authorization: Bearer KEY or api-key: KEY");
        }
    }

    /**
     * A random version 4 UUID for a request that brought no id. It names a request in logs, so it needs to be
     * unique, not unguessable: {@link UUID#randomUUID()} reads the shared SecureRandom on every request.
     */
    static String newRequestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long low = (random.nextLong() & ~(0x3L << 62)) | (0x2L << 62); // IETF variant
        return new UUID(high, low).toString();
    }

    private byte[] body(ServerRequest req) {
        long max = settings.options().maxRequestBytes();
        if (req.headers().contentLength().orElse(0) > max) {
            throw tooLarge(max);
        }
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        try (InputStream in = req.content().inputStream()) {
            // With a Content-Length (within the limit: checked above) exactly that many bytes are read into one
            // array; readNBytes(max + 1) would allocate 16 KB chunks for a body of a hundred bytes.
            long declared = req.headers().contentLength().orElse(-1);
            byte[] bytes = in.readNBytes((int) (declared >= 0 ? declared : Math.min(Integer.MAX_VALUE - 8, max + 1)));
            if (bytes.length > max) {
                throw tooLarge(max);
            }
            return bytes;
        } catch (IOException e) {
            throw ServeException.badRequest("cannot read the request body: " + e.getMessage());
        }
    }

    private static ServeException tooLarge(long max) {
        return new ServeException(413, "the request body is larger than " + max + " bytes (--max-request-bytes)");
    }

    private int error(ServerResponse res, ServeException e) {
        ObjectNode root = json.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("code", e.code());
        error.put("message", masker.mask(e.getMessage()));
        return sendJson(res, e.status(), root);
    }

    private int sendJson(ServerResponse res, int status, Object body) {
        try {
            return send(res, status, JSON, json.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int send(ServerResponse res, int status, String contentType, byte[] body) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, contentType);
        res.send(body);
        return status;
    }

    private void access(String requestId, String method, String path, int status, long start) {
        ObjectNode line = json.createObjectNode();
        line.put("time", Instant.now().toString());
        line.put("request_id", requestId);
        line.put("method", method);
        line.put("path", path);
        line.put("status", status);
        line.put("duration_ms", (System.nanoTime() - start) / 1_000_000.0);
        log.println(line);
    }

    /** Marks draining and waits until no request is in flight, at most {@code timeout}. */
    int drain(Duration timeout) {
        draining = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return inFlight.get();
    }

    /**
     * Loads every tool of the flow (starting python workers, compiling java tools), then a flex flow's entry with
     * its class built, before {@code /health} says ready. A tool or entry that cannot load keeps the server not
     * ready and is logged.
     */
    void warm(Flow flow, FlowExecutor executor, ServeRuntime runtime, Map<String, String> environment) {
        List<Problem> problems = new ArrayList<>();
        if (flow.nodes().stream()
                .anyMatch(n -> n instanceof PythonNode
                        || n instanceof FlexNode f && f.entry().language() == FlexEntry.Language.PYTHON)) {
            // every worker of the pool starts now, not when the first requests come in together
            runtime.pythonTools().warmUp();
        }
        for (Node node : flow.nodes()) {
            ToolRunner runner;
            String source;
            ToolInvocation.SourceType type;
            switch (node) {
                case PythonNode p -> {
                    runner = runtime.pythonTools();
                    source = p.source();
                    type = ToolInvocation.SourceType.CODE;
                }
                case JavaNode j -> {
                    runner = runtime.javaTools();
                    source = j.source();
                    type = j.sourceType();
                }
                default -> {
                    continue;
                }
            }
            Map<String, Object> inputs = new LinkedHashMap<>();
            node.inputs().keySet().forEach(k -> inputs.put(k, null));
            try {
                problems.addAll(runner.check(new ToolInvocation(
                        node.name(), flow.dir(), source, type, inputs, Map.of(), environment, node.aggregation())));
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
        }
        if (flow.flex().isPresent() && problems.stream().noneMatch(Problem::isError)) {
            FlexNode f = flow.flex().get();
            try {
                executor.warm();
            } catch (RuntimeException e) {
                problems.add(Problem.error(
                        f.entry().file(),
                        f.location().line(),
                        f.location().column(),
                        "flex entry '" + f.entry().entry() + "' did not load: " + e.getMessage(),
                        "fix it and restart the server; until then /health answers 503 NotReady"));
            }
        }
        problems.stream().filter(Problem::isError).forEach(p -> log.println(masker.mask(p.format())));
        warm = problems.stream().noneMatch(Problem::isError);
    }
}
