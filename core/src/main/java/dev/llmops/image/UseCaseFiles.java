package dev.llmops.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The files of a use case that go into its image: everything a served flow may read, and nothing that holds
 * secrets ({@code .env}), local state ({@code .llmops/}, {@code reports/}) or what only runs and tests need. Links
 * are never followed: a link could bring in a file from outside the use case.
 */
final class UseCaseFiles {

    /** Folders never copied, at any depth. */
    private static final Set<String> SKIPPED_DIRS = Set.of(
            ".git",
            ".llmops",
            ".promptflow",
            "__pycache__",
            ".venv",
            "venv",
            "node_modules",
            "target",
            ".idea",
            ".vscode",
            ".pytest_cache",
            ".mypy_cache");

    /** Folders of the use case itself (its top level) never copied: datasets, results and tests, not serving. */
    private static final Set<String> SKIPPED_TOP_DIRS = Set.of("data", "reports", "tests", "runs");

    private UseCaseFiles() {}

    /**
     * @param useCaseDir the use-case folder
     * @param excluded files left out on purpose (data files, other overlays), absolute and normalised
     * @param notes receives one line per file or link left out that the user may have expected in the image
     * @return the files by path relative to the use case, with forward slashes, sorted
     */
    static TreeMap<String, Path> collect(Path useCaseDir, Predicate<Path> excluded, List<String> notes) {
        TreeMap<String, Path> files = new TreeMap<>();
        List<String> links = new ArrayList<>();
        try {
            Files.walkFileTree(useCaseDir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (dir.equals(useCaseDir)) {
                        return FileVisitResult.CONTINUE;
                    }
                    String name = dir.getFileName().toString();
                    boolean top = dir.getParent().equals(useCaseDir);
                    if (SKIPPED_DIRS.contains(name) || (top && SKIPPED_TOP_DIRS.contains(name))) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String relative = slashes(useCaseDir.relativize(file));
                    if (attrs.isSymbolicLink()) {
                        links.add(relative);
                    } else if (attrs.isRegularFile() && !skippedFile(relative) && !excluded.test(file.normalize())) {
                        files.put(relative, file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the use case " + useCaseDir, e);
        }
        if (!links.isEmpty()) {
            notes.add("left out symbolic links (copy the files they point to into the use case instead): "
                    + String.join(", ", links));
        }
        return files;
    }

    /** Secrets, compiled and editor files, and the template's own Docker files (the image replaces them). */
    static boolean skippedFile(String relative) {
        String name = relative.substring(relative.lastIndexOf('/') + 1);
        return name.equals(".env")
                || (name.startsWith(".env.") && !name.equals(".env.example") && !name.equals(".env.sample"))
                || name.endsWith(".pyc")
                || name.equals(".DS_Store")
                || name.endsWith("~")
                || isTemplateDockerFile(relative);
    }

    /** The template's {@code environment/Dockerfile} and its runit script: ignored, the image replaces them. */
    static boolean isTemplateDockerFile(String relative) {
        return relative.equals("environment/Dockerfile")
                || relative.equals("environment/run")
                || relative.equals("environment/.dockerignore");
    }

    static String slashes(Path path) {
        return path.toString().replace('\\', '/');
    }
}
