package dev.llmops.run;

import dev.llmops.data.DataReader;
import dev.llmops.data.RowStream;
import java.nio.file.Path;

/**
 * A dataset file (JSONL, JSON, CSV, TSV) as the runner reads it: rows numbered from 0 in file order, each
 * remembering the physical line it came from for error messages.
 */
public final class DataRowSource implements RowSource {

    private final RowStream rows;
    private int index;

    private DataRowSource(RowStream rows) {
        this.rows = rows;
    }

    public static DataRowSource open(DataReader reader, Path file) {
        return new DataRowSource(reader.open(file));
    }

    @Override
    public boolean hasNext() {
        return rows.hasNext();
    }

    @Override
    public DataRow next() {
        dev.llmops.data.DataRow row = rows.next();
        return new DataRow(index++, row.lineNumber(), row.values());
    }

    @Override
    public void close() {
        rows.close();
    }
}
