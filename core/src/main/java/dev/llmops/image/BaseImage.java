package dev.llmops.image;

import dev.llmops.SystemEnv;
import dev.llmops.error.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the image's base comes from: a registry, a {@code docker save} tarball, or an OCI layout folder. */
public sealed interface BaseImage {

    /**
     * The JRE base used when the flow needs no JDK and no python: the current LTS, whose generational ZGC the
     * entrypoint asks for (on 21, {@code -XX:+UseZGC} is the older single-generation collector).
     */
    String DEFAULT_JRE = "eclipse-temurin:25-jre";

    /** The base used when the flow has {@code type: code} java tools, which are compiled with the JDK compiler. */
    String DEFAULT_JDK = "eclipse-temurin:25-jdk";

    /** How the base is named in labels and messages. */
    String describe();

    /** An image in a registry, such as {@code eclipse-temurin:21-jre} or {@code myacr.azurecr.io/base/jre:21}. */
    record Registry(String reference) implements BaseImage {
        @Override
        public String describe() {
            return reference;
        }
    }

    /** A tarball written by {@code docker save} or {@code skopeo copy ... docker-archive:FILE}. */
    record Tar(Path file) implements BaseImage {
        @Override
        public String describe() {
            return "docker-archive:" + file.getFileName();
        }
    }

    /** An OCI image layout folder ({@code oci-layout}, {@code index.json}, {@code blobs/}). */
    record OciLayout(Path dir) implements BaseImage {
        @Override
        public String describe() {
            return "oci:" + dir.getFileName();
        }
    }

    /**
     * Parses {@code --base}: {@code oci:DIR}, {@code docker-archive:FILE} (or {@code tar:FILE}), {@code docker://REF}
     * or a plain reference. A plain value naming an existing tar file or OCI layout folder is read as one.
     *
     * @throws ConfigException when a named file or folder does not exist or is not an image
     */
    static BaseImage parse(String text, SystemEnv env) {
        if (text.startsWith("oci:")) {
            return ociLayout(env.resolve(text.substring("oci:".length())), text);
        }
        for (String prefix : new String[] {"docker-archive:", "tar:"}) {
            if (text.startsWith(prefix)) {
                return tar(env.resolve(text.substring(prefix.length())), text);
            }
        }
        if (text.startsWith("docker://")) {
            return new Registry(text.substring("docker://".length()));
        }
        if (!text.contains(":") || text.startsWith(".") || text.startsWith("/")) {
            Path path = env.resolve(text);
            if (Files.isDirectory(path)) {
                return ociLayout(path, text);
            }
            if (Files.isRegularFile(path)) {
                return tar(path, text);
            }
        }
        return new Registry(text);
    }

    private static BaseImage ociLayout(Path dir, String text) {
        if (!Files.isRegularFile(dir.resolve("index.json")) || !Files.isDirectory(dir.resolve("blobs"))) {
            throw ConfigException.of(
                    "--base " + text + ": " + dir + " is not an OCI image layout (no index.json and blobs/)",
                    "write one with 'skopeo copy docker://IMAGE oci:" + dir + "', or name a registry image");
        }
        return new OciLayout(dir);
    }

    private static BaseImage tar(Path file, String text) {
        if (!Files.isRegularFile(file)) {
            throw ConfigException.of(
                    "--base " + text + ": file not found: " + file,
                    "write one with 'docker save IMAGE -o FILE' or 'skopeo copy docker://IMAGE docker-archive:FILE'");
        }
        return new Tar(file);
    }
}
