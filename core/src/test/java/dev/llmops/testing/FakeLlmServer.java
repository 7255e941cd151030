package dev.llmops.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A local server on port 0 that speaks the Azure OpenAI ({@code /openai/deployments/{d}/chat/completions} and
 * {@code /completions}) and OpenAI ({@code /v1/chat/completions} and {@code /v1/completions}) protocols, for
 * tests of anything that calls a model.
 *
 * <p>What it answers, in order: the next {@linkplain #enqueue queued} behaviour; else the first {@linkplain
 * #when rule} whose predicate holds; else the default ({@link #answer}, initially the text {@code "ok"}). Every
 * request is recorded for assertions, and the peak number of requests in flight is tracked. Requests are served
 * on virtual threads, so concurrency is not limited by the server. {@link #close} releases hanging requests.
 *
 * <pre>{@code
 * try (FakeLlmServer llm = FakeLlmServer.start()) {
 *     llm.enqueue(FakeLlmServer.Behaviour.throttle(Duration.ofMillis(10))).answer("4");
 *     // point an AzureOpenAIConnection's api_base at llm.azureApiBase(), or an OpenAIConnection's base_url
 *     // at llm.openAiBaseUrl(), then assert on llm.requests()
 * }
 * }</pre>
 */
public final class FakeLlmServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final List<FakeLlmRequest> requests = new CopyOnWriteArrayList<>();
    private final Deque<Behaviour> queue = new ConcurrentLinkedDeque<>();
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private volatile Behaviour fallback = Behaviour.answer("ok");

    private FakeLlmServer(HttpServer server) {
        this.server = server;
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a server on a free port of the loopback address. */
    public static FakeLlmServer start() {
        try {
            return new FakeLlmServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fake LLM server", e);
        }
    }

    /** {@code http://127.0.0.1:<port>}, the value for an Azure connection's {@code api_base}. */
    public String azureApiBase() {
        return "http://" + server.getAddress().getHostString() + ":"
                + server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>/v1}, the value for an OpenAI connection's {@code base_url}. */
    public String openAiBaseUrl() {
        return azureApiBase() + "/v1";
    }

    /** Answers every request not otherwise scripted with this text. */
    public FakeLlmServer answer(String text) {
        fallback = Behaviour.answer(text);
        return this;
    }

    /** Answers every request not otherwise scripted with this text and these token counts. */
    public FakeLlmServer answer(String text, long promptTokens, long completionTokens) {
        fallback = Behaviour.answer(text, promptTokens, completionTokens);
        return this;
    }

    /** Answers every request not otherwise scripted with a function of the request. */
    public FakeLlmServer answerWith(Function<FakeLlmRequest, String> text) {
        fallback = Behaviour.answerWith(text);
        return this;
    }

    /** Sets the default behaviour. */
    public FakeLlmServer otherwise(Behaviour behaviour) {
        fallback = behaviour;
        return this;
    }

    /** The next requests get these behaviours, one each, in order, before any rule or default applies. */
    public FakeLlmServer enqueue(Behaviour... behaviours) {
        queue.addAll(List.of(behaviours));
        return this;
    }

    /** Requests for which the predicate holds get this behaviour (first matching rule wins). */
    public FakeLlmServer when(Predicate<FakeLlmRequest> predicate, Behaviour behaviour) {
        rules.add(new Rule(predicate, behaviour));
        return this;
    }

    /** Requests whose last user message contains the text get this behaviour. */
    public FakeLlmServer whenUserSays(String text, Behaviour behaviour) {
        return when(r -> r.lastUserMessage() != null && r.lastUserMessage().contains(text), behaviour);
    }

    /** Every request received so far, in arrival order. */
    public List<FakeLlmRequest> requests() {
        return List.copyOf(requests);
    }

    public FakeLlmRequest lastRequest() {
        if (requests.isEmpty()) {
            throw new IllegalStateException("the fake LLM server has received no request");
        }
        return requests.getLast();
    }

    public int requestCount() {
        return requests.size();
    }

    /**
     * Waits until at least {@code count} requests have arrived, e.g. before closing on hanging requests.
     *
     * @throws AssertionError when they do not arrive in time
     */
    public void awaitRequests(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (requests.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "expected " + count + " requests within " + timeout + ", got " + requests.size());
            }
            Thread.sleep(5);
        }
    }

    /** The most requests that were being served at the same moment. */
    public int peakConcurrency() {
        return peak.get();
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try (exchange) {
            FakeLlmRequest request = record(exchange);
            if (!request.isAzure() && !request.path().matches("/v1/(chat/)?completions")) {
                send(exchange, 404, Map.of(), error("404", "Resource not found"));
                return;
            }
            perform(exchange, request, choose(request));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private FakeLlmRequest record(HttpExchange exchange) throws IOException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        FakeLlmRequest request = new FakeLlmRequest(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getRawQuery(),
                Map.copyOf(headers),
                body);
        requests.add(request);
        return request;
    }

    private Behaviour choose(FakeLlmRequest request) {
        Behaviour next = queue.pollFirst();
        if (next != null) {
            return next;
        }
        for (Rule rule : rules) {
            if (rule.predicate().test(request)) {
                return rule.behaviour();
            }
        }
        return fallback;
    }

    private void perform(HttpExchange exchange, FakeLlmRequest request, Behaviour behaviour)
            throws IOException, InterruptedException {
        switch (behaviour) {
            case Behaviour.Answer a
            when request.streamed() -> {
                String text = a.text().apply(request);
                stream(
                        exchange,
                        request,
                        new Behaviour.Stream(pieces(text), a.promptTokens(), a.completionTokens(), null));
            }
            case Behaviour.Answer a -> send(exchange, 200, Map.of(), completion(request, a));
            case Behaviour.Stream st -> stream(exchange, request, st);
            case Behaviour.Status s -> send(exchange, s.status(), s.headers(), s.body());
            case Behaviour.Malformed m -> send(exchange, 200, Map.of(), m.body());
            case Behaviour.Hang h -> closed.await(5, TimeUnit.MINUTES);
            case Behaviour.Trickle t -> trickle(exchange, completion(request, t.answer()), t);
            case Behaviour.Oversized o -> oversized(exchange, request, o);
            case Behaviour.Delayed d -> {
                if (!closed.await(d.delay().toMillis(), TimeUnit.MILLISECONDS)) {
                    perform(exchange, request, d.then());
                }
            }
        }
    }

    /** Splits a text where words start, keeping the spaces: {@code "Paris is"} gives {@code "Paris", " is"}. */
    static List<String> pieces(String text) {
        return List.of(text.split("(?<=\\S)(?=\\s)"));
    }

    /**
     * A {@code stream: true} answer as the services send it: server-sent events of chat.completion.chunk (or
     * text_completion) objects, a role-only first chunk (chat), Azure's prompt_filter_results event first, a
     * finish_reason chunk, a usage chunk when {@code stream_options.include_usage} asked for it, then {@code
     * [DONE]}. Each event is flushed on its own.
     */
    private void stream(HttpExchange exchange, FakeLlmRequest request, Behaviour.Stream st)
            throws IOException, InterruptedException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream; charset=utf-8");
        exchange.sendResponseHeaders(200, 0);
        String model = request.deployment() == null ? "fake-model" : request.deployment();
        try (OutputStream out = exchange.getResponseBody()) {
            if (request.isAzure()) {
                event(
                        out,
                        "{\"choices\":[],\"created\":0,\"id\":\"\",\"model\":\"\",\"object\":\"\","
                                + "\"prompt_filter_results\":[{\"prompt_index\":0,\"content_filter_results\":{}}]}");
            }
            if (request.isChat()) {
                ObjectNode first = chunk(request, model);
                ObjectNode delta =
                        first.putArray("choices").addObject().put("index", 0).putObject("delta");
                delta.put("role", "assistant");
                delta.put("content", "");
                event(out, first.toString());
            }
            int i = 0;
            for (String piece : st.chunks()) {
                ObjectNode c = chunk(request, model);
                ObjectNode choice = c.putArray("choices").addObject().put("index", 0);
                if (request.isChat()) {
                    choice.putObject("delta").put("content", piece);
                } else {
                    choice.put("text", piece);
                }
                choice.putNull("finish_reason");
                event(out, c.toString());
                if (i++ == 0 && st.afterFirst() != null && !st.afterFirst().await(30, TimeUnit.SECONDS)) {
                    return;
                }
            }
            ObjectNode last = chunk(request, model);
            ObjectNode choice = last.putArray("choices").addObject().put("index", 0);
            if (request.isChat()) {
                choice.putObject("delta");
            } else {
                choice.put("text", "");
            }
            choice.put("finish_reason", "stop");
            event(out, last.toString());
            if (request.json().path("stream_options").path("include_usage").asBoolean(false)) {
                String text = String.join("", st.chunks());
                long prompt = st.promptTokens() >= 0 ? st.promptTokens() : words(request.body());
                long completion = st.completionTokens() >= 0 ? st.completionTokens() : words(text);
                ObjectNode u = chunk(request, model);
                u.putArray("choices");
                u.putObject("usage")
                        .put("prompt_tokens", prompt)
                        .put("completion_tokens", completion)
                        .put("total_tokens", prompt + completion);
                event(out, u.toString());
            }
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException clientGone) {
            // the client stopped reading
        }
    }

    private static ObjectNode chunk(FakeLlmRequest request, String model) {
        ObjectNode c = JSON.createObjectNode();
        c.put("id", "fake-stream");
        c.put("object", request.isChat() ? "chat.completion.chunk" : "text_completion");
        c.put("created", 1_700_000_000L);
        c.put("model", model);
        return c;
    }

    private static void event(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private void trickle(HttpExchange exchange, String body, Behaviour.Trickle t)
            throws IOException, InterruptedException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        int head = Math.max(0, bytes.length - t.tailBytes());
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes, 0, head);
            out.flush();
            for (int i = head; i < bytes.length; i++) {
                if (closed.await(t.every().toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
                out.write(bytes[i]);
                out.flush();
            }
        } catch (IOException clientGone) {
            // the client cut the connection, which is what a client with a whole-response timeout does
        }
    }

    private static void oversized(HttpExchange exchange, FakeLlmRequest request, Behaviour.Oversized o)
            throws IOException {
        String marker = "@@FILL@@";
        String[] around =
                completion(request, new Behaviour.Answer(r -> marker, 1, 1)).split(marker, 2);
        byte[] head = around[0].getBytes(StandardCharsets.UTF_8);
        byte[] tail = around[1].getBytes(StandardCharsets.UTF_8);
        long fill = Math.max(0, o.bytes() - head.length - tail.length);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, o.declareLength() ? head.length + fill + tail.length : 0);
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) 'x');
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(head);
            for (long left = fill; left > 0; left -= chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
            out.write(tail);
        } catch (IOException clientGone) {
            // the client stopped reading at its limit
        }
    }

    private static String completion(FakeLlmRequest request, Behaviour.Answer answer) {
        String text = answer.text().apply(request);
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "fake-" + Integer.toHexString(request.body().hashCode()));
        root.put("object", request.isChat() ? "chat.completion" : "text_completion");
        root.put("created", 1_700_000_000L);
        root.put("model", request.deployment() == null ? "fake-model" : request.deployment());
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        if (request.isChat()) {
            ObjectNode message = choice.putObject("message");
            message.put("role", "assistant");
            message.put("content", text);
        } else {
            choice.put("text", text);
        }
        choice.put("finish_reason", "stop");
        long prompt = answer.promptTokens() >= 0 ? answer.promptTokens() : words(request.body());
        long completion = answer.completionTokens() >= 0 ? answer.completionTokens() : words(text);
        ObjectNode usage = root.putObject("usage");
        usage.put("prompt_tokens", prompt);
        usage.put("completion_tokens", completion);
        usage.put("total_tokens", prompt + completion);
        return root.toString();
    }

    private static long words(String text) {
        return text == null || text.isBlank() ? 0 : text.strip().split("\\s+").length;
    }

    static String error(String code, String message) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("code", code);
        error.put("message", message);
        return root.toString();
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, String body)
            throws IOException {
        headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private record Rule(Predicate<FakeLlmRequest> predicate, Behaviour behaviour) {}

    /** What the server does with one request. */
    public sealed interface Behaviour {

        /** A successful completion; negative token counts mean "count the words". */
        record Answer(Function<FakeLlmRequest, String> text, long promptTokens, long completionTokens)
                implements Behaviour {}

        /** Any status with headers and a body. */
        record Status(int status, Map<String, String> headers, String body) implements Behaviour {}

        /** HTTP 200 with a body that is not a completion. */
        record Malformed(String body) implements Behaviour {}

        /** Never answers, until the server is closed. */
        record Hang() implements Behaviour {}

        /**
         * A completion whose last {@code tailBytes} bytes come one at a time, {@code every} apart (Content-Length
         * declared), as a slow or hostile server sends them.
         */
        record Trickle(Answer answer, Duration every, int tailBytes) implements Behaviour {}

        /**
         * A well-formed completion of about {@code bytes} bytes (its text is {@code x} repeated), with a
         * Content-Length or chunked.
         */
        record Oversized(long bytes, boolean declareLength) implements Behaviour {}

        /** Waits, then behaves as {@code then}. */
        record Delayed(Duration delay, Behaviour then) implements Behaviour {}

        /**
         * A streamed answer in these pieces (whatever the request asked); after the first piece it waits for {@code
         * afterFirst} when that is not null, so a test can see the first piece arrive before the rest is sent.
         * Negative token counts mean "count the words".
         */
        record Stream(List<String> chunks, long promptTokens, long completionTokens, CountDownLatch afterFirst)
                implements Behaviour {
            public Stream {
                chunks = List.copyOf(chunks);
            }
        }

        static Behaviour stream(List<String> chunks, CountDownLatch afterFirst) {
            return new Stream(chunks, -1, -1, afterFirst);
        }

        static Behaviour answer(String text) {
            return new Answer(r -> text, -1, -1);
        }

        static Behaviour answerWith(Function<FakeLlmRequest, String> text) {
            return new Answer(text, -1, -1);
        }

        static Behaviour answer(String text, long promptTokens, long completionTokens) {
            return new Answer(r -> text, promptTokens, completionTokens);
        }

        /** 429 with {@code Retry-After} in whole seconds (rounded up). */
        static Behaviour throttle(Duration retryAfter) {
            long seconds = (retryAfter.toMillis() + 999) / 1000;
            return new Status(
                    429, Map.of("Retry-After", Long.toString(seconds)), error("429", "Rate limit is exceeded."));
        }

        /** 429 with Azure's {@code retry-after-ms}. */
        static Behaviour throttleMillis(long millis) {
            return new Status(
                    429, Map.of("retry-after-ms", Long.toString(millis)), error("429", "Rate limit is exceeded."));
        }

        /** 429 without any Retry-After header. */
        static Behaviour throttle() {
            return new Status(429, Map.of(), error("429", "Rate limit is exceeded."));
        }

        static Behaviour serverError() {
            return new Status(500, Map.of(), error("InternalServerError", "The server had an error."));
        }

        static Behaviour malformedJson() {
            return new Malformed("{\"choices\": [ this is not json");
        }

        static Behaviour hang() {
            return new Hang();
        }

        static Behaviour trickle(String text, Duration every, int tailBytes) {
            return new Trickle(new Answer(r -> text, -1, -1), every, tailBytes);
        }

        static Behaviour oversized(long bytes, boolean declareLength) {
            return new Oversized(bytes, declareLength);
        }

        static Behaviour delayed(Duration delay, Behaviour then) {
            return new Delayed(delay, then);
        }

        /** Azure's content filter refusal of a prompt. */
        static Behaviour contentFilter() {
            return new Status(
                    400,
                    Map.of(),
                    "{\"error\": {\"code\": \"content_filter\", \"message\": \"The response was filtered due to the"
                            + " prompt triggering Azure OpenAI's content management policy.\", \"innererror\":"
                            + " {\"code\": \"ResponsibleAIPolicyViolation\"}}}");
        }

        static Behaviour badRequest(String message) {
            return new Status(400, Map.of(), error("invalid_request_error", message));
        }

        static Behaviour unauthorized() {
            return new Status(
                    401,
                    Map.of(),
                    error("401", "Access denied due to invalid subscription key or wrong API endpoint."));
        }

        static Behaviour forbidden() {
            return new Status(403, Map.of(), error("PermissionDenied", "Principal does not have access."));
        }

        static Behaviour deploymentNotFound() {
            return new Status(
                    404, Map.of(), error("DeploymentNotFound", "The API deployment for this resource does not exist."));
        }
    }
}
