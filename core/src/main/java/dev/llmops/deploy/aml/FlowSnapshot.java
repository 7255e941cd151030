package dev.llmops.deploy.aml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The files of a flow folder and their content hash: SHA-256 over every file in sorted relative-path order, each
 * contributing its path ({@code /}-separated), a NUL, its length and its bytes. The template hashed bytes only,
 * in directory-walk order, which differs between file systems; renaming a file changes this hash, as it should.
 * Caches that runs leave behind ({@code __pycache__}, {@code .promptflow}, {@code .llmops}) are left out.
 *
 * @param dir the flow folder
 * @param files relative paths, sorted
 * @param sha256 the hash, lower-case hex
 */
record FlowSnapshot(Path dir, List<String> files, String sha256) {

    private static final Set<String> SKIPPED = Set.of("__pycache__", ".promptflow", ".llmops", ".git");

    static FlowSnapshot of(Path dir) {
        List<String> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile)
                    .map(p -> dir.relativize(p))
                    .filter(rel -> {
                        for (Path part : rel) {
                            if (SKIPPED.contains(part.toString())) {
                                return false;
                            }
                        }
                        return !rel.toString().endsWith(".pyc");
                    })
                    .map(rel -> rel.toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the flow folder " + dir, e);
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String rel : files) {
                byte[] bytes = Files.readAllBytes(dir.resolve(rel));
                digest.update(rel.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(Long.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
                digest.update((byte) 0);
                digest.update(bytes);
            }
            return new FlowSnapshot(dir, files, HexFormat.of().formatHex(digest.digest()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the flow folder " + dir, e);
        }
    }
}
