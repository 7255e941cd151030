package dev.llmops.data;

import java.nio.file.Path;
import java.util.Iterator;

/**
 * Rows of one data file, read lazily so that a file of any size streams through constant memory. Iteration
 * throws {@link dev.llmops.error.ConfigException} naming file and line when a record is malformed. Close it
 * (try-with-resources) to release the file.
 */
public interface RowStream extends Iterator<DataRow>, AutoCloseable {

    Path file();

    @Override
    void close();
}
