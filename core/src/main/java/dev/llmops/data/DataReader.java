package dev.llmops.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads dataset files: JSON Lines, JSON arrays of objects, CSV and TSV, chosen by extension. UTF-8 with or
 * without a byte order mark; the last line may lack its newline. Everything streams.
 */
public final class DataReader {

    private final ObjectMapper mapper;

    public DataReader() {
        this(new ObjectMapper());
    }

    public DataReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * Opens a data file for reading row by row.
     *
     * @throws dev.llmops.error.ConfigException when the file is missing, of an unknown type or malformed (also
     *     thrown later, while iterating, for a malformed record)
     */
    public RowStream open(Path file) {
        return switch (DataFormat.of(file)) {
            case JSONL -> new JsonlRowStream(file, mapper);
            case JSON -> new JsonArrayRowStream(file, mapper);
            case CSV -> new DelimitedRowStream(file, ',');
            case TSV -> new DelimitedRowStream(file, '\t');
        };
    }

    /**
     * Reads a whole file once, in constant memory, and reports its row count and which columns it has.
     *
     * @throws dev.llmops.error.ConfigException at the first malformed record
     */
    public DataSummary summarize(Path file) {
        long rows = 0;
        Map<String, Long> present = new LinkedHashMap<>();
        Map<String, Integer> firstLine = new LinkedHashMap<>();
        try (RowStream stream = open(file)) {
            while (stream.hasNext()) {
                DataRow row = stream.next();
                rows++;
                for (String column : row.values().keySet()) {
                    present.merge(column, 1L, Long::sum);
                    firstLine.putIfAbsent(column, row.lineNumber());
                }
            }
        }
        return new DataSummary(file, rows, present, firstLine);
    }
}
