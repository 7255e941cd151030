package dev.llmops.yaml;

import java.nio.file.Path;

/** A place in a file; line and column are 1-based. */
public record YLocation(Path file, int line, int column) {

    public static YLocation unknown(Path file) {
        return new YLocation(file, 0, 0);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
