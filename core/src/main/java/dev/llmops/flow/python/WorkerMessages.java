package dev.llmops.flow.python;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmops.flow.tool.EntryInvocation;
import dev.llmops.flow.tool.ToolException;
import dev.llmops.flow.tool.ToolInvocation;
import dev.llmops.json.Json;
import dev.llmops.llm.ConnectionConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * The JSON of the worker protocol on the JVM side: requests for tool and entry calls, the answers to the model
 * calls entry code makes, and the parsing of the worker's answers. Thread-safe.
 */
final class WorkerMessages {

    private static final TypeReference<Map<String, Object>> ANSWER = new TypeReference<>() {};

    // NaN travels as the bare token both ways (python's json reads and writes it): scores are often NaN. Calls run
    // on virtual threads.
    private final ObjectMapper json = JsonMapper.builder(Json.pooledFactory())
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .build();
    private final AtomicLong requestIds = new AtomicLong();
    private final Map<String, EntryHeader> headers = new ConcurrentHashMap<>();

    /**
     * An answer line as a map.
     *
     * @throws JsonProcessingException when the line is not a JSON object
     */
    Map<String, Object> answer(String line) throws JsonProcessingException {
        return json.readValue(line, ANSWER);
    }

    UnaryOperator<String> callbacks(EntryInvocation invocation) {
        return line -> {
            ObjectNode reply = json.createObjectNode();
            try {
                JsonNode request = json.readTree(line).path("callback");
                @SuppressWarnings("unchecked")
                Map<String, Object> asked = json.convertValue(request, Map.class);
                reply.put("ok", true);
                reply.set("result", json.valueToTree(invocation.gateway().serve(asked)));
            } catch (JsonProcessingException e) {
                reply.put("ok", false);
                reply.put("message", "unreadable callback from the python worker: " + e.getOriginalMessage());
            } catch (RuntimeException e) {
                reply.put("ok", false);
                reply.put("message", e.getMessage() == null ? e.toString() : e.getMessage());
            }
            try {
                return json.writeValueAsString(reply);
            } catch (JsonProcessingException e) {
                return "{\"ok\": false, \"message\": \"the model answer cannot be sent to python as JSON\"}";
            }
        };
    }

    /**
     * A flex call's request: the part that is the same for every line of a run (entry, init, connections,
     * environment) is encoded once per instance key and reused while it stays equal; only the id and the inputs are
     * encoded per line.
     */
    String entryRequest(EntryInvocation invocation) {
        if (invocation.op() != EntryInvocation.Op.CALL) {
            return entryMessage(invocation);
        }
        EntryHeader header = EntryHeader.of(invocation);
        EntryHeader cached = headers.get(invocation.instanceKey());
        if (cached == null || !cached.equals(header)) {
            ObjectNode common = entryNode(invocation);
            common.remove("inputs");
            // the encoded object without its closing brace: every line's request appends its id and inputs
            String whole = encode(common, invocation);
            header = header.withPrefix(whole.substring(0, whole.length() - 1));
            if (headers.size() > 256) {
                headers.clear();
            }
            headers.put(invocation.instanceKey(), header);
            cached = header;
        }
        try {
            return cached.prefix() + ",\"id\":" + requestIds.incrementAndGet()
                    + (invocation.gateway().streams() ? ",\"stream\":true" : "") + ",\"inputs\":"
                    + json.writeValueAsString(invocation.inputs()) + "}";
        } catch (JsonProcessingException e) {
            throw unencodable(invocation, e);
        }
    }

