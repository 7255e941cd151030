package dev.llmops.run;

import dev.llmops.data.DataReader;
import dev.llmops.experiment.Mapping;
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
 * @param mappings flow input → its parsed mapping (column, run output or input, constant)
 * @param referencedRun for evaluation runs, the standard run whose lines {@code ${run.*}} read; null otherwise
 */
public record DatasetInput(
        String name, Path file, Supplier<RowSource> rows, Map<String, Mapping> mappings, String referencedRun) {

    public DatasetInput {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(rows, "rows");
        mappings = Collections.unmodifiableMap(new LinkedHashMap<>(mappings));
    }

    /** A dataset read from a local file (JSONL, JSON, CSV or TSV, by extension) with the given mappings. */
    public static DatasetInput of(String name, Path file, Map<String, Mapping> mappings) {
        DataReader reader = new DataReader();
        return new DatasetInput(name, file, () -> DataRowSource.open(reader, file), mappings, null);
    }
}
