package dev.llmops.data;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a data file holds, for validation.
 *
 * @param file the file read
 * @param rowCount number of records
 * @param rowsWithColumn for every column seen, in order of first appearance, the number of records holding it
 * @param firstRowWithColumn for every column, the row number ({@link DataRow#lineNumber()}) it first appears in
 */
public record DataSummary(
        Path file, long rowCount, Map<String, Long> rowsWithColumn, Map<String, Integer> firstRowWithColumn) {

    public DataSummary {
        rowsWithColumn = Collections.unmodifiableMap(new LinkedHashMap<>(rowsWithColumn));
        firstRowWithColumn = Collections.unmodifiableMap(new LinkedHashMap<>(firstRowWithColumn));
    }

    public List<String> columns() {
        return List.copyOf(rowsWithColumn.keySet());
    }

    public boolean hasColumn(String column) {
        return rowsWithColumn.containsKey(column);
    }

    /** Number of records that lack the column (all of them when it never appears). */
    public long rowsMissing(String column) {
        return rowCount - rowsWithColumn.getOrDefault(column, 0L);
    }
}
