package dev.llmops.data;

import dev.llmops.error.ConfigException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** CSV or TSV with a header row; every cell is a string; quoted cells may span lines. */
final class DelimitedRowStream implements RowStream {

    private final Path file;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final List<String> header;
    private long previousEnd;

    DelimitedRowStream(Path file, char delimiter) {
        this.file = file;
        BufferedReader reader = TextFiles.open(file);
        CSVFormat format = CSVFormat.DEFAULT
                .builder()
                .setDelimiter(delimiter)
                .setHeader()
                .setSkipHeaderRecord(true)
                .setAllowMissingColumnNames(false)
                .setDuplicateHeaderMode(org.apache.commons.csv.DuplicateHeaderMode.DISALLOW)
                .setIgnoreEmptyLines(true)
                .get();
        try {
            this.parser =
                    CSVParser.builder().setReader(reader).setFormat(format).get();
        } catch (IllegalArgumentException e) {
            TextFiles.closeQuietly(reader);
            throw ConfigException.at(
                    file, 1, 0, "invalid header row: " + e.getMessage(), "give every column a unique, non-empty name");
        } catch (UncheckedIOException e) {
            TextFiles.closeQuietly(reader);
            throw TextFiles.unreadable(file, 1, e.getCause());
        } catch (IOException e) {
            TextFiles.closeQuietly(reader);
            throw TextFiles.unreadable(file, 1, e);
        }
        this.header = parser.getHeaderNames();
        this.records = parser.iterator();
        this.previousEnd = parser.getCurrentLineNumber();
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public boolean hasNext() {
        try {
            return records.hasNext();
        } catch (UncheckedIOException e) {
            throw malformed(e);
        } catch (IllegalStateException e) {
            throw malformed(e);
        }
    }

    @Override
    public DataRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        // hasNext() has already read the record, so its first line follows the end of the previous one.
        int line = (int) previousEnd + 1;
        CSVRecord record = records.next();
        previousEnd = parser.getCurrentLineNumber();
        if (record.size() != header.size()) {
            throw ConfigException.at(
                    file,
                    line,
                    0,
                    "row has " + record.size() + " fields but the header has " + header.size(),
                    "quote cells that contain the delimiter, and give every row one cell per column");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            values.put(header.get(i), record.get(i));
        }
        return new DataRow(line, values);
    }

    private ConfigException malformed(RuntimeException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        if (cause instanceof java.nio.charset.CharacterCodingException cce) {
            return TextFiles.unreadable(file, (int) parser.getCurrentLineNumber() + 1, cce);
        }
        return ConfigException.at(
                file,
                (int) parser.getCurrentLineNumber() + 1,
                0,
                "malformed row: " + cause.getMessage(),
                "check the quotes: a quoted cell must end with a quote followed by the delimiter or line end");
    }

    @Override
    public void close() {
        TextFiles.closeQuietly(parser);
    }
}
