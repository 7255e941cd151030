package dev.llmops.data;

import java.nio.file.Path;
import java.util.NoSuchElementException;

/**
 * The iteration every streaming format shares: {@link #hasNext} reads one row ahead with {@link #advance}, and
 * a stream that ended, failed or was closed stays ended.
 */
abstract class LookaheadRowStream implements RowStream {

    private final Path file;
    private DataRow next;
    private boolean done;

    LookaheadRowStream(Path file) {
        this.file = file;
    }

    /** The next row, or null at the end of the data. A failure ends the stream. */
    protected abstract DataRow advance();

    /** Releases the file; called once by {@link #close}. */
    protected abstract void release();

    @Override
    public final Path file() {
        return file;
    }

    @Override
    public final boolean hasNext() {
        if (next == null && !done) {
            try {
                next = advance();
            } catch (RuntimeException e) {
                done = true;
                throw e;
            }
            done = next == null;
        }
        return next != null;
    }

    @Override
    public final DataRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        DataRow row = next;
        next = null;
        return row;
    }

    /** Ends the stream early (an empty file found while opening it). */
    protected final void end() {
        done = true;
    }

    @Override
    public final void close() {
        done = true;
        release();
    }
}
