package dev.llmops.testing.azurite;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP proxy in front of an {@link Azurite} that lets a set number of {@code Put Block} requests through
 * and then refuses every request with {@code 403 AuthenticationFailed}, as the Blob service does when the SAS token
 * or the Entra token of a long upload expires midway. What got through is staged in Azurite for real, so a test can
 * interrupt an upload and then resume it against Azurite directly.
 */
public final class BlobProxy implements AutoCloseable {

    private static final Set<String> HOP_BY_HOP =
            Set.of("connection", "content-length", "expect", "host", "upgrade", "transfer-encoding", "keep-alive");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http = HttpClient.newHttpClient();
    private final URI upstream;
    private final int allowedBlocks;
    private final AtomicInteger blocks = new AtomicInteger();

    private BlobProxy(HttpServer server, URI upstream, int allowedBlocks) {
        this.server = server;
        this.upstream = upstream;
        this.allowedBlocks = allowedBlocks;
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Forwards to {@code azurite}; after {@code allowedBlocks} staged blocks, refuses everything. */
    public static BlobProxy failingAfterBlocks(Azurite azurite, int allowedBlocks) {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            URI endpoint = azurite.blobEndpoint();
            return new BlobProxy(s, URI.create(endpoint.getScheme() + "://" + endpoint.getAuthority()), allowedBlocks);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the blob proxy", e);
        }
    }

    /** {@code http://127.0.0.1:<port>/devstoreaccount1}: use it as {@code LLMOPS_BLOB_ENDPOINT}. */
    public URI blobEndpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + Azurite.ACCOUNT);
    }

    /** How many {@code Put Block} requests reached Azurite. */
    public int blocksForwarded() {
        return Math.min(blocks.get(), allowedBlocks);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String query = exchange.getRequestURI().getRawQuery();
        boolean putBlock = "PUT".equals(exchange.getRequestMethod())
                && query != null
                && List.of(query.split("&")).contains("comp=block");
        if ((putBlock && blocks.incrementAndGet() > allowedBlocks) || blocks.get() > allowedBlocks) {
            byte[] error = ("<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>AuthenticationFailed</Code>"
                            + "<Message>Signature not valid in the specified time frame</Message></Error>")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("x-ms-error-code", "AuthenticationFailed");
            exchange.getResponseHeaders().add("Content-Type", "application/xml");
            exchange.sendResponseHeaders(403, error.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(error);
            }
            return;
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(
                        upstream + exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query)))
                .method(
                        exchange.getRequestMethod(),
                        body.length == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> b.header(name, v));
            }
        });
        HttpResponse<byte[]> response;
        try {
            response = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(503, -1);
            return;
        }
        boolean head = exchange.getRequestMethod().equals("HEAD");
        response.headers().map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            // A HEAD answer says the blob's size in Content-Length; the server sets it for every other answer.
            if ((!HOP_BY_HOP.contains(lower) || (head && lower.equals("content-length"))) && !name.startsWith(":")) {
                values.forEach(v -> exchange.getResponseHeaders().add(name, v));
            }
        });
        byte[] bytes = response.body();
        boolean noBody = head || bytes.length == 0;
        exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : bytes.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
