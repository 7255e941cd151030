package dev.llmops.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real OCI registry (Debian's {@code docker-registry}, the CNCF distribution registry) on a loopback port, with
 * its storage in a folder of the test. Plain HTTP, no auth.
 */
public final class LocalRegistry implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private LocalRegistry(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static LocalRegistry start(Path dir) {
        String binary = ExternalTools.require("docker-registry", "docker-registry");
        try {
            Files.createDirectories(dir);
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            Path config = dir.resolve("config.yml");
            Files.writeString(config, """
                    version: 0.1
                    log:
                      level: warn
                    storage:
                      filesystem:
                        rootdirectory: %s
                      delete:
                        enabled: true
                    http:
                      addr: 127.0.0.1:%d
                    """.formatted(dir.resolve("storage"), port));
            Path log = dir.resolve("registry.log");
            Process process = new ProcessBuilder(binary, "serve", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            LocalRegistry registry = new LocalRegistry(process, port, log);
            registry.awaitReady();
            return registry;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code 127.0.0.1:PORT}, the registry part of an image reference. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    private void awaitReady() throws IOException {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest ping = HttpRequest.newBuilder(URI.create("http://" + host() + "/v2/"))
                .timeout(Duration.ofSeconds(2))
                .build();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("docker-registry exited: " + Files.readString(log));
            }
            try {
                if (client.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("docker-registry did not answer on " + host() + ": " + Files.readString(log));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
