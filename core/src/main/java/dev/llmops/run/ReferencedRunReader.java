package dev.llmops.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.run.store.LineRecord;
import dev.llmops.run.store.RunStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * Reads a completed run's lines in line order alongside a dataset, for {@code ${run.outputs.x}} mappings,
 * without loading the run: two forward cursors over the compacted {@code inputs.jsonl} and {@code outputs.jsonl}.
 * Asked for lines in increasing order (the dataset's order), so each file is read once.
 */
public final class ReferencedRunReader implements AutoCloseable {

    private final Iterator<LineRecord> outputs;
    private final BufferedReader inputs;
    private final ObjectMapper mapper = new ObjectMapper();
    private LineRecord pendingOutput;
    private JsonNode pendingInput;

    public ReferencedRunReader(RunStore store, String runName) {
        this.outputs = store.lines(runName).iterator();
        Path in = store.dir(runName).resolve(RunStore.INPUTS);
        try {
            this.inputs = Files.exists(in) ? Files.newBufferedReader(in, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The referenced run's line with this number, or null when it has none or the line failed. */
    @SuppressWarnings("unchecked")
    public synchronized InputMapper.ReferencedLine line(int lineNumber) {
        while ((pendingOutput == null || pendingOutput.lineNumber() < lineNumber) && outputs.hasNext()) {
            pendingOutput = outputs.next();
        }
        try {
            while ((pendingInput == null || pendingInput.path("line_number").asInt() < lineNumber) && inputs != null) {
                String l = inputs.readLine();
                if (l == null) {
                    break;
                }
                pendingInput = mapper.readTree(l);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (pendingOutput == null || pendingOutput.lineNumber() != lineNumber || pendingOutput.failed()) {
            return null;
        }
        Map<String, Object> in =
                pendingInput != null && pendingInput.path("line_number").asInt() == lineNumber
                        ? mapper.convertValue(pendingInput.path("inputs"), Map.class)
                        : Map.of();
        return new InputMapper.ReferencedLine(lineNumber, in, pendingOutput.outputs());
    }

    @Override
    public void close() {
        try {
            if (inputs != null) {
                inputs.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
