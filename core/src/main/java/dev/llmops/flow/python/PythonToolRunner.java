package dev.llmops.flow.python;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmops.error.Problem;
import dev.llmops.flow.flex.FlexSettings;
import dev.llmops.flow.tool.EntryInvocation;
import dev.llmops.flow.tool.ToolException;
import dev.llmops.flow.tool.ToolInvocation;
import dev.llmops.flow.tool.ToolResult;
import dev.llmops.flow.tool.ToolRunner;
import dev.llmops.llm.ConnectionConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Runs {@code type: python} nodes and python flex entries in a pool of real {@code python3} worker processes,
 * reused across lines. Workers start lazily up to {@link PythonToolOptions#poolSize()}; calls waiting for a worker
 * go to it together, one batch per round trip ({@link WorkerPool}). A worker that dies or times out fails only the
 * call it was running and is replaced for the next call. Thread-safe.
 */
public final class PythonToolRunner implements ToolRunner {

    static final String WORKER_SCRIPT = "llmops_worker.py";
    static final String COMPAT_MODULE = "_llmops_pf_compat.py";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final PythonToolOptions options;
    // NaN travels as the bare token both ways (python's json reads and writes it): scores are often NaN.
    private final ObjectMapper json = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .build();
    private final WorkerPool pool;
    private final Set<PythonWorker> all = ConcurrentHashMap.newKeySet();
    private final AtomicLong requestIds = new AtomicLong();
    private final Object setupLock = new Object();
    private volatile List<String> command;
    private volatile Path scriptDir;
    private volatile boolean closed;
    private volatile LoopbackServer loopback;

    public PythonToolRunner(PythonToolOptions options) {
        this.options = options;
        this.pool = new WorkerPool(
                new WorkerPool.Workers() {
                    @Override
                    public PythonWorker start() {
                        return startWorker();
                    }

                    @Override
                    public void stop(PythonWorker worker) {
                        stopWorker(worker);
                    }
                },
                options.poolSize(),
                options.callTimeout());
    }

    @Override
    public ToolResult invoke(ToolInvocation invocation) {
        requireCode(invocation);
        JsonNode response = exchange(invocation.nodeName(), invocation.source(), requestLine(invocation, "call"), null);
        if (!response.path("ok").asBoolean(false)) {
            throw failure(invocation.nodeName(), invocation.source(), response);
        }
        Object output = json.convertValue(response.get("output"), Object.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> metrics = json.convertValue(response.path("metrics"), Map.class);
        return new ToolResult(output, metrics == null ? Map.of() : metrics);
    }

    /** Imports the tool file in a worker and binds the input names, without calling the tool. */
    @Override
    public List<Problem> check(ToolInvocation invocation) {
        Path file = invocation.flowDir().resolve(invocation.source()).normalize();
        try {
            requireCode(invocation);
            JsonNode response =
                    exchange(invocation.nodeName(), invocation.source(), requestLine(invocation, "check"), null);
            if (response.path("ok").asBoolean(false)) {
                return List.of();
            }
            return List.of(Problem.error(
                    file,
                    response.path("line").asInt(0),
                    response.path("column").asInt(0),
                    "node '" + invocation.nodeName() + "': "
                            + response.path("message").asText(),
                    null));
        } catch (ToolException e) {
            return List.of(Problem.error(file, 0, 0, e.getMessage(), null));
        }
    }

    @Override
    public ToolResult invokeEntry(EntryInvocation invocation) {
        JsonNode response =
                exchange(invocation.nodeName(), invocation.source(), entryRequest(invocation), callbacks(invocation));
        if (!response.path("ok").asBoolean(false)) {
            throw failure(invocation.nodeName(), invocation.source(), response);
        }
        Object output = json.convertValue(response.get("output"), Object.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> metrics = json.convertValue(response.path("metrics"), Map.class);
        List<ToolResult.Span> spans = new ArrayList<>();
        response.path("spans")
                .forEach(s -> spans.add(new ToolResult.Span(
                        s.path("name").asText(),
                        s.path("start_ms").asLong(),
                        s.path("duration_ms").asLong(),
                        s.path("error").isTextual() ? s.path("error").asText() : null)));
        return new ToolResult(output, metrics == null ? Map.of() : metrics, spans);
    }

    /** Imports the entry module in a worker and binds the inputs and init, without building or calling it. */
    @Override
    public List<Problem> checkEntry(EntryInvocation invocation) {
        Path file = invocation.flowDir().resolve(invocation.source()).normalize();
        try {
            JsonNode response = exchange(invocation.nodeName(), invocation.source(), entryRequest(invocation), null);
            if (response.path("ok").asBoolean(false)) {
                return List.of();
            }
            return List.of(Problem.error(
                    file,
                    response.path("line").asInt(0),
                    response.path("column").asInt(0),
                    "entry '" + invocation.module() + ":" + invocation.symbol() + "': "
                            + response.path("message").asText(),
                    null));
        } catch (ToolException e) {
            return List.of(Problem.error(file, 0, 0, e.getMessage(), null));
        }
    }

    private UnaryOperator<String> callbacks(EntryInvocation invocation) {
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

    private String entryRequest(EntryInvocation invocation) {
        ObjectNode request = json.createObjectNode();
        request.put("id", requestIds.incrementAndGet());
        request.put(
                "op",
                switch (invocation.op()) {
                    case CALL -> "flex_call";
                    case AGGREGATE -> "flex_aggregate";
                    case CHECK -> "flex_check";
                    case REQUIREMENTS -> "flex_requirements";
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
        try {
            return json.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new ToolException(
                    "entry '" + invocation.symbol() + "': its inputs cannot be sent to python as JSON: "
                            + e.getOriginalMessage(),
                    null);
        }
    }

    private static void requireCode(ToolInvocation invocation) {
        if (invocation.sourceType() != ToolInvocation.SourceType.CODE) {
            throw new ToolException(
                    "node '" + invocation.nodeName() + "': a python tool needs source type code (a .py file), not "
                            + invocation.sourceType(),
                    null);
        }
    }

    /** Sends one request to a worker (batched with others waiting) and returns its parsed answer. */
    private JsonNode exchange(String nodeName, String source, String request, UnaryOperator<String> callbacks) {
        if (closed) {
            throw new IllegalStateException("the python tool runner is closed");
        }
        command(); // a missing interpreter is a configuration error of the caller, not of one line
        String response = pool.call(request, nodeName, source, callbacks);
        try {
            return json.readTree(response);
        } catch (JsonProcessingException e) {
            throw new ToolException(
                    "node '" + nodeName + "': the python worker sent an unreadable answer", e.getOriginalMessage());
        }
    }

    /** Starts a worker process for the pool, registered with the loopback endpoint. */
    private PythonWorker startWorker() {
        List<String> cmd = command();
        LoopbackServer server = loopback();
        String token = server == null ? "" : server.newToken();
        Map<String, String> env = workerEnvironment();
        if (server != null) {
            env.put("LLMOPS_LOOPBACK_URL", server.baseUrl());
            env.put("LLMOPS_LOOPBACK_TOKEN", token);
        }
        PythonWorker worker;
        try {
            worker = PythonWorker.start(cmd, scriptDir, env, START_TIMEOUT, token);
        } catch (IOException e) {
            throw new ToolException(
                    "cannot start the python interpreter " + cmd.getFirst() + ": " + e.getMessage(), null, false, e);
        } catch (PythonWorker.WorkerGoneException e) {
            throw new ToolException(e.getMessage(), null, !e.timedOut(), e);
        }
        all.add(worker);
        if (server != null) {
            server.register(worker);
        }
        if (closed) {
            stopWorker(worker);
            throw new IllegalStateException("the python tool runner is closed");
        }
        return worker;
    }

    private void stopWorker(PythonWorker worker) {
        all.remove(worker);
        LoopbackServer server = loopback;
        if (server != null) {
            server.unregister(worker);
        }
        worker.close();
    }

    /** The loopback endpoint, started with the first worker; null when the environment turns it off. */
    private LoopbackServer loopback() {
        String setting = options.environment()
                .getOrDefault(FlexSettings.LOOPBACK_VARIABLE, "on")
                .strip();
        if (setting.equalsIgnoreCase("off") || setting.equals("0") || setting.equalsIgnoreCase("false")) {
            return null;
        }
        LoopbackServer s = loopback;
        if (s == null) {
            synchronized (setupLock) {
                if (loopback == null && !closed) {
                    loopback = new LoopbackServer();
                }
                s = loopback;
            }
        }
        return s;
    }

    private Map<String, String> workerEnvironment() {
        Map<String, String> env = new LinkedHashMap<>(options.environment());
        env.put("PYTHONUNBUFFERED", "1");
        env.put("PYTHONIOENCODING", "utf-8");
        // Keep __pycache__ folders out of the user's flow directories.
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        return env;
    }

    private List<String> command() {
        List<String> c = command;
        if (c == null) {
            synchronized (setupLock) {
                if (command == null) {
                    String python = PythonExecutable.resolve(options);
                    scriptDir = extractScripts();
                    command = List.of(
                            python, "-u", scriptDir.resolve(WORKER_SCRIPT).toString());
                }
                c = command;
            }
        }
        return c;
    }

    private static Path extractScripts() {
        try {
            Path dir = Files.createTempDirectory("llmops-python-");
            for (String name : List.of(WORKER_SCRIPT, COMPAT_MODULE)) {
                try (InputStream in = PythonToolRunner.class.getResourceAsStream(name)) {
                    if (in == null) {
                        throw new IllegalStateException("missing resource " + name + " in the llmops jar");
                    }
                    Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the python worker script to a temporary folder", e);
        }
    }

    private String requestLine(ToolInvocation invocation, String op) {
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

    private static ToolException failure(String nodeName, String source, JsonNode response) {
        String traceback = response.path("traceback").asText("");
        String printed = response.path("printed").asText("");
        String detail = printed.isBlank()
                ? traceback
                : traceback + (traceback.isEmpty() ? "" : "\n") + "Printed by the tool during the call:\n" + printed;
        return new ToolException(
                "node '" + nodeName + "' (" + source + "): "
                        + response.path("message").asText("the python tool failed"),
                detail.isBlank() ? null : detail.stripTrailing());
    }

    /** Stops every worker, including busy ones, and removes the extracted scripts. */
    @Override
    public void close() {
        closed = true;
        List<PythonWorker> workers = List.copyOf(all);
        all.clear();
        workers.parallelStream().forEach(PythonWorker::close);
        pool.close();
        LoopbackServer server = loopback;
        if (server != null) {
            server.close();
        }
        Path dir = scriptDir;
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // A leftover temp folder is harmless; the OS cleans it.
            }
        }
    }
}
