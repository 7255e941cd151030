package dev.llmops.run.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** A content hash of a flow folder, so a run records exactly which flow produced it. */
public final class FlowHash {

    private FlowHash() {}

    /** SHA-256 over every file's relative path and bytes, in path order; caches and bytecode are left out. */
    public static String of(Path flowDirOrFile) {
        Path root = Files.isDirectory(flowDirOrFile) ? flowDirOrFile : flowDirOrFile.getParent();
        try (Stream<Path> walk = Files.walk(root)) {
            List<Path> files = walk.filter(Files::isRegularFile)
                    .filter(p -> !p.toString().contains("__pycache__")
                            && !p.toString().endsWith(".pyc"))
                    .sorted()
                    .toList();
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Path file : files) {
                digest.update(
                        root.relativize(file).toString().replace('\\', '/').getBytes());
                digest.update((byte) 0);
                digest.update(Files.readAllBytes(file));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hash flow folder " + root, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
