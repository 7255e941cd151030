package dev.llmops.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmops.error.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * OCI image layouts on both sides of Jib, which reads base images from {@code docker save} tarballs and writes
 * OCI images as tarballs: a layout folder becomes a tarball Jib can read, and Jib's tarball becomes a folder.
 */
final class OciLayouts {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INDEX = "application/vnd.oci.image.index.v1+json";
    private static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";

    private OciLayouts() {}

    /**
     * Writes a {@code docker save}-style tarball of the layout's image: its blobs and a {@code manifest.json} naming
     * the config and layers. A multi-platform index contributes its {@code linux/amd64} image.
     *
     * @throws ConfigException when the layout names no image or a blob is missing
     */
    static void toDockerArchive(Path layout, Path tar) throws IOException {
        JsonNode manifest =
                manifest(layout, JSON.readTree(layout.resolve("index.json").toFile()));
        String config = manifest.path("config").path("digest").asText();
        Set<String> blobs = new LinkedHashSet<>();
        blobs.add(config);
        ArrayNode layers = JSON.createArrayNode();
        for (JsonNode layer : manifest.path("layers")) {
            String digest = layer.path("digest").asText();
            blobs.add(digest);
            layers.add(blobPath(digest));
        }
        ObjectNode entry = JSON.createObjectNode();
        entry.put("Config", blobPath(config));
        entry.putArray("RepoTags");
        entry.set("Layers", layers);
        byte[] manifestJson = JSON.writeValueAsBytes(JSON.createArrayNode().add(entry));
        try (OutputStream out = Files.newOutputStream(tar);
                TarArchiveOutputStream archive = new TarArchiveOutputStream(out)) {
            archive.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            archive.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            TarArchiveEntry m = new TarArchiveEntry("manifest.json");
            m.setSize(manifestJson.length);
            archive.putArchiveEntry(m);
            archive.write(manifestJson);
            archive.closeArchiveEntry();
            for (String digest : blobs) {
                Path blob = blob(layout, digest);
                TarArchiveEntry e = new TarArchiveEntry(blobPath(digest));
                e.setSize(Files.size(blob));
                archive.putArchiveEntry(e);
                Files.copy(blob, archive);
                archive.closeArchiveEntry();
            }
        }
    }

    /** Unpacks Jib's OCI tarball ({@code oci-layout}, {@code index.json}, {@code blobs/}) into {@code dir}. */
    static void unpack(Path tar, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path root = dir.toAbsolutePath().normalize();
        try (InputStream in = Files.newInputStream(tar);
                TarArchiveInputStream archive = new TarArchiveInputStream(in)) {
            TarArchiveEntry entry;
            while ((entry = archive.getNextEntry()) != null) {
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException("image tarball entry outside its folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(archive, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static JsonNode manifest(Path layout, JsonNode index) throws IOException {
        JsonNode manifests = index.path("manifests");
        if (!manifests.isArray() || manifests.isEmpty()) {
            throw ConfigException.of(
                    "the OCI layout " + layout + " holds no image (index.json lists no manifest)",
                    "copy an image into it with 'skopeo copy docker://IMAGE oci:" + layout + "'");
        }
        JsonNode chosen = manifests.get(0);
        for (JsonNode m : manifests) {
            JsonNode platform = m.path("platform");
            if (platform.path("os").asText().equals("linux")
                    && platform.path("architecture").asText().equals("amd64")) {
                chosen = m;
                break;
            }
        }
        JsonNode manifest =
                JSON.readTree(blob(layout, chosen.path("digest").asText()).toFile());
        String mediaType =
                manifest.path("mediaType").asText(chosen.path("mediaType").asText());
        if (mediaType.equals(INDEX) || mediaType.equals(DOCKER_LIST) || manifest.has("manifests")) {
            return manifest(layout, manifest);
        }
        return manifest;
    }

    private static Path blob(Path layout, String digest) {
        Path blob = layout.resolve(blobPath(digest)).normalize();
        if (!digest.matches("sha256:[0-9a-f]{64}") || !Files.isRegularFile(blob)) {
            throw ConfigException.of(
                    "the OCI layout " + layout + " lacks blob " + digest,
                    "copy the image into the layout again with skopeo copy");
        }
        return blob;
    }

    private static String blobPath(String digest) {
        return "blobs/sha256/" + digest.substring("sha256:".length());
    }
}
