package dev.llmops.run;

import dev.llmops.data.DataReader;
import dev.llmops.experiment.Mapping;
import dev.llmops.run.store.RunRecord;
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
 * @param asset the data asset version {@code file} is a copy of, for {@code run.json}; null for a local file
 */
public record DatasetInput(
        String name,
        Path file,
        Supplier<RowSource> rows,
        Map<String, Mapping> mappings,
        String referencedRun,
        RunRecord.DataAsset asset) {

    public DatasetInput {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(rows, "rows");
        mappings = Collections.unmodifiableMap(new LinkedHashMap<>(mappings));
    }

    public DatasetInput(
            String name, Path file, Supplier<RowSource> rows, Map<String, Mapping> mappings, String referencedRun) {
        this(name, file, rows, mappings, referencedRun, null);
    }

    /** The same input, recorded as read from a data asset version. */
    public DatasetInput withAsset(RunRecord.DataAsset dataAsset) {
        return new DatasetInput(name, file, rows, mappings, referencedRun, dataAsset);
    }

    /** A dataset read from a local file (JSONL, JSON, CSV or TSV, by extension) with the given mappings. */
    public static DatasetInput of(String name, Path file, Map<String, Mapping> mappings) {
        DataReader reader = new DataReader();
        return new DatasetInput(name, file, () -> DataRowSource.open(reader, file), mappings, null);
    }
}
