package dev.llmops.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A tiny base image written by hand as an OCI image layout (there is no Docker Hub here): one gzip layer holding
 * {@code /etc/tiny-release}, a config with {@code PATH}, a {@code Cmd} and a label. Standing in for a JRE base: the
 * tests check the image's structure, and run its entrypoint with the host JDK.
 */
public final class OciBase {

    /** The file the base's only layer holds. */
    public static final String RELEASE_FILE = "etc/tiny-release";

    private static final ObjectMapper JSON = new ObjectMapper();

    private OciBase() {}

    /** Writes the layout into {@code dir} and returns it. */
    public static Path write(Path dir) {
        try {
            Path blobs = Files.createDirectories(dir.resolve("blobs/sha256"));
            byte[] tar = tar(Map.of(RELEASE_FILE, "tiny base 1\n"));
            byte[] layer = gzip(tar);
            String layerDigest = put(blobs, layer);

            ObjectNode config = JSON.createObjectNode();
            config.put("architecture", "amd64");
            config.put("os", "linux");
            ObjectNode c = config.putObject("config");
            c.putArray("Env").add("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
            c.putArray("Cmd").add("sh");
            c.putObject("Labels").put("base.name", "tiny");
            ObjectNode rootfs = config.putObject("rootfs");
            rootfs.put("type", "layers");
            rootfs.putArray("diff_ids").add("sha256:" + sha256(tar));
            byte[] configBytes = JSON.writeValueAsBytes(config);
            String configDigest = put(blobs, configBytes);

            ObjectNode manifest = JSON.createObjectNode();
            manifest.put("schemaVersion", 2);
            manifest.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
            manifest.set("config", descriptor("application/vnd.oci.image.config.v1+json", configDigest, configBytes));
            manifest.putArray("layers")
                    .add(descriptor("application/vnd.oci.image.layer.v1.tar+gzip", layerDigest, layer));
            byte[] manifestBytes = JSON.writeValueAsBytes(manifest);
            String manifestDigest = put(blobs, manifestBytes);

            ObjectNode index = JSON.createObjectNode();
            index.put("schemaVersion", 2);
            index.putArray("manifests")
                    .add(descriptor("application/vnd.oci.image.manifest.v1+json", manifestDigest, manifestBytes));
            Files.write(dir.resolve("index.json"), JSON.writeValueAsBytes(index));
            Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\": \"1.0.0\"}");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode descriptor(String mediaType, String digest, byte[] content) {
        ObjectNode d = JSON.createObjectNode();
        d.put("mediaType", mediaType);
        d.put("digest", digest);
        d.put("size", content.length);
        return d;
    }

    private static byte[] tar(Map<String, String> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (Map.Entry<String, String> f : files.entrySet()) {
                byte[] content = f.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry e = new TarArchiveEntry(f.getKey());
                e.setSize(content.length);
                e.setMode(0644);
                e.setModTime(0);
                tar.putArchiveEntry(e);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(data);
        }
        return bytes.toByteArray();
    }

    private static String put(Path blobs, byte[] content) throws IOException {
        String hex = sha256(content);
        Files.write(blobs.resolve(hex), content);
        return "sha256:" + hex;
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
