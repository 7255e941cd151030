package dev.llmops.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The distribution names a {@code requirements.txt} asks for, without versions, extras or markers. Options,
 * includes, URLs and local paths are skipped, and so is {@code promptflow} (llmops provides the names flows
 * import from it).
 */
final class Requirements {

    private Requirements() {}

    static List<String> names(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (String raw : lines) {
            String line = raw.strip();
            int hash = line.indexOf(" #");
            if (hash >= 0) {
                line = line.substring(0, hash).strip();
            }
            if (line.isEmpty()
                    || line.startsWith("#")
                    || line.startsWith("-")
                    || line.contains("://")
                    || line.startsWith(".")
                    || line.startsWith("/")) {
                continue;
            }
            String name = line.split("[\\[;<>=!~ @]", 2)[0].strip();
            String lower = name.toLowerCase(Locale.ROOT);
            if (!name.isEmpty()
                    && !lower.equals("promptflow")
                    && !lower.startsWith("promptflow-")
                    && !lower.startsWith("promptflow[")) {
                names.add(name);
            }
        }
        return names;
    }
}
