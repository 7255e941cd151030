package dev.llmops.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real {@code skopeo}: what a registry, tarball or OCI layout holds, read by a tool that is not ours. */
public final class Skopeo {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final String binary;
    private final List<String> credentials;

    private Skopeo(String binary, List<String> credentials) {
        this.binary = binary;
        this.credentials = credentials;
    }

    public static Skopeo require() {
        return new Skopeo(ExternalTools.require("skopeo", "skopeo"), List.of());
    }

    /** The same, logging in to registries as {@code user:password}. */
    public Skopeo withCredentials(String userAndPassword) {
        return new Skopeo(binary, List.of("--creds", userAndPassword));
    }

    /** {@code skopeo inspect}: digest, tags, labels, layers of an image ({@code docker://...}, {@code oci:...}). */
    public JsonNode inspect(String image) {
        return readTree(run("inspect", "--tls-verify=false", image));
    }

    /** The image's config: Entrypoint, Env, User, ExposedPorts, Labels under {@code config}; diff ids under {@code rootfs}. */
    public JsonNode config(String image) {
        return readTree(run("inspect", "--tls-verify=false", "--config", image));
    }

    /** The raw manifest. */
    public JsonNode manifest(String image) {
        return readTree(run("inspect", "--tls-verify=false", "--raw", image));
    }

    public JsonNode tags(String repository) {
        return readTree(run("list-tags", "--tls-verify=false", repository));
    }

    public void copy(String from, String to) {
        List<String> args = new ArrayList<>(List.of("copy", "--src-tls-verify=false", "--dest-tls-verify=false"));
        if (!credentials.isEmpty()) {
            args.addAll(List.of("--dest-creds", credentials.get(1)));
        }
        args.addAll(List.of("--quiet", from, to));
        runArgs(args);
    }

    private static JsonNode readTree(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!args[0].equals("copy")) {
            all.addAll(1, credentials);
        }
        return runArgs(all);
    }

    private String runArgs(List<String> args) {
        List<String> command = new ArrayList<>(List.of(binary, "--insecure-policy"));
        command.addAll(args);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
