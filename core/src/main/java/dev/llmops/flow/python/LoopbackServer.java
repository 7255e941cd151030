package dev.llmops.flow.python;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OpenAI-compatible chat-completions endpoint on the loopback address, for flex entry code that calls a model
 * directly (the {@code openai} package, plain HTTP). Each python worker has its own random token; a request
 * carrying it ({@code Authorization: Bearer}, or Azure's {@code api-key}) is served by the thread running that
 * worker's current line, through the flow's connections: same throttle, retries, cache, recordings and token
 * accounting as an llm node. Anything else gets 401. Serves {@code /v1/chat/completions}, {@code
 * /chat/completions} and Azure's {@code /openai/deployments/<name>/chat/completions}.
 */
final class LoopbackServer implements AutoCloseable {

    private static final Pattern AZURE_PATH = Pattern.compile("^/openai/deployments/([^/]+)/chat/completions$");
    private static final long MAX_BODY = 32L * 1024 * 1024;
    private static final long ANSWER_TIMEOUT_MINUTES = 30;

    private final ObjectMapper json = new ObjectMapper();
    private final SecureRandom random = new SecureRandom();
    private final Map<String, PythonWorker> workers = new ConcurrentHashMap<>();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpServer server;

    LoopbackServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the loopback model endpoint", e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** {@code http://127.0.0.1:<port>}. */
    String baseUrl() {
        InetSocketAddress a = server.getAddress();
        return "http://" + a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    String newToken() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return "llmops-" + HexFormat.of().formatHex(bytes);
    }

    void register(PythonWorker worker) {
        workers.put(worker.token(), worker);
    }

    void unregister(PythonWorker worker) {
        workers.remove(worker.token());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!exchange.getRequestMethod().equals("POST")) {
                error(exchange, 405, "only POST chat completions are served here");
                return;
            }
            Matcher azure = AZURE_PATH.matcher(path);
            String deployment = null;
            if (azure.matches()) {
                deployment = URLDecoder.decode(azure.group(1), StandardCharsets.UTF_8);
            } else if (!path.equals("/v1/chat/completions") && !path.equals("/chat/completions")) {
                error(exchange, 404, "the llmops loopback endpoint serves chat completions only, not " + path);
                return;
            }
            PythonWorker worker = workers.get(token(exchange));
            if (worker == null) {
                error(exchange, 401, "unknown token: this endpoint serves only the flow llmops is running");
                return;
            }
            JsonNode body;
            try (InputStream in = exchange.getRequestBody()) {
                byte[] bytes = in.readNBytes((int) MAX_BODY + 1);
                if (bytes.length > MAX_BODY) {
                    error(exchange, 413, "request body larger than " + MAX_BODY + " bytes");
                    return;
                }
                body = json.readTree(bytes);
            } catch (IOException e) {
                error(exchange, 400, "the request body is not JSON");
                return;
            }
            ObjectNode callback = json.createObjectNode();
            ObjectNode request = callback.putObject("callback");
            request.put("op", "chat");
            if (deployment != null) {
                request.put("deployment", deployment);
            }
            request.set("body", body);
            CompletableFuture<String> answer = new CompletableFuture<>();
            worker.submit(new PythonWorker.LoopbackJob(json.writeValueAsString(callback), answer));
            JsonNode reply;
            try {
                reply = json.readTree(answer.get(ANSWER_TIMEOUT_MINUTES, TimeUnit.MINUTES));
            } catch (Exception e) {
                error(exchange, 504, "no answer from the flow's connection in time");
                return;
            }
            if (!reply.path("ok").asBoolean(false)) {
                error(exchange, 502, reply.path("message").asText("the model call failed"));
                return;
            }
            JsonNode result = reply.path("result");
            if (body.path("stream").asBoolean(false)) {
                stream(exchange, result);
            } else {
                send(exchange, 200, "application/json", json.writeValueAsBytes(result));
            }
        }
    }

    /** The whole answer as one server-sent chunk, for clients that asked to stream. */
    private void stream(HttpExchange exchange, JsonNode result) throws IOException {
        ObjectNode chunk = json.createObjectNode();
        chunk.put("id", result.path("id").asText());
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", result.path("created").asLong());
        chunk.put("model", result.path("model").asText());
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode delta = choice.putObject("delta");
        delta.put("role", "assistant");
        delta.put(
                "content",
                result.path("choices").path(0).path("message").path("content").asText());
        choice.put("finish_reason", "stop");
        String text = "data: " + json.writeValueAsString(chunk) + "\n\ndata: [DONE]\n\n";
        send(exchange, 200, "text/event-stream", text.getBytes(StandardCharsets.UTF_8));
    }

    private static String token(HttpExchange exchange) {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).strip();
        }
        String key = exchange.getRequestHeaders().getFirst("api-key");
        return key == null ? "" : key.strip();
    }

    private void error(HttpExchange exchange, int status, String message) throws IOException {
        ObjectNode body = json.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("message", message);
        error.put("type", "llmops_loopback_error");
        error.put("code", String.valueOf(status));
        send(exchange, status, "application/json", json.writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
