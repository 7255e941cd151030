package dev.llmops.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Reads an image in an OCI layout the way a container runtime lays it out: every layer unpacked in order. */
public final class OciLayoutFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OciLayoutFiles() {}

    /** The image's layers as their tar entries, in order: each a list of {@code path (mode owner)} lines. */
    public static List<List<String>> entries(Path layout) {
        List<List<String>> out = new ArrayList<>();
        forEachLayer(layout, (tar) -> {
            List<String> names = new ArrayList<>();
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                names.add(e.getName() + " (" + Integer.toOctalString(e.getMode() & 07777) + " " + e.getLongUserId()
                        + ":" + e.getLongGroupId() + ")");
            }
            out.add(names);
        });
        return out;
    }

    /** Unpacks every layer into {@code root}, later layers over earlier ones, and returns it. */
    public static Path unpack(Path layout, Path root) {
        forEachLayer(layout, tar -> {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                Path target = root.resolve(e.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException("entry outside the image root: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else if (e.isFile()) {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        });
        return root;
    }

    private interface LayerReader {
        void read(TarArchiveInputStream tar) throws IOException;
    }

    private static void forEachLayer(Path layout, LayerReader reader) {
        try {
            JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
            JsonNode manifest = JSON.readTree(
                    blob(layout, index.path("manifests").get(0).path("digest").asText())
                            .toFile());
            for (JsonNode layer : manifest.path("layers")) {
                Path blob = blob(layout, layer.path("digest").asText());
                boolean gzip = layer.path("mediaType").asText().endsWith("gzip");
                try (InputStream raw = Files.newInputStream(blob);
                        InputStream in = gzip ? new GZIPInputStream(raw) : raw;
                        TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
                    reader.read(tar);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path blob(Path layout, String digest) {
        return layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
    }
}
