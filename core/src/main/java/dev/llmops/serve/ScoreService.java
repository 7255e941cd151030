package dev.llmops.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.flow.Flow;
import dev.llmops.flow.FlowExecutor;
import dev.llmops.flow.FlowInput;
import dev.llmops.flow.FlowLoader;
import dev.llmops.flow.FlowOutput;
import dev.llmops.flow.InputCoercion;
import dev.llmops.flow.LineResult;
import dev.llmops.flow.LineStream;
import dev.llmops.flow.LlmNode;
import dev.llmops.flow.Node;
import dev.llmops.flow.ValueRef;
import dev.llmops.flow.prompty.Prompty;
import dev.llmops.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * {@code POST /score} without the HTTP: Prompt Flow's request rules (zero inputs ignore the body; a body that is not
 * JSON is the value of a lone input; missing required inputs are a 400 naming them; extra keys are ignored;
 * declared types are coerced) and response rules (outputs minus {@code evaluation_only} ones, or only {@code
 * PROMPTFLOW_RESPONSE_INCLUDED_FIELDS}; a prompty's bare value). Thread-safe.
 */
final class ScoreService {

    private final Flow flow;
    private final FlowExecutor executor;
    private final ExecutorService lines;
    private final Duration timeout;
    private final List<String> returned;
    private final boolean bareValue;
    private final Optional<Set<String>> included;
    private final List<StreamField> streamFields;
    private final ObjectMapper json = Json.pooledMapper();
    private final AtomicInteger lineNumbers = new AtomicInteger();
    private volatile ServeMetrics metrics;

    /**
     * @param lines runs each line, so that a line past its timeout can be interrupted
     */
    ScoreService(
            Flow flow,
            FlowExecutor executor,
            ExecutorService lines,
            Duration timeout,
            Optional<Set<String>> includedFields) {
        this.flow = flow;
        this.executor = executor;
        this.lines = lines;
        this.timeout = timeout;
        this.returned = returnedOutputs(flow, includedFields);
        this.included = includedFields;
        this.bareValue = isPrompty(flow);
        this.streamFields = streamFields(flow, returned, includedFields);
    }

    Flow flow() {
        return flow;
    }

    /** Where the model calls of each line are counted. */
    void observe(ServeMetrics m) {
        this.metrics = m;
    }

    /** The outputs a response holds, in flow order. */
    List<String> returnedOutputs() {
        return returned;
    }

    /** True when the response is the single output's bare value (a prompty, as Prompt Flow serves it). */
    boolean bareValue() {
        return bareValue;
    }

    /**
     * The flow inputs a body gives, defaults not yet applied.
     *
     * @throws ServeException 400 for a body that gives no usable inputs
     */
    @SuppressWarnings("unchecked")
    Map<String, Object> inputs(byte[] body) {
        Map<String, FlowInput> declared = flow.inputs();
        if (declared.isEmpty()) {
            return Map.of();
        }
        String text = new String(body, StandardCharsets.UTF_8);
        Object parsed;
        try {
            parsed = text.isBlank() ? null : json.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            if (declared.size() == 1) {
                return Map.of(declared.keySet().iterator().next(), text);
            }
            throw ServeException.badRequest("the request body is not JSON (" + e.getOriginalMessage()
                    + ") and the flow has " + declared.size() + " inputs " + quoted(declared.keySet())
                    + "; send a JSON object with them");
        }
        if (parsed instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        if (declared.size() == 1 && parsed != null) {
            return Map.of(declared.keySet().iterator().next(), parsed);
        }
        throw ServeException.badRequest("the request body must be a JSON object with the flow's inputs "
                + quoted(declared.keySet()) + "; got " + (parsed == null ? "an empty body" : kind(parsed)));
    }

    /**
     * Runs one line.
     *
     * @return the response body's value: the returned outputs by name, or a prompty's bare value
     * @throws ServeException 400 for missing or mistyped inputs and failing tools, 502 for a failing model call,
     *     504 past the request timeout, 500 otherwise
     */
    Object score(Map<String, Object> given) {
        return switch (line(given, null)) {
            case LineResult.Success s -> response(s);
            case LineResult.Failure f -> throw failure(f);
        };
    }

    /**
     * Checks and coerces the inputs and runs one line, its {@code stream} node (when not null) streaming as it
     * goes; counts the line's model calls.
     *
     * @throws ServeException 400 for missing or mistyped inputs, 504 past the request timeout, 503 when stopping
     */
    LineResult line(Map<String, Object> given, LineStream stream) {
        List<String> missing = new ArrayList<>();
        for (FlowInput in : flow.inputs().values()) {
            if (!in.hasDefault() && !given.containsKey(in.name())) {
                missing.add(in.name());
            }
        }
        if (!missing.isEmpty()) {
            throw ServeException.badRequest("Required input fields " + quoted(missing)
                    + " are missing in request data (given: " + quoted(given.keySet()) + ")");
        }
        try {
            InputCoercion.apply(flow.inputs(), given);
        } catch (IllegalArgumentException e) {
            throw ServeException.badRequest(e.getMessage());
        }
        LineResult result = run(given, stream);
        ServeMetrics m = metrics;
        if (m != null) {
            m.line(result);
        }
        return result;
    }

    /**
     * The outputs that can stream ({@code Accept: text/event-stream}): each returned output that is an llm node's
     * whole answer, where no other node reads that answer (a prompty's output is one); a flex flow's {@code output},
     * which streams when its entry is a generator.
     */
    List<StreamField> streamFields() {
        return streamFields;
    }

    /** A returned output that can stream, and the node whose answer it is. */
    record StreamField(String output, String node) {}

    private LineResult run(Map<String, Object> given, LineStream stream) {
        int line = lineNumbers.getAndIncrement();
        Future<LineResult> future = lines.submit(() -> executor.executeLine(line, given, stream));
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new ServeException(
                    504, "the flow did not finish within " + timeout.toSeconds() + " s (--request-timeout)");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new ServeException(503, "the server is shutting down");
        } catch (ExecutionException e) {
            throw new ServeException(500, "the flow failed: " + e.getCause());
        }
    }

    /**
     * The response body of a line that succeeded: the returned outputs by name; a prompty's bare value; a flex
     * entry's bare value when it returned no mapping (Prompt Flow's {@code response_original_value}), else its
     * outputs less those {@code PROMPTFLOW_RESPONSE_INCLUDED_FIELDS} leaves out.
     */
    Object response(LineResult.Success line) {
        Map<String, Object> outputs = line.outputs();
        if (bareValue) {
            return JsonValues.finite(outputs.get(returned.getFirst()));
        }
        if (flow.flex().isPresent()) {
            Object raw = line.nodeOutputs().get(flow.flex().get().name());
            if (!(raw instanceof Map<?, ?>)) {
                return JsonValues.finite(raw);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            outputs.forEach((k, v) -> {
                if (included.map(set -> set.contains(k)).orElse(true)) {
                    out.put(k, JsonValues.finite(v));
                }
            });
            return out;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (String name : returned) {
            out.put(name, JsonValues.finite(outputs.get(name)));
        }
        return out;
    }

    /** True when the response to this line is a bare value rather than outputs by name. */
    boolean bare(LineResult.Success line) {
        return bareValue
                || flow.flex()
                        .map(f -> !(line.nodeOutputs().get(f.name()) instanceof Map<?, ?>))
                        .orElse(false);
    }

    ServeException failure(LineResult.Failure f) {
        if (f.failedNode() == null) {
            return new ServeException(500, f.message());
        }
        Node node = flow.node(f.failedNode()).orElse(null);
        if (node instanceof LlmNode) {
            return new ServeException(502, f.message());
        }
        // A tool that raised is a user error in Prompt Flow (ToolExecutionError): 400, with its message only.
        return new ServeException(400, f.message());
    }

    static List<String> returnedOutputs(Flow flow, Optional<Set<String>> included) {
        List<String> out = new ArrayList<>();
        for (FlowOutput o : flow.outputs().values()) {
            boolean keep = included.map(s -> s.contains(o.name())).orElse(!o.evaluationOnly());
            if (keep) {
                out.add(o.name());
            }
        }
        return List.copyOf(out);
    }

    private static List<StreamField> streamFields(Flow flow, List<String> returned, Optional<Set<String>> included) {
        if (flow.flex().isPresent()) {
            return included.map(set -> set.contains("output")).orElse(true)
                    ? List.of(new StreamField("output", flow.flex().get().name()))
                    : List.of();
        }
        List<StreamField> out = new ArrayList<>();
        for (String name : returned) {
            if (flow.outputs().get(name).reference() instanceof ValueRef.NodeRef r
                    && r.path().isEmpty()
                    && flow.node(r.node()).orElse(null) instanceof LlmNode l
                    && !l.aggregation()
                    && wholeText(l)
                    && !flow.isReadByNodes(l.name())) {
                out.add(new StreamField(name, l.name()));
            }
        }
        return List.copyOf(out);
    }

    /** Whether the node's output is the answer's text (not a prompty's whole response or parsed JSON). */
    private static boolean wholeText(LlmNode node) {
        return node.prompty()
                .map(p -> p.response() != Prompty.Response.ALL
                        && !(p.parameters().get("response_format") instanceof Map<?, ?> rf
                                && "json_object".equals(rf.get("type"))))
                .orElse(true);
    }

    static boolean isPrompty(Flow flow) {
        return flow.nodes().size() == 1
                && flow.nodes().getFirst() instanceof LlmNode l
                && l.name().equals(FlowLoader.PROMPTY_NODE)
                && l.prompty().isPresent();
    }

    /** Python's list repr, as Prompt Flow's messages show names: {@code ['a', 'b']}. */
    static String quoted(java.util.Collection<?> names) {
        return names.stream().map(n -> "'" + n + "'").collect(Collectors.joining(", ", "[", "]"));
    }

    private static String kind(Object value) {
        return switch (value) {
            case List<?> l -> "a JSON array";
            case String s -> "a JSON string";
            case Number n -> "a JSON number";
            case Boolean b -> "a JSON boolean";
            default -> "JSON " + value.getClass().getSimpleName();
        };
    }
}
