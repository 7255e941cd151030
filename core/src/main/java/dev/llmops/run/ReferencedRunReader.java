package dev.llmops.run;

import dev.llmops.run.store.LineInputs;
import dev.llmops.run.store.LineRecord;
import dev.llmops.run.store.RunStore;
import java.util.Iterator;
import java.util.Map;

/**
 * Reads a completed run's lines in line order alongside a dataset, for {@code ${run.outputs.x}} mappings,
 * without loading the run: two forward cursors over the compacted {@code inputs.jsonl} and {@code outputs.jsonl}.
 * Asked for lines in increasing order (the dataset's order), so each file is read once.
 */
public final class ReferencedRunReader implements AutoCloseable {

    private final Iterator<LineRecord> outputs;
    private final Iterator<LineInputs> inputs;
    private LineRecord pendingOutput;
    private LineInputs pendingInput;

    public ReferencedRunReader(RunStore store, String runName) {
        this.outputs = store.lines(runName).iterator();
        this.inputs = store.inputs(runName).iterator();
    }

    /** The referenced run's line with this number, or null when it has none or the line failed. */
    public synchronized InputMapper.ReferencedLine line(int lineNumber) {
        while ((pendingOutput == null || pendingOutput.lineNumber() < lineNumber) && outputs.hasNext()) {
            pendingOutput = outputs.next();
        }
        while ((pendingInput == null || pendingInput.lineNumber() < lineNumber) && inputs.hasNext()) {
            pendingInput = inputs.next();
        }
        if (pendingOutput == null || pendingOutput.lineNumber() != lineNumber || pendingOutput.failed()) {
            return null;
        }
        return new InputMapper.ReferencedLine(
                lineNumber,
                pendingInput != null && pendingInput.lineNumber() == lineNumber ? pendingInput.inputs() : Map.of(),
                pendingOutput.outputs());
    }

    /** Nothing to release: the store's cursors close themselves at the end of their file. */
    @Override
    public void close() {}
}
