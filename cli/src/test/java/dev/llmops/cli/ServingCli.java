package dev.llmops.cli;

import dev.llmops.SystemEnv;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code llmops serve} run through {@link Main#run} on a thread of its own, with its own working directory and
 * environment, until {@link #close} interrupts it (which drains, as SIGTERM does). Calls go through a real HTTP
 * client.
 */
final class ServingCli implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("on (http://[^ ]+:\\d+) ");

    private final Thread thread;
    private final SyncBuffer out = new SyncBuffer();
    private final SyncBuffer err = new SyncBuffer();
    private final HttpClient http = HttpClient.newHttpClient();
    private volatile int exitCode = -1;
    private String baseUrl;

    private ServingCli(Path dir, Map<String, String> env, String... args) {
        Map<String, String> variables = new HashMap<>(env);
        variables.putIfAbsent("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        variables.putIfAbsent("HOME", dir.toString());
        thread = Thread.ofPlatform().name("llmops-serve-test").start(() -> {
            try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
                exitCode = Main.run(o, e, new SystemEnv(variables, dir), args);
            }
        });
    }

    /** Starts {@code llmops ARGS} and waits until it listens (or exits). */
    static ServingCli start(Path dir, Map<String, String> env, String... args) throws InterruptedException {
        ServingCli cli = new ServingCli(dir, env, args);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = LISTENING.matcher(cli.out.text());
            if (m.find()) {
                cli.baseUrl = m.group(1);
                return cli;
            }
            if (!cli.thread.isAlive()) {
                return cli;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("llmops serve did not start: " + cli.out.text() + cli.err.text());
    }

    /** Waits for the command to end by itself (a start-up failure) and returns its result. */
    CliResult result() throws InterruptedException {
        thread.join(Duration.ofSeconds(30));
        return new CliResult(exitCode, out.text(), err.text());
    }

    boolean listening() {
        return baseUrl != null;
    }

    String baseUrl() {
        return baseUrl;
    }

    String out() {
        return out.text();
    }

    String err() {
        return err.text();
    }

    /** Standard output once it holds every text (the access-log line follows the response), or after 10 s. */
    String awaitOut(String... texts) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            String text = out.text();
            if (java.util.Arrays.stream(texts).allMatch(text::contains)) {
                return text;
            }
            Thread.sleep(10);
        }
        return out.text();
    }

    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        return send(request(path, headers).GET().build());
    }

    HttpResponse<String> post(String path, String body, String... headers) throws IOException, InterruptedException {
        return send(request(path, headers)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b;
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Polls {@code /health} until it says Healthy. */
    void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (get("/health").statusCode() != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never ready: " + get("/health").body());
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.close();
    }

    int exitCode() {
        return exitCode;
    }

    /** A byte buffer safe to read while the server thread writes. */
    private static final class SyncBuffer extends ByteArrayOutputStream {
        synchronized String text() {
            return toString(StandardCharsets.UTF_8);
        }
    }
}
