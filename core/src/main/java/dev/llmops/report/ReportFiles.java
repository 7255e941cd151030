package dev.llmops.report;

import dev.llmops.error.StateException;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** File naming and atomic writes shared by the writers. */
final class ReportFiles {

    private ReportFiles() {}

    /** A file-name-safe form of an evaluator or experiment name ({@code /} and other separators become {@code _}). */
    static String safeName(String name) {
        String safe = name.replaceAll("[^\\p{L}\\p{N}._-]", "_");
        return safe.isEmpty() || safe.equals(".") || safe.equals("..") ? "_" : safe;
    }

    @FunctionalInterface
    interface Content {
        void writeTo(Writer writer) throws IOException;
    }

    /** Writes to a temporary sibling, then renames it over the target, so a crash never leaves half a report. */
    static Path writeAtomically(Path target, Content content) {
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try {
            try (Writer writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                content.writeTo(writer);
            }
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new StateException("cannot write report " + target + ": " + e.getMessage(), e);
        }
    }
}
