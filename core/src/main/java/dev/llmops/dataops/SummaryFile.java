package dev.llmops.dataops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmops.error.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The {@code --output-file} of the {@code llmops data} commands: one JSON object, written through a temporary file
 * beside it so a reader (the next pipeline step) never sees half of it.
 */
public final class SummaryFile {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SummaryFile() {}

    /** A new, empty object to fill. */
    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /**
     * @throws ConfigException when the file cannot be written (what the command did stays done)
     */
    public static void write(ObjectNode summary, Path file) {
        Path target = file.toAbsolutePath().normalize();
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            try {
                Files.writeString(
                        tmp, JSON.writeValueAsString(summary) + System.lineSeparator(), StandardCharsets.UTF_8);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw ConfigException.of(
                    "cannot write --output-file " + target + ": " + e.getMessage(),
                    "pass a writable path; what the command did in Azure is done and a rerun changes nothing more");
        }
    }

    /** {@code file} relative to {@code base} when inside it, with forward slashes. */
    public static String shown(Path file, Path base) {
        Path b = base.toAbsolutePath().normalize();
        Path f = file.toAbsolutePath().normalize();
        return (f.startsWith(b) ? b.relativize(f) : f).toString().replace('\\', '/');
    }
}
