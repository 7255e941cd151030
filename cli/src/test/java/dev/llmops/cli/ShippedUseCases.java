package dev.llmops.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Copies a shipped use case ({@code use-cases/<name>}) into a test folder, without any earlier runs. */
final class ShippedUseCases {

    private ShippedUseCases() {}

    static Path copy(String name, Path target) {
        Path source = root().resolve(name);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : files.toList()) {
                Path relative = source.relativize(p);
                if (relative.toString().startsWith(".llmops")
                        || relative.toString().contains("__pycache__")) {
                    continue;
                }
                Path to = target.resolve(relative.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    private static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("use-cases").resolve("web_classification"))) {
                return dir.resolve("use-cases");
            }
        }
        throw new IllegalStateException(
                "use-cases/ not found above " + Path.of("").toAbsolutePath());
    }
}
