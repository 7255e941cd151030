package dev.llmops.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One record of a data file.
 *
 * @param lineNumber where the record starts: the 1-based physical line for JSON Lines, CSV and TSV, the 1-based
 *     element index for a JSON array
 * @param values column to value, JSON-like: {@code Map}, {@code List}, {@code String}, {@code Number},
 *     {@code Boolean} or {@code null}; CSV and TSV cells are always strings
 */
public record DataRow(int lineNumber, Map<String, Object> values) {

    public DataRow {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public boolean has(String column) {
        return values.containsKey(column);
    }

    public Object get(String column) {
        return values.get(column);
    }
}
