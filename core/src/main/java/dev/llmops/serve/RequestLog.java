package dev.llmops.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The request log of {@code llmops serve}: one JSON line per answered {@code /score}, {@code {"schema":
 * "llmops.serve.request/1", "id", "time", "inputs", "outputs"}}, and its reader, which turns the records back into
 * dataset rows (the logged inputs, then the logged outputs) for post-production evaluation. Appends are
 * serialised, so a line is never interleaved with another.
 */
public final class RequestLog implements AutoCloseable {

    public static final String SCHEMA = "llmops.serve.request/1";

    /**
     * One logged request.
     *
     * @param id the request id
     * @param time when the response was sent
     * @param inputs the flow inputs the line ran with
     * @param outputs the outputs the response held
     */
    public record Record(String id, Instant time, Map<String, Object> inputs, Map<String, Object> outputs) {

        public Record {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(time, "time");
            inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
            outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
        }

        /** The dataset row: the inputs, then the outputs (an output named like an input wins). */
        public Map<String, Object> row() {
            Map<String, Object> row = new LinkedHashMap<>(inputs);
            row.putAll(outputs);
            return row;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Writer out;

    private RequestLog(Writer out) {
        this.out = out;
    }

    /** Opens a log for appending, creating it and its folder when missing. */
    public static RequestLog append(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return new RequestLog(Files.newBufferedWriter(
                    file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the request log " + file + ": " + e.getMessage(), e);
        }
    }

    /** Appends one record and flushes it. */
    public synchronized void write(Record record) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("schema", SCHEMA);
        line.put("id", record.id());
        line.put("time", record.time().toString());
        line.put("inputs", finite(record.inputs()));
        line.put("outputs", finite(record.outputs()));
        try {
            out.write(JSON.writeValueAsString(line));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the request log: " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> finite(Map<String, Object> values) {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, JsonValues.finite(v)));
        return out;
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the request log: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a log file, or every {@code *.jsonl} file of a folder in name order; blank lines are skipped.
     *
     * @throws IllegalArgumentException naming file, line and field for a line that is not a request record
     */
    public static List<Record> read(Path source) {
        List<Path> files = new ArrayList<>();
        try {
            if (Files.isDirectory(source)) {
                try (var list = Files.list(source)) {
                    list.filter(p -> p.getFileName().toString().endsWith(".jsonl"))
                            .sorted()
                            .forEach(files::add);
                }
            } else {
                files.add(source);
            }
            List<Record> records = new ArrayList<>();
            for (Path f : files) {
                readFile(f, records);
            }
            return records;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the request log " + source + ": " + e.getMessage(), e);
        }
    }

    private static void readFile(Path file, List<Record> into) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String text;
            int n = 0;
            while ((text = in.readLine()) != null) {
                n++;
                if (!text.isBlank()) {
                    into.add(parse(text, file + ":" + n));
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Record parse(String text, String where) {
        Object parsed;
        try {
            parsed = JSON.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw bad(where, "is not JSON (" + e.getOriginalMessage() + ")");
        }
        if (!(parsed instanceof Map<?, ?> m)) {
            throw bad(where, "is not a JSON object");
        }
        Map<String, Object> map = (Map<String, Object>) m;
        if (!SCHEMA.equals(map.get("schema"))) {
            throw bad(where, "has schema " + map.get("schema") + ", not " + SCHEMA);
        }
        if (!(map.get("id") instanceof String id)) {
            throw bad(where, "has no string field 'id'");
        }
        Instant time;
        try {
            time = Instant.parse(String.valueOf(map.get("time")));
        } catch (RuntimeException e) {
            throw bad(where, "field 'time' is not an ISO-8601 instant: " + map.get("time"));
        }
        if (!(map.get("inputs") instanceof Map<?, ?> inputs)) {
            throw bad(where, "field 'inputs' is not a JSON object");
        }
        if (!(map.get("outputs") instanceof Map<?, ?> outputs)) {
            throw bad(where, "field 'outputs' is not a JSON object");
        }
        return new Record(id, time, (Map<String, Object>) inputs, (Map<String, Object>) outputs);
    }

    private static IllegalArgumentException bad(String where, String what) {
        return new IllegalArgumentException(where + ": the line " + what + "; a request log holds only the " + SCHEMA
                + " records 'llmops serve' writes");
    }
}
