package dev.llmops.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of a dataset.
 *
 * @param lineNumber 0-based position of the row in the dataset, the line number of the run
 * @param sourceLine 1-based line of the row in its file, for error messages (0 when unknown)
 */
public record DataRow(int lineNumber, int sourceLine, Map<String, Object> values) {
    public DataRow {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