    /** What makes two flex calls' requests equal but for their inputs; with the encoded prefix once built. */
    private record EntryHeader(
            String nodeName,
            Path flowDir,
            String module,
            String symbol,
            String source,
            Map<String, Object> init,
            Map<String, String> initTypes,
            Map<String, ConnectionConfig> connections,
            Map<String, String> environment,
            boolean loopback,
            String prefix) {

        static EntryHeader of(EntryInvocation i) {
            return new EntryHeader(
                    i.nodeName(),
                    i.flowDir(),
                    i.module(),
                    i.symbol(),
                    i.source(),
                    i.init(),
                    i.initTypes(),
                    i.connections(),
                    i.environment(),
                    i.loopback(),
                    "");
        }

        EntryHeader withPrefix(String p) {
            return new EntryHeader(
                    nodeName, flowDir, module, symbol, source, init, initTypes, connections, environment, loopback, p);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof EntryHeader h
                    && loopback == h.loopback
                    && nodeName.equals(h.nodeName)
                    && flowDir.equals(h.flowDir)
                    && module.equals(h.module)
                    && symbol.equals(h.symbol)
                    && source.equals(h.source)
                    && init.equals(h.init)
                    && initTypes.equals(h.initTypes)
                    && connections.equals(h.connections)
                    && environment.equals(h.environment);
        }

        @Override
        public int hashCode() {
            return Objects.hash(nodeName, flowDir, module, symbol);
        }
    }

    private String entryMessage(EntryInvocation invocation) {
        ObjectNode request = entryNode(invocation);
        request.put("id", requestIds.incrementAndGet());
        return encode(request, invocation);
    }

    private ObjectNode entryNode(EntryInvocation invocation) {
        ObjectNode request = json.createObjectNode();
        request.put(
                "op",
                switch (invocation.op()) {
                    case CALL -> "flex_call";
                    case AGGREGATE -> "flex_aggregate";
                    case CHECK -> "flex_check";
                    case REQUIREMENTS -> "flex_requirements";
                    case INIT -> "flex_init";
                });
        request.put("node", invocation.nodeName());
        request.put(
                "flow_dir", invocation.flowDir().toAbsolutePath().normalize().toString());
        request.put("module", invocation.module());
        request.put("symbol", invocation.symbol());
        request.put("source", invocation.source());
        request.put("instance_key", invocation.instanceKey());
        request.set("init", json.valueToTree(invocation.init()));
        request.set("init_types", json.valueToTree(invocation.initTypes()));
        request.set("inputs", json.valueToTree(invocation.inputs()));
        if (invocation.op() == EntryInvocation.Op.REQUIREMENTS) {
            request.set("requirements", json.valueToTree(invocation.inputs().get("requirements")));
        }
        request.set("line_results", json.valueToTree(invocation.lineResults()));
        ObjectNode connections = request.putObject("connections");
        invocation.connections().forEach((name, config) -> connections.set(name, connection(config)));
        request.set("environment", json.valueToTree(invocation.environment()));
        request.put("loopback", invocation.loopback());
        return request;
    }

    private String encode(ObjectNode request, EntryInvocation invocation) {
        try {
            return json.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw unencodable(invocation, e);
        }
    }

    private static ToolException unencodable(EntryInvocation invocation, JsonProcessingException e) {
        return new ToolException(
                "entry '" + invocation.symbol() + "': its inputs cannot be sent to python as JSON: "
                        + e.getOriginalMessage(),
                null);
    }

    String toolRequest(ToolInvocation invocation, String op) {
        ObjectNode request = json.createObjectNode();
        request.put("id", requestIds.incrementAndGet());
        request.put("op", op);
        request.put("node", invocation.nodeName());
        request.put(
                "flow_dir", invocation.flowDir().toAbsolutePath().normalize().toString());
        request.put("source", invocation.source());
        request.put("aggregation", invocation.aggregation());
        request.set("inputs", json.valueToTree(invocation.inputs()));
        ObjectNode connections = request.putObject("connections");
        invocation.connections().forEach((input, config) -> connections.set(input, connection(config)));
        request.set("environment", json.valueToTree(invocation.environment()));
        try {
            return json.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new ToolException(
                    "node '" + invocation.nodeName() + "': its inputs cannot be sent to python as JSON: "
                            + e.getOriginalMessage(),
                    null);
        }
    }

    private ObjectNode connection(ConnectionConfig config) {
        ObjectNode node = json.createObjectNode();
        node.put("name", config.name());
        node.put("type", config.type());
        node.set("properties", json.valueToTree(config.properties()));
        node.set("secret_keys", json.valueToTree(config.secretProperties()));
        return node;
    }
}
