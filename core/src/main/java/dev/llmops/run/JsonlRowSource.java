package dev.llmops.run;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.error.ConfigException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.NoSuchElementException;

/** Streams a JSON Lines file, one object per non-blank line. */
public final class JsonlRowSource implements RowSource {

    private final ObjectMapper mapper = new ObjectMapper();

    private final Path file;
    private final BufferedReader reader;
    private int fileLine;
    private int rowNumber;
    private DataRow next;

    private JsonlRowSource(Path file, BufferedReader reader) {
        this.file = file;
        this.reader = reader;
    }

    public static JsonlRowSource open(Path file) {
        try {
            return new JsonlRowSource(file, Files.newBufferedReader(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw ConfigException.at(file, 0, 0, "data file not found", "check the dataset's source path");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        try {
            String line;
            while ((line = reader.readLine()) != null) {
                fileLine++;
                if (line.isBlank()) {
                    continue;
                }
                next = new DataRow(rowNumber++, fileLine, parse(line));
                return true;
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> parse(String line) {
        try (JsonParser p = mapper.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw ConfigException.at(file, fileLine, 1, "expected a JSON object per line", null);
            }
            return mapper.readValue(p, Map.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw ConfigException.at(
                    file, fileLine, 0, "invalid JSON: " + e.getOriginalMessage(), "one JSON object per line");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    @Override
    public DataRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        DataRow row = next;
        next = null;
        return row;
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
