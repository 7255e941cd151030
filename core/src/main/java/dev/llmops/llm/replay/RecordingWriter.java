package dev.llmops.llm.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmops.error.StateException;
import dev.llmops.llm.ChatRequest;
import dev.llmops.llm.ChatResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Appends recordings to one JSONL file shared by every recorded connection. Thread-safe; each entry is written
 * and flushed whole, so a run killed half-way leaves a file that loads. A request already in the file (same
 * fingerprint) is not written again, so recording into an existing file extends it.
 */
public final class RecordingWriter {

    private final Path file;
    private final ObjectMapper json;
    private final ReplayFormat format;
    private final Set<String> written = new HashSet<>();

    public RecordingWriter(Path file, ObjectMapper json) {
        this.file = file;
        this.json = json;
        this.format = new ReplayFormat(json);
        if (Files.isRegularFile(file)) {
            readExisting();
        }
    }

    private void readExisting() {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new StateException("cannot read recordings file " + file + " to append to it: " + e.getMessage(), e);
        }
        for (String line : lines) {
            try {
                JsonNode request = json.readTree(line).path("request");
                if (request.isObject()) {
                    written.add(format.fingerprint(request));
                }
            } catch (IOException malformed) {
                // A hand-damaged line is the replay loader's to report; recording only needs the good ones.
            }
        }
    }

    public void append(ChatRequest request, ChatResponse response) {
        ObjectNode requestNode = format.request(request);
        String fingerprint = format.fingerprint(requestNode);
        ObjectNode entry = json.createObjectNode();
        entry.set("request", requestNode);
        entry.set("response", format.response(response));
        String line = entry + "\n";
        synchronized (this) {
            if (!written.add(fingerprint)) {
                return;
            }
            try {
                Path parent = file.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.writeString(
                        file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                written.remove(fingerprint);
                throw new StateException("cannot append to recordings file " + file + ": " + e.getMessage(), e);
            }
        }
    }

    public Path file() {
        return file;
    }
}
