package dev.llmops.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.llmops.error.ConfigException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** JSON Lines: one object per line; blank lines are skipped; the last line may lack its newline. */
final class JsonlRowStream extends LookaheadRowStream {

    private final BufferedReader reader;
    private final ObjectReader json;
    private int line;

    JsonlRowStream(Path file, ObjectMapper mapper) {
        super(file);
        this.json = mapper.readerFor(Object.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.reader = TextFiles.open(file);
    }

    @Override
    protected DataRow advance() {
        try {
            String text;
            while ((text = reader.readLine()) != null) {
                line++;
                if (!text.isBlank()) {
                    return new DataRow(line, parse(text));
                }
            }
            return null;
        } catch (IOException e) {
            throw TextFiles.unreadable(file(), line + 1, e);
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> parse(String text) {
        Object value;
        try {
            value = json.readValue(text);
        } catch (JsonProcessingException e) {
            int column = e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
            throw ConfigException.at(
                    file(),
                    line,
                    Math.max(column, 0),
                    "malformed JSON line: " + e.getOriginalMessage().replace('\n', ' '),
                    "each line of a .jsonl file must be one complete JSON object");
        }
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw ConfigException.at(
                file(),
                line,
                1,
                "expected a JSON object, found " + JsonKinds.describe(value),
                "each line of a .jsonl file must be an object like {\"column\": \"value\"}");
    }

    @Override
    protected void release() {
        TextFiles.closeQuietly(reader);
    }
}
