package dev.llmops.run;

import java.util.Iterator;

/**
 * Streams a dataset's rows in order, one at a time, so that a run never holds a whole dataset in memory. An
 * adapter over the data readers is a few lines.
 */
public interface RowSource extends Iterator<DataRow>, AutoCloseable {

    @Override
    void close();
}
