package dev.llmops.data;

import dev.llmops.error.ConfigException;
import java.nio.file.Path;
import java.util.Locale;

/** The data file formats we read, chosen by file extension. */
public enum DataFormat {
    JSONL,
    JSON,
    CSV,
    TSV;

    /**
     * The format for a file name.
     *
     * @throws ConfigException for an extension we do not read
     */
    public static DataFormat of(Path file) {
        String name =
                file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".jsonl")) {
            return JSONL;
        }
        if (name.endsWith(".json")) {
            return JSON;
        }
        if (name.endsWith(".csv")) {
            return CSV;
        }
        if (name.endsWith(".tsv") || name.endsWith(".tab")) {
            return TSV;
        }
        throw ConfigException.at(
                file,
                0,
                0,
                "unsupported data file type",
                "use .jsonl with one JSON object per line, .json with an array of objects, .csv or .tsv");
    }
}
