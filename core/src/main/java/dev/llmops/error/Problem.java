package dev.llmops.error;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One thing wrong with the user's input, with the place it was found and how to fix it.
 *
 * <p>{@code line} and {@code column} are 1-based; 0 means unknown. {@code hint} may be null.
 */
public record Problem(Severity severity, Path file, int line, int column, String message, String hint) {

    public enum Severity {
        ERROR,
        WARNING
    }

    public Problem {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
    }

    public static Problem error(Path file, int line, int column, String message, String hint) {
        return new Problem(Severity.ERROR, file, line, column, message, hint);
    }

    public static Problem warning(Path file, int line, int column, String message, String hint) {
        return new Problem(Severity.WARNING, file, line, column, message, hint);
    }

    /**
     * The same problem with its file shown relative to {@code dir} when it lies inside it, so that every command
     * names a file the same way (short and clickable in terminals and CI logs).
     */
    public Problem relativeTo(Path dir) {
        if (file == null || dir == null || !file.isAbsolute() || !file.startsWith(dir)) {
            return this;
        }
        Path relative = dir.relativize(file);
        return relative.toString().isEmpty() ? this : new Problem(severity, relative, line, column, message, hint);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code file:line:column: error: message (hint)}, leaving out the parts that are unknown. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        if (file != null) {
            sb.append(file);
            if (line > 0) {
                sb.append(':').append(line);
                if (column > 0) {
                    sb.append(':').append(column);
                }
            }
            sb.append(": ");
        }
        sb.append(severity == Severity.ERROR ? "error: " : "warning: ").append(message);
        if (hint != null && !hint.isBlank()) {
            sb.append(" (").append(hint).append(')');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return format();
    }
}
