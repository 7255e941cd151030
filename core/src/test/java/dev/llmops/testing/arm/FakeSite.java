package dev.llmops.testing.arm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * One App Service site or slot of {@link FakeWebApps}: its configuration as Resource Manager holds it, and its
 * front end, an HTTPS server on a loopback port (the site's {@code defaultHostName}) that, like App Service's,
 * pulls and starts the container on the first request after a change and forwards to it. A container that cannot
 * be pulled (no {@code AcrPull} for the identity, no managed-identity pull) or that App Service would probe on
 * the wrong port (no {@code WEBSITES_PORT=8080}) never starts: the front end answers 503 and the container log
 * says why.
 */
final class FakeSite implements AutoCloseable {

    private static final String ERROR_PAGE = "<!DOCTYPE html><html><head><title>Application Error</title></head>"
            + "<body>:( Application Error</body></html>";

    final String path;
    final String app;
    final String slot;
    ObjectNode resource;
    ObjectNode siteConfig;
    Map<String, String> settings = new LinkedHashMap<>();
    private final HttpsServer front;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Object lock;
    private final Function<FakeSite, String> pullCheck;
    private final FakeWebApps.Containers containers;
    private FakeWebApps.Container container;
    private StringBuilder log = new StringBuilder();
    private int starts;
    private int version;

    /**
     * @param lock guards the state of every site (the fake's monitor; never held while a container starts)
     * @param pullCheck why the image cannot be pulled or started, or null when it can (called holding lock)
     */
    FakeSite(
            Object lock,
            String path,
            String app,
            String slot,
            Function<FakeSite, String> pullCheck,
            FakeWebApps.Containers containers) {
        this.lock = lock;
        this.path = path;
        this.app = app;
        this.slot = slot;
        this.pullCheck = pullCheck;
        this.containers = containers;
        try {
            front = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fake site's front end", e);
        }
        front.setHttpsConfigurator(new HttpsConfigurator(TestCertificate.serverContext()));
        front.setExecutor(executor);
        front.createContext("/", this::handle);
        front.start();
    }

    /** {@code 127.0.0.1:<port>}: what {@code <app>.azurewebsites.net} is in this fake. */
    String host() {
        return "127.0.0.1:" + front.getAddress().getPort();
    }

    String image() {
        String fx = siteConfig == null ? "" : siteConfig.path("linuxFxVersion").asText("");
        return fx.startsWith("DOCKER|") ? fx.substring("DOCKER|".length()) : "";
    }

    String log() {
        synchronized (lock) {
            return log.toString() + (container == null ? "" : container.logs());
        }
    }

    int starts() {
        synchronized (lock) {
            return starts;
        }
    }

    /** A configuration change: App Service restarts the container, so the next request starts a new one. */
    void restart() {
        synchronized (lock) {
            version++;
            stopContainer();
        }
    }

    /** Swaps configuration, settings, running container and log with another site (a slot swap). */
    static void swap(FakeSite a, FakeSite b) {
        synchronized (a.lock) {
            {
                a.version++;
                b.version++;
                ObjectNode config = a.siteConfig;
                a.siteConfig = b.siteConfig;
                b.siteConfig = config;
                Map<String, String> settings = a.settings;
                a.settings = b.settings;
                b.settings = settings;
                FakeWebApps.Container container = a.container;
                a.container = b.container;
                b.container = container;
                StringBuilder log = a.log;
                a.log = b.log;
                b.log = log;
            }
        }
    }

    private FakeWebApps.Container running() {
        String image;
        Map<String, String> environment;
        int at;
        synchronized (lock) {
            if (container != null) {
                return container;
            }
            image = image();
            log.append("Pulling image: ").append(image).append('\n');
            String refused = pullCheck.apply(this);
            if (refused != null) {
                log.append(refused).append('\n');
                return null;
            }
            environment = Map.copyOf(settings);
            at = version;
        }
        FakeWebApps.Container started;
        try {
            started = containers.start(image, environment);
        } catch (Exception e) {
            synchronized (lock) {
                log.append("Container failed to start: ").append(e.getMessage()).append('\n');
            }
            return null;
        }
        synchronized (lock) {
            if (container == null && version == at) {
                container = started;
                starts++;
                log.append("Container ")
                        .append(app)
                        .append(slot == null ? "" : "__" + slot)
                        .append(" started\n");
                return container;
            }
        }
        started.close();
        return running();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        FakeWebApps.Container target = running();
        int status;
        byte[] answer;
        String type;
        if (target == null) {
            status = 503;
            answer = ERROR_PAGE.getBytes(StandardCharsets.UTF_8);
            type = "text/html";
        } else {
            HttpRequest.Builder b = HttpRequest.newBuilder(
                            URI.create(target.url() + exchange.getRequestURI().getRawPath()))
                    .timeout(Duration.ofSeconds(60))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            for (String h : List.of("Authorization", "Content-Type", "Accept", "api-key")) {
                String v = exchange.getRequestHeaders().getFirst(h);
                if (v != null) {
                    b.header(h, v);
                }
            }
            try {
                HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
                status = r.statusCode();
                answer = r.body();
                type = r.headers().firstValue("Content-Type").orElse("application/json");
            } catch (IOException e) {
                status = 502;
                answer = ERROR_PAGE.getBytes(StandardCharsets.UTF_8);
                type = "text/html";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
        if (answer.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        }
        exchange.close();
    }

    private void stopContainer() {
        if (container != null) {
            container.close();
            log.append("Container ")
                    .append(app)
                    .append(slot == null ? "" : "__" + slot)
                    .append(" stopped\n");
            container = null;
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            stopContainer();
        }
        front.stop(0);
        executor.shutdownNow();
    }
}
