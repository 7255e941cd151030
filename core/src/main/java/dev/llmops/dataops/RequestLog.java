package dev.llmops.dataops;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.json.Json;
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
 * The request log of {@code llmops serve}: one JSON line per {@code /score}, {@code {"schema":
 * "llmops.serve.request/1", "id", "time", "status", "inputs", "outputs"}} with {@code "error"} for a request that
 * was not answered, read back by {@link RequestLogReader} for post-production evaluation. A record logged without
 * bodies (metadata only) has {@code "bodies": false} and no {@code inputs} or {@code outputs}. Appends are
 * serialised, so a line is never interleaved with another.
 */
public final class RequestLog implements AutoCloseable {

    public static final String SCHEMA = "llmops.serve.request/1";

    /**
     * One logged request.
     *
     * @param id the request id
     * @param time when the response was sent
     * @param status the HTTP status of the response (200 when answered)
     * @param inputs the flow inputs the request gave (every field of its body)
     * @param outputs the outputs the response held; empty when it was not answered
     * @param error why the request was not answered (the response's error message); null when it was
     * @param bodies whether the inputs and outputs were logged; false for a metadata-only record (both empty)
     */
    public record Record(
            String id,
            Instant time,
            int status,
            Map<String, Object> inputs,
            Map<String, Object> outputs,
            String error,
            boolean bodies) {

        public Record {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(time, "time");
            inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
            outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
        }

        /** A request logged with its inputs and outputs. */
        public Record(
                String id,
                Instant time,
                int status,
                Map<String, Object> inputs,
                Map<String, Object> outputs,
                String error) {
            this(id, time, status, inputs, outputs, error, true);
        }

        /** An answered request. */
        public Record(String id, Instant time, Map<String, Object> inputs, Map<String, Object> outputs) {
            this(id, time, 200, inputs, outputs, null);
        }

        /** A request logged without its inputs and outputs. */
        public static Record metadata(String id, Instant time, int status, String error) {
            return new Record(id, time, status, Map.of(), Map.of(), error, false);
        }

        /** Whether the request was answered: status 200 and no error. */
        public boolean answered() {
            return status == 200 && error == null;
        }

        /** The dataset row: the inputs, then the outputs (an output named like an input wins). */
        public Map<String, Object> row() {
            Map<String, Object> row = new LinkedHashMap<>(inputs);
            row.putAll(outputs);
            return row;
        }
    }

    private static final ObjectMapper JSON = Json.pooledMapper();

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

    /**
     * Appends one record and flushes it; NaN and infinite numbers are written as null (strict JSON).
     *
     * @return the bytes written
     */
    public synchronized int write(Record record) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("schema", SCHEMA);
        line.put("id", record.id());
        line.put("time", record.time().toString());
        line.put("status", record.status());
        if (record.bodies()) {
            line.put("inputs", finite(record.inputs()));
            line.put("outputs", finite(record.outputs()));
        } else {
            line.put("bodies", false);
        }
        if (record.error() != null) {
            line.put("error", record.error());
        }
        try {
            String text = JSON.writeValueAsString(line) + "\n";
            out.write(text);
            out.flush();
            return text.getBytes(StandardCharsets.UTF_8).length;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the request log: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the request log: " + e.getMessage(), e);
        }
    }

    private static Object finite(Object value) {
        return switch (value) {
            case Double d when d.isNaN() || d.isInfinite() -> null;
            case Float f when f.isNaN() || f.isInfinite() -> null;
            case Map<?, ?> m -> {
                Map<Object, Object> out = new LinkedHashMap<>();
                m.forEach((k, v) -> out.put(k, finite(v)));
                yield out;
            }
            case List<?> l -> {
                List<Object> out = new ArrayList<>(l.size());
                l.forEach(v -> out.add(finite(v)));
                yield out;
            }
            case null -> null;
            default -> value;
        };
    }
}
