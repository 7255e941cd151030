package dev.llmops.run;

import dev.llmops.data.DataReader;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A dataset a run reads, with the column mappings that turn its rows into flow inputs.
 *
 * @param name the dataset name from the experiment
 * @param file the data file, for error messages and {@code run.json}
 * @param rows opens a fresh stream of the rows (called more than once: counting, validation, the run)
 * @param mappings flow input → {@code ${data.col}}, {@code ${run.outputs.x}}, {@code ${run.inputs.x}} or a constant
 * @param referencedRun for evaluation runs, the standard run whose lines {@code ${run.*}} read; null otherwise
 */
public record DatasetInput(
        String name, Path file, Supplier<RowSource> rows, Map<String, Object> mappings, String referencedRun) {

    public DatasetInput {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(rows, "rows");
        mappings = Collections.unmodifiableMap(new LinkedHashMap<>(mappings));
    }

    /** A dataset read from a local file (JSONL, JSON, CSV or TSV, by extension) with the given mappings. */
    public static DatasetInput of(String name, Path file, Map<String, Object> mappings) {
        DataReader reader = new DataReader();
        return new DatasetInput(name, file, () -> DataRowSource.open(reader, file), mappings, null);
    }
}
