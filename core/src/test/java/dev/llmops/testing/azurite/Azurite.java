package dev.llmops.testing.azurite;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real Azure Blob Storage emulator for tests: Azurite's {@code azurite-blob} 3.35.0 (npm) on a free loopback
 * port, with its data in a temporary folder that {@link #close} deletes. Path-style URLs
 * ({@code http://127.0.0.1:<port>/devstoreaccount1/<container>/<blob>}) and the well-known development account
 * and key; API-version checks off, so any SDK version talks to it.
 *
 * <p>The binary is {@code $LLMOPS_AZURITE}, else {@code .ci/tools/node_modules/.bin/azurite-blob} of this
 * repository, else it is installed there with {@code npm} (what {@code .ci/run} does).
 *
 * <pre>{@code
 * try (Azurite azurite = Azurite.start()) {
 *     azurite.createContainer("data");
 *     // run the code under test against azurite.blobEndpoint() with Azurite.ACCOUNT and Azurite.KEY
 *     assertThat(azurite.read("data", "x.jsonl")).isEqualTo(bytes);
 * }
 * }</pre>
 */
public final class Azurite implements AutoCloseable {

    /** The pinned version, also installed by {@code .ci/run}. */
    public static final String VERSION = "3.35.0";

    /** The variable naming the {@code azurite-blob} binary to use. */
    public static final String BINARY_VARIABLE = "LLMOPS_AZURITE";

    /** Azurite's development storage account. */
    public static final String ACCOUNT = "devstoreaccount1";

    /** The development account's well-known key (published in Azurite's README; not a secret). */
    public static final String KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static final Pattern LISTENING = Pattern.compile("successfully listens on (http://\\S+)");
    private static final long START_TIMEOUT_SECONDS = 120;

    private final Process process;
    private final Path location;
    private final URI endpoint;
    private final List<String> output;
    private final Thread shutdownHook;

    private Azurite(Process process, Path location, URI endpoint, List<String> output) {
        this.process = process;
        this.location = location;
        this.endpoint = endpoint;
        this.output = output;
        this.shutdownHook = new Thread(process::destroyForcibly);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts Azurite's Blob service on a free loopback port and waits until it listens. */
    public static Azurite start() {
        String binary = binary();
        Path location;
        try {
            location = Files.createTempDirectory("llmops-azurite");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create Azurite's folder", e);
        }
        ProcessBuilder pb = new ProcessBuilder(
                        binary,
                        "--blobHost",
                        "127.0.0.1",
                        "--blobPort",
                        "0",
                        "--location",
                        location.toString(),
                        "--skipApiVersionCheck",
                        "--disableTelemetry",
                        "--silent")
                .redirectErrorStream(true)
                .directory(location.toFile());
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            deleteTree(location);
            throw new IllegalStateException("cannot start " + binary, e);
        }
        List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<URI> listening = new CompletableFuture<>();
        Thread.ofVirtual().name("azurite-output").start(() -> {
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    output.add(line);
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        listening.complete(URI.create(m.group(1)));
                    }
                }
            } catch (IOException e) {
                // the process ended; the waiting side reports it
            }
            listening.completeExceptionally(new IllegalStateException("Azurite exited: " + String.join("\n", output)));
        });
        try {
            URI base = listening.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return new Azurite(process, location, URI.create(base + "/" + ACCOUNT), output);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            deleteTree(location);
            throw new IllegalStateException(
                    "Azurite did not start within " + START_TIMEOUT_SECONDS + " s: " + String.join("\n", output), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            deleteTree(location);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting Azurite", e);
        }
    }

    /** {@code http://127.0.0.1:<port>/devstoreaccount1}: the account's Blob service endpoint, path-style. */
    public URI blobEndpoint() {
        return endpoint;
    }

    /** A connection string for the development account at this instance. */
    public String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + KEY + ";BlobEndpoint="
                + endpoint + ";";
    }

    /** {@code LLMOPS_BLOB_ENDPOINT}: points llmops' Blob client at this instance. */
    public Map<String, String> environment() {
        return Map.of("LLMOPS_BLOB_ENDPOINT", endpoint.toString());
    }

    /** A client for assertions and set-up, signed with the account key. */
    public AzuriteClient client() {
        return new AzuriteClient(this);
    }

    /** Creates a container (if absent). */
    public void createContainer(String container) {
        client().createContainer(container);
    }

    /** Writes a blob (overwriting). */
    public void write(String container, String blob, byte[] content) {
        client().write(container, blob, content);
    }

    /** A blob's content, or empty when it does not exist. */
    public Optional<byte[]> read(String container, String blob) {
        return client().read(container, blob);
    }

    /** The names of a container's committed blobs, sorted; empty when the container does not exist. */
    public List<String> list(String container) {
        return client().list(container);
    }

    /** What Azurite printed so far (for a failing test's message). */
    public List<String> output() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down and runs the hook anyway
        }
        deleteTree(location);
    }

    // -- finding the binary --------------------------------------------------------------------------------

    static String binary() {
        String configured = System.getenv(BINARY_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            if (!Files.isExecutable(Path.of(configured))) {
                throw new IllegalStateException(BINARY_VARIABLE + " is " + configured + ", which is not executable");
            }
            return configured;
        }
        Path root = repositoryRoot();
        Path installed = root.resolve(".ci/tools/node_modules/.bin/azurite-blob");
        if (Files.isExecutable(installed)) {
            return installed.toString();
        }
        return install(root, installed);
    }

    /** The folder holding {@code .ci/run}: the working directory (a module folder) or one of its parents. */
    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve(".ci/run"))) {
                return d;
            }
        }
        throw new IllegalStateException("no .ci/run above " + dir + ": set " + BINARY_VARIABLE
                + " to an azurite-blob binary (npm install azurite@" + VERSION + ")");
    }

    private static synchronized String install(Path root, Path installed) {
        if (Files.isExecutable(installed)) {
            return installed.toString();
        }
        Path tools = root.resolve(".ci/tools");
        try {
            Files.createDirectories(tools);
            Process npm = new ProcessBuilder(
                            "npm",
                            "install",
                            "--prefix",
                            tools.toString(),
                            "--no-audit",
                            "--no-fund",
                            "--silent",
                            "--save-exact",
                            "azurite@" + VERSION)
                    .redirectErrorStream(true)
                    .start();
            String said = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (npm.waitFor() != 0 || !Files.isExecutable(installed)) {
                throw new IllegalStateException("npm install azurite@" + VERSION + " into " + tools
                        + " failed (bash .ci/run installs it; or set " + BINARY_VARIABLE + "): " + said);
            }
            return installed.toString();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot run npm to install azurite@" + VERSION + " (bash .ci/run installs it; or set "
                            + BINARY_VARIABLE + "): " + e.getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing Azurite", e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
