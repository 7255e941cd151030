package dev.llmops.dataops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.error.ConfigException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads {@link RequestLog} records back: one log file, or every {@code *.jsonl} file under a folder (rotated
 * logs, a day's folders) in path order. Blank lines are skipped; anything else that is not a request record is an
 * error naming its file and line.
 */
public final class RequestLogReader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HINT = "point --from-logs at what 'llmops serve --log-requests' wrote: only "
            + RequestLog.SCHEMA + " records, one JSON object a line";

    private RequestLogReader() {}

    /**
     * The records of a file or folder, in file order.
     *
     * @throws ConfigException for a missing source, a folder without log files, or a line that is not a request
     *     record (with its file and line)
     */
    public static List<RequestLog.Record> read(Path source) {
        List<Path> files = files(source);
        List<RequestLog.Record> records = new ArrayList<>();
        for (Path file : files) {
            readFile(file, records);
        }
        return records;
    }

    /** The log files of a source: itself, or the {@code *.jsonl} files under it, by path. */
    public static List<Path> files(Path source) {
        if (Files.isRegularFile(source)) {
            return List.of(source);
        }
        if (!Files.isDirectory(source)) {
            throw ConfigException.of(
                    "request log " + source + " not found",
                    "pass the file or folder given to 'llmops serve --log-requests'");
        }
        try (Stream<Path> walk = Files.walk(source)) {
            List<Path> files = walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".jsonl"))
                    .sorted()
                    .toList();
            if (files.isEmpty()) {
                throw ConfigException.of(
                        "request log folder " + source + " holds no *.jsonl file",
                        "pass the folder 'llmops serve --log-requests' wrote into, or one of its files");
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the request log folder " + source + ": " + e.getMessage(), e);
        }
    }

    private static void readFile(Path file, List<RequestLog.Record> into) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String text;
            int n = 0;
            while ((text = in.readLine()) != null) {
                n++;
                if (!text.isBlank()) {
                    into.add(parse(text, file, n));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the request log " + file + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    static RequestLog.Record parse(String text, Path file, int line) {
        Object parsed;
        try {
            parsed = JSON.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw bad(file, line, "is not JSON (" + e.getOriginalMessage() + ")");
        }
        if (!(parsed instanceof Map<?, ?> m)) {
            throw bad(file, line, "is not a JSON object");
        }
        Map<String, Object> map = (Map<String, Object>) m;
        if (!RequestLog.SCHEMA.equals(map.get("schema"))) {
            throw bad(
                    file,
                    line,
                    map.containsKey("schema")
                            ? "has schema " + map.get("schema") + ", not " + RequestLog.SCHEMA
                            : "has no field 'schema' (" + RequestLog.SCHEMA + ")");
        }
        if (!(map.get("id") instanceof String id)) {
            throw bad(file, line, "has no string field 'id'");
        }
        Instant time;
        try {
            time = Instant.parse(String.valueOf(map.get("time")));
        } catch (RuntimeException e) {
            throw bad(file, line, "field 'time' is not an ISO-8601 instant: " + map.get("time"));
        }
        Object status = map.getOrDefault("status", 200);
        if (!(status instanceof Integer code)) {
            throw bad(file, line, "field 'status' is not an HTTP status code: " + status);
        }
        Object error = map.get("error");
        if (error != null && !(error instanceof String)) {
            throw bad(file, line, "field 'error' is not a string");
        }
        Object bodies = map.getOrDefault("bodies", true);
        if (!(bodies instanceof Boolean logged)) {
            throw bad(file, line, "field 'bodies' is not true or false: " + bodies);
        }
        if (!logged) {
            return RequestLog.Record.metadata(id, time, code, (String) error);
        }
        if (!(map.get("inputs") instanceof Map<?, ?> inputs)) {
            throw bad(file, line, "field 'inputs' is not a JSON object");
        }
        // An unanswered request has no outputs to log; an answered one must say what it answered.
        boolean answered = code == 200 && error == null;
        Object outputs = answered ? map.get("outputs") : map.getOrDefault("outputs", Map.of());
        if (!(outputs instanceof Map<?, ?>)) {
            throw bad(file, line, "field 'outputs' is not a JSON object");
        }
        return new RequestLog.Record(
                id, time, code, (Map<String, Object>) inputs, (Map<String, Object>) outputs, (String) error);
    }

    private static ConfigException bad(Path file, int line, String what) {
        return ConfigException.at(file, line, 0, "the line " + what + "; it is not a request record", HINT);
    }
}
