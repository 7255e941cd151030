package dev.llmops.data;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.error.ConfigException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A JSON array of objects, read element by element with a streaming parser so the array is never held whole.
 * Row numbers are 1-based element indexes; errors name the physical line.
 */
final class JsonArrayRowStream extends LookaheadRowStream {

    private static final TypeReference<Map<String, Object>> ROW = new TypeReference<>() {};

    private final JsonParser parser;
    private int index;

    JsonArrayRowStream(Path file, ObjectMapper mapper) {
        super(file);
        try {
            this.parser = mapper.createParser(TextFiles.open(file));
            JsonToken first = parser.nextToken();
            if (first == null) {
                end();
            } else if (first != JsonToken.START_ARRAY) {
                int line = parser.currentLocation().getLineNr();
                TextFiles.closeQuietly(parser);
                throw ConfigException.at(
                        file,
                        line,
                        1,
                        "expected a JSON array of objects",
                        first == JsonToken.START_OBJECT
                                ? "wrap the objects in [ ... ], or rename the file to .jsonl if it holds one"
                                        + " object per line"
                                : "a .json data file must look like [{\"column\": \"value\"}, ...]");
            }
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw TextFiles.unreadable(file, 0, e);
        }
    }

    @Override
    protected DataRow advance() {
        try {
            JsonToken token = parser.nextToken();
            if (token == JsonToken.END_ARRAY) {
                JsonToken trailing = parser.nextToken();
                if (trailing != null) {
                    throw ConfigException.at(
                            file(),
                            parser.currentTokenLocation().getLineNr(),
                            parser.currentTokenLocation().getColumnNr(),
                            "unexpected content after the closing ]",
                            "a .json data file must hold exactly one array");
                }
                return null;
            }
            if (token == null) {
                throw ConfigException.at(
                        file(), parser.currentLocation().getLineNr(), 0, "unexpected end of file", "close the array");
            }
            index++;
            if (token != JsonToken.START_OBJECT) {
                throw ConfigException.at(
                        file(),
                        parser.currentTokenLocation().getLineNr(),
                        parser.currentTokenLocation().getColumnNr(),
                        "element " + index + " of the array is not a JSON object",
                        "every element must be an object like {\"column\": \"value\"}");
            }
            return new DataRow(index, parser.readValueAs(ROW));
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw TextFiles.unreadable(file(), parser.currentLocation().getLineNr(), e);
        }
    }

    private ConfigException malformed(JsonProcessingException e) {
        int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
        int column = e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
        return ConfigException.at(
                file(),
                Math.max(line, 0),
                Math.max(column, 0),
                "malformed JSON: " + e.getOriginalMessage().replace('\n', ' '),
                "fix the JSON syntax at this position");
    }

    @Override
    protected void release() {
        TextFiles.closeQuietly(parser);
    }
}
