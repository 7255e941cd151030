package dev.llmops.serve;

import dev.llmops.flow.LineStream;
import dev.llmops.flow.template.PythonJson;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code /score} answered as server-sent events with Prompt Flow's framing ({@code format_event}): {@code
 * Content-Type: text/event-stream}; first, only when the flow has other returned outputs, {@code data: {<those
 * outputs>}}; then one {@code data: {"<stream output>": "<chunk>"}} per chunk, each followed by an empty line and
 * flushed on its own; no {@code event:} or {@code id:} lines and no closing {@code [DONE]}. JSON as Python's
 * {@code json.dumps} writes it.
 *
 * <p>Nothing is sent before the first chunk (or the end of a line that streamed none), so a model that fails
 * before it answers still gets an error status. A client that goes away fails the next chunk, which stops the
 * model call.
 */
final class SseResponse implements LineStream {

    private final ServerResponse res;
    private final ScoreService.StreamField field;
    private final Set<String> shown;
    private final List<String> pending = new ArrayList<>();
    private Map<String, Object> header;
    private OutputStream out;
    private int chunks;
    private boolean broken;

    /** @param shown the outputs a response holds; others are left out of the first event */
    SseResponse(ServerResponse res, ScoreService.StreamField field, Iterable<String> shown) {
        this.res = res;
        this.field = field;
        Set<String> names = new java.util.LinkedHashSet<>();
        shown.forEach(names::add);
        this.shown = names;
    }

    @Override
    public String node() {
        return field.node();
    }

    @Override
    public synchronized void chunk(String text) {
        if (broken) {
            throw new UncheckedIOException(new IOException("the client closed the stream"));
        }
        chunks++;
        if (header == null) {
            pending.add(text);
            return;
        }
        open();
        write(event(text));
    }

    @Override
    public synchronized void others(Map<String, Object> outputs) {
        Map<String, Object> first = new LinkedHashMap<>();
        outputs.forEach((k, v) -> {
            if (shown.contains(k) && !k.equals(field.output())) {
                first.put(k, v);
            }
        });
        header = first;
        if (!pending.isEmpty()) {
            open();
            List<String> waiting = List.copyOf(pending);
            pending.clear();
            try {
                waiting.forEach(t -> write(event(t)));
            } catch (UncheckedIOException e) {
                // the next chunk reports it; this runs on a line thread that must not fail for it
            }
        }
    }

    /** How many chunks the line streamed. */
    synchronized int chunks() {
        return chunks;
    }

    /** True once the status line went out: errors can no longer change it. */
    synchronized boolean started() {
        return out != null;
    }

    /** Ends the stream of a line that succeeded: sends what has not gone out yet, then closes. */
    synchronized void finish(Map<String, Object> outputs) {
        if (header == null) {
            others(outputs);
        }
        open();
        close();
    }

    /** Ends a stream that failed after it started: the client sees the stream end early. */
    synchronized void abort() {
        close();
    }

    private void open() {
        if (out != null) {
            return;
        }
        res.status(200);
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        out = res.outputStream();
        if (!header.isEmpty()) {
            write(header);
        }
        List<String> waiting = List.copyOf(pending);
        pending.clear();
        waiting.forEach(t -> write(event(t)));
    }

    private Map<String, Object> event(String text) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put(field.output(), text);
        return e;
    }

    private void write(Map<String, Object> event) {
        if (broken) {
            return;
        }
        try {
            out.write(
                    ("data: " + PythonJson.dumps(JsonValues.finite(event)) + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException | UncheckedIOException e) {
            broken = true;
            throw new UncheckedIOException(new IOException("the client closed the stream", e));
        }
    }

    private void close() {
        if (out == null) {
            return;
        }
        try {
            out.close();
        } catch (IOException | UncheckedIOException e) {
            broken = true;
        }
    }
}
