package dev.llmops.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real OCI registry (Debian's {@code docker-registry}, the CNCF distribution registry) on a loopback port, with
 * its storage in a folder of the test: plain HTTP without auth, or HTTPS (a self-signed certificate made with
 * {@code openssl}) with basic auth from an {@code htpasswd} file (bcrypt, made with {@code htpasswd -B}).
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
        return start(dir, null, null);
    }

    /** A registry over HTTPS that accepts only {@code user} with {@code password}. */
    public static LocalRegistry startSecured(Path dir, String user, String password) {
        return start(dir, user, password);
    }

    private static LocalRegistry start(Path dir, String user, String password) {
        String binary = ExternalTools.require("docker-registry", "docker-registry");
        try {
            Files.createDirectories(dir);
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            Path config = dir.resolve("config.yml");
            String secured = "";
            if (user != null) {
                Path htpasswd = dir.resolve("htpasswd");
                Files.writeString(
                        htpasswd,
                        exec(ExternalTools.require("htpasswd", "apache2-utils"), "-Bbn", user, password)
                                        .strip() + "\n");
                exec(
                        ExternalTools.require("openssl", "openssl"),
                        "req",
                        "-x509",
                        "-newkey",
                        "rsa:2048",
                        "-nodes",
                        "-days",
                        "1",
                        "-subj",
                        "/CN=127.0.0.1",
                        "-addext",
                        "subjectAltName=IP:127.0.0.1",
                        "-keyout",
                        dir.resolve("key.pem").toString(),
                        "-out",
                        dir.resolve("cert.pem").toString());
                secured = """
                        auth:
                          htpasswd:
                            realm: llmops-test
                            path: %s
                        """.formatted(htpasswd);
            }
            String tls = user == null ? "" : """
                              tls:
                                certificate: %s
                                key: %s
                            """.formatted(dir.resolve("cert.pem"), dir.resolve("key.pem"));
            Files.writeString(config, """
                    version: 0.1
                    log:
                      level: warn
                    storage:
                      filesystem:
                        rootdirectory: %s
                      delete:
                        enabled: true
                    %shttp:
                      addr: 127.0.0.1:%d
                    %s""".formatted(dir.resolve("storage"), secured, port, tls));
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

    private static String exec(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + err);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return out;
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("docker-registry exited: " + Files.readString(log));
            }
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 500);
                return;
            } catch (IOException e) {
                // not listening yet
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
