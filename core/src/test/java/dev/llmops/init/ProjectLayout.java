package dev.llmops.init;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository's {@code use-cases} folder from the module folder Surefire runs in. */
final class ProjectLayout {

    private ProjectLayout() {}

    static Path useCases() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("use-cases");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "no use-cases folder above " + Path.of("").toAbsolutePath());
    }
}
