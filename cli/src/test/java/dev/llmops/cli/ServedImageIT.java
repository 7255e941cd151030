package dev.llmops.cli;

import static dev.llmops.cli.CliAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.testing.LocalRegistry;
import dev.llmops.testing.OciBase;
import dev.llmops.testing.OciLayoutFiles;
import dev.llmops.testing.Skopeo;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/**
 * The image {@code llmops build} pushes, run as a container would run it, without a container engine: pulled back
 * from a real registry with {@code skopeo}, its layers unpacked, its entrypoint started with the host JDK (paths
 * under {@code /app} moved to the unpacked folder, the port to a free one), then called over HTTP. Runs after
 * {@code package} (the {@code image-run} execution in cli/pom.xml): the image must hold the real shaded jar.
 */
class ServedImageIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "image-test-key-1";

    @TempDir
    Path work;

    @Test
    void should_serve_the_use_case_from_the_pushed_images_layers_with_its_entrypoint() throws Exception {
        // given: the image of the NER use case, offline environment, pushed to a real registry
        Path jar = shadedJar();
        Skopeo skopeo = Skopeo.require();
        try (LocalRegistry registry = LocalRegistry.start(work.resolve("registry"))) {
            String base = registry.host() + "/base/tiny:1";
            skopeo.copy("oci:" + OciBase.write(work.resolve("base")), "docker://" + base);
            Path useCase = ShippedUseCases.copy("named_entity_recognition", work.resolve("ner"));
            String image = registry.host() + "/llmops/ner:served";
            CliResult built = CliRun.in(work)
                    .env("XDG_CACHE_HOME", work.resolve("cache").toString())
                    .run(
                            "build",
                            "-u",
                            useCase.toString(),
                            "-e",
                            "offline",
                            "--image",
                            image,
                            "--base",
                            base,
                            "--jar",
                            jar.toString());
            assertThat(built).succeeded();

            // when: pulled back, unpacked and started as its config says
            Path layout = work.resolve("pulled");
            skopeo.copy("docker://" + image, "oci:" + layout);
            Path root = OciLayoutFiles.unpack(layout, work.resolve("rootfs"));
            JsonNode config = skopeo.config("docker://" + image).path("config");
            int port = freePort();
            Process server = start(config, root, port);
            try {
                HttpClient http = HttpClient.newHttpClient();
                awaitHealthy(http, port, server);
                HttpResponse<String> scored = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/score"))
                                .header("Authorization", "Bearer " + KEY)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofFile(
                                        root.resolve("app/use-case/sample-request.json")))
                                .timeout(Duration.ofSeconds(60))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> anonymous = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/score"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

                // then: the flow ran from the image's files (the replayed model answer, cleansed by the java tool)
                assertThat(scored.statusCode()).as(scored.body()).isEqualTo(200);
                JsonNode entities = JSON.readTree(scored.body()).path("entities");
                assertThat(entities.toString()).contains("Orino Foods");
                assertThat(anonymous.statusCode()).isEqualTo(401);
            } finally {
                server.destroy();
                if (!server.waitFor(30, TimeUnit.SECONDS)) {
                    server.destroyForcibly();
                }
            }
            assertThat(server.exitValue())
                    .as("a graceful exit on SIGTERM: %s", log())
                    .isIn(0, 143);
        }
    }

    /** The entrypoint as the image's config has it, with {@code java} and {@code /app} mapped to this machine. */
    private Process start(JsonNode config, Path root, int port) throws IOException {
        List<String> command = new ArrayList<>();
        List<String> entrypoint = new ArrayList<>();
        config.path("Entrypoint").forEach(a -> entrypoint.add(a.asText()));
        assertThat(entrypoint).startsWith("java").contains("--port", "8080");
        for (int i = 0; i < entrypoint.size(); i++) {
            String arg = entrypoint.get(i);
            if (i == 0) {
                command.add(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString());
            } else if (arg.startsWith("/app")) {
                command.add(root + arg);
            } else if (i > 0 && entrypoint.get(i - 1).equals("--port")) {
                command.add(Integer.toString(port));
            } else {
                command.add(arg);
            }
        }
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(root.resolve(config.path("WorkingDir").asText().substring(1))
                        .toFile())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("server.log").toFile());
        Map<String, String> env = pb.environment();
        env.clear();
        config.path("Env").forEach(e -> {
            String[] kv = e.asText().split("=", 2);
            env.put(kv[0], kv[1]);
        });
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("LLMOPS_SERVE_KEYS", KEY);
        return pb.start();
    }

    private void awaitHealthy(HttpClient http, int port, Process server) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new AssertionError("the entrypoint exited with " + server.exitValue() + ": " + log());
            }
            try {
                HttpResponse<String> health = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("/health never answered 200: " + log());
    }

    private String log() {
        try {
            return Files.readString(work.resolve("server.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static Path shadedJar() {
        String property = System.getProperty("llmops.jar");
        Path jar = property == null ? null : Path.of(property);
        if (jar == null || !Files.isRegularFile(jar)) {
            throw new TestAbortedException("runs after package, with -Dllmops.jar=cli/target/llmops.jar (mvn verify)");
        }
        return jar;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
