package dev.llmops.dataops;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.SystemEnv;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The local copies of data asset versions, content-addressed: {@code sha256/<hash>/<file name>} holds the bytes,
 * {@code versions/<key>.json} says which hash a workspace's {@code <name>:<version>} has, and
 * {@code latest/<key>.json} which version was latest when last asked. A download is written to {@code tmp/} and
 * moved in only once its hash is known (and matches), so the cache never holds a partial or corrupt file; every hit
 * is hashed again before use. Every path is derived from hashes and a sanitised file name, never from a name as
 * written.
 */
public final class AssetCache {

    /** Points the cache elsewhere (a CI cache folder, a cache shared by use cases). */
    public static final String VARIABLE = "LLMOPS_DATA_CACHE";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the cache knows about a version: its hash and the file name it is stored under. */
    record Entry(String workspace, String name, String version, String sha256, String fileName, String dataUri) {}

    /** Writes an asset's bytes. */
    @FunctionalInterface
    interface Download {
        void to(OutputStream out) throws IOException;
    }

    private final Path root;

    public AssetCache(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** {@code LLMOPS_DATA_CACHE} when set, else {@code <use case>/.llmops/data}. */
    public static Path defaultDir(SystemEnv env, Path useCase) {
        return env.get(VARIABLE)
                .filter(v -> !v.isBlank())
                .map(env::resolve)
                .orElse(useCase.resolve(".llmops").resolve("data"));
    }

    public Path root() {
        return root;
    }

    /** The cached copy of a version, when there is one whose bytes still have the recorded hash. */
    Optional<CachedFile> find(String workspace, String name, String version) {
        Path index = root.resolve("versions").resolve(key(workspace, name, version) + ".json");
        if (!Files.isRegularFile(index, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        Entry entry;
        try {
            entry = JSON.readValue(index.toFile(), Entry.class);
        } catch (IOException e) {
            delete(index);
            return Optional.empty();
        }
        if (entry.sha256() == null || !entry.sha256().matches("[0-9a-f]{64}")) {
            delete(index);
            return Optional.empty();
        }
        Path file = blobDir(entry.sha256()).resolve(safeName(entry.fileName()));
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                || !entry.sha256().equals(sha256(file))) {
            // changed or lost since it was stored: drop it, a download replaces it
            delete(file);
            delete(index);
            return Optional.empty();
        }
        return Optional.of(new CachedFile(entry, file));
    }

    record CachedFile(Entry entry, Path file) {}

    /** The version that was latest when the workspace was last asked, when known. */
    Optional<String> latest(String workspace, String name) {
        Path index = root.resolve("latest").resolve(key(workspace, name, "") + ".json");
        try {
            return Files.isRegularFile(index, LinkOption.NOFOLLOW_LINKS)
                    ? Optional.ofNullable(
                            JSON.readTree(index.toFile()).path("version").textValue())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    void rememberLatest(String workspace, String name, String version) {
        var node = JSON.createObjectNode()
                .put("workspace", workspace)
                .put("name", name)
                .put("version", version);
        writeAtomically(root.resolve("latest").resolve(key(workspace, name, "") + ".json"), node.toString());
    }

    /**
     * Downloads a version into the cache.
     *
     * @param expectedSha256 the asset's {@code data_hash}, when it has one
     * @throws DataAssetException when the bytes do not have the expected hash (nothing is kept)
     * @throws IOException when the download or the disk fails (nothing is kept)
     */
    CachedFile store(
            String workspace,
            String name,
            String version,
            String dataUri,
            String fileName,
            Optional<String> expectedSha256,
            Download download)
            throws IOException {
        Path tmp = root.resolve("tmp");
        Files.createDirectories(tmp);
        Path part = tmp.resolve(UUID.randomUUID() + ".part");
        String actual;
        try {
            MessageDigest digest = sha256Digest();
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(part), digest)) {
                download.to(out);
            }
            actual = HexFormat.of().formatHex(digest.digest());
            Optional<String> expected = expectedSha256.map(h -> h.strip().toLowerCase(Locale.ROOT));
            if (expected.isPresent() && !expected.get().equals(actual)) {
                throw new DataAssetException(
                        AssetRef.PREFIX + name + ":" + version + ": the downloaded file's SHA-256 is " + actual
                                + " but the asset's data_hash tag says " + expected.get()
                                + "; nothing was kept in the cache",
                        "the file at " + dataUri + " changed after the version was registered: register the data again"
                                + " (llmops data register) and use the new version");
            }
            Path dir = blobDir(actual);
            Files.createDirectories(dir);
            Path file = dir.resolve(safeName(fileName));
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || !actual.equals(sha256(file))) {
                move(part, file);
            }
            Entry entry = new Entry(workspace, name, version, actual, safeName(fileName), dataUri);
            writeAtomically(
                    root.resolve("versions").resolve(key(workspace, name, version) + ".json"),
                    JSON.writeValueAsString(entry));
            return new CachedFile(entry, file);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    private Path blobDir(String sha256) {
        return root.resolve("sha256").resolve(sha256);
    }

    /** The last path segment with only letters, digits, '.', '-' and '_' (the extension tells the data format). */
    static String safeName(String fileName) {
        String last = fileName == null ? "" : fileName.substring(fileName.lastIndexOf('/') + 1);
        String safe = last.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^\\.+", "");
        return safe.isEmpty() ? "data" : safe;
    }

    private static String key(String workspace, String name, String version) {
        String text = workspace.toLowerCase(Locale.ROOT) + "\n" + name + "\n" + version;
        return HexFormat.of()
                .formatHex(sha256Digest().digest(text.getBytes(StandardCharsets.UTF_8)))
                .substring(0, 40);
    }

    static String sha256(Path file) {
        MessageDigest digest = sha256Digest();
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            return "";
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private void writeAtomically(Path target, String content) {
        try {
            Files.createDirectories(target.getParent());
            Path part = target.resolveSibling(target.getFileName() + "." + UUID.randomUUID() + ".part");
            Files.writeString(part, content);
            move(part, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        if (Files.isSymbolicLink(to)) {
            Files.delete(to);
        }
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a file we cannot delete is simply not used; the next download replaces it
        }
    }
}
