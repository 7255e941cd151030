package dev.llmops.flow.python;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.llmops.error.Problem;
import dev.llmops.flow.flex.FlexSettings;
import dev.llmops.flow.tool.EntryCheck;
import dev.llmops.flow.tool.EntryInvocation;
import dev.llmops.flow.tool.ToolException;
import dev.llmops.flow.tool.ToolInvocation;
import dev.llmops.flow.tool.ToolResult;
import dev.llmops.flow.tool.ToolRunner;
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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
    static final String PURE_EVAL_MODULE = "_llmops_pure_eval.py";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final PythonToolOptions options;
    private final WorkerMessages messages = new WorkerMessages();
    private final WorkerPool pool;
    private final Set<PythonWorker> all = ConcurrentHashMap.newKeySet();
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
        Map<String, Object> response =
                exchange(invocation.nodeName(), invocation.source(), messages.toolRequest(invocation, "call"), null);
        if (!ok(response)) {
            throw failure(invocation.nodeName(), invocation.source(), response, Optional.empty());
        }
        return new ToolResult(response.get("output"), metrics(response));
    }

    /** Imports the tool file in a worker and binds the input names, without calling the tool. */
    @Override
    public List<Problem> check(ToolInvocation invocation) {
        Path file = invocation.flowDir().resolve(invocation.source()).normalize();
        try {
            requireCode(invocation);
            Map<String, Object> response = exchange(
                    invocation.nodeName(), invocation.source(), messages.toolRequest(invocation, "check"), null);
            if (ok(response)) {
                return List.of();
            }
            return List.of(Problem.error(
                    file,
                    integer(response, "line"),
                    integer(response, "column"),
                    "node '" + invocation.nodeName() + "': " + text(response, "message", ""),
                    installHint(response, Optional.empty())));
        } catch (ToolException e) {
            return List.of(Problem.error(file, 0, 0, e.getMessage(), null));
        }
    }

    @Override
    public ToolResult invokeEntry(EntryInvocation invocation) {
        Map<String, Object> response = exchange(
                invocation.nodeName(),
                invocation.source(),
                messages.entryRequest(invocation),
                messages.callbacks(invocation));
        if (!ok(response)) {
            throw failure(invocation.nodeName(), invocation.source(), response, invocation.requirements());
        }
        List<ToolResult.Span> spans = new ArrayList<>();
        if (response.get("spans") instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> span) {
                    spans.add(new ToolResult.Span(
                            String.valueOf(span.get("name")),
                            span.get("start_ms") instanceof Number n ? n.longValue() : 0,
                            span.get("duration_ms") instanceof Number n ? n.longValue() : 0,
                            span.get("error") instanceof String e ? e : null));
                }
            }
        }
        return new ToolResult(response.get("output"), metrics(response), spans);
    }

    /** Imports the entry module in a worker and binds the inputs and init, without building or calling it. */
    @Override
    public EntryCheck checkEntry(EntryInvocation invocation) {
        Path file = invocation.flowDir().resolve(invocation.source()).normalize();
        try {
            Map<String, Object> response =
                    exchange(invocation.nodeName(), invocation.source(), messages.entryRequest(invocation), null);
            if (ok(response)) {
                Map<?, ?> output = response.get("output") instanceof Map<?, ?> m ? m : Map.of();
                Optional<List<String>> outputs = output.get("outputs") instanceof List<?> names
                        ? Optional.of(names.stream().map(String::valueOf).toList())
                        : Optional.empty();
                Optional<String> returns =
                        output.get("returns") instanceof String r ? Optional.of(r) : Optional.empty();
                return new EntryCheck(List.of(), outputs, returns);
            }
            return EntryCheck.of(List.of(Problem.error(
                    file,
                    integer(response, "line"),
                    integer(response, "column"),
                    "entry '" + invocation.module() + ":" + invocation.symbol() + "': " + text(response, "message", ""),
                    installHint(response, invocation.requirements()))));
        } catch (ToolException e) {
            return EntryCheck.of(List.of(Problem.error(file, 0, 0, e.getMessage(), null)));
        }
    }

    /** The pip command for a module the worker could not import; null when nothing was missing. */
    private static String installHint(Map<String, Object> response, Optional<Path> requirements) {
        if (!(response.get("missing_module") instanceof String module)) {
            return null;
        }
        return Requirements.installHint(module, text(response, "python", "python3"), requirements);
    }

    private static void requireCode(ToolInvocation invocation) {
        if (invocation.sourceType() != ToolInvocation.SourceType.CODE) {
            throw new ToolException(
                    "node '" + invocation.nodeName() + "': a python tool needs source type code (a .py file), not "
                            + invocation.sourceType(),
                    null);
        }
    }

    /**
     * Starts every worker of the pool now, in the background: a command that validates its flows and then runs
     * them finds its workers ready, with the modules validation imported.
     */
    @Override
    public void warmUp() {
        if (closed) {
            return;
        }
        try {
            command();
        } catch (RuntimeException e) {
            return; // no interpreter: the first call says so
        }
        pool.warmUp();
    }

    /** Sends one request to a worker (batched with others waiting) and returns its parsed answer. */
    private Map<String, Object> exchange(
            String nodeName, String source, String request, UnaryOperator<String> callbacks) {
        if (closed) {
            throw new IllegalStateException("the python tool runner is closed");
        }
        command(); // a missing interpreter is a configuration error of the caller, not of one line
        String response = pool.call(request, nodeName, source, callbacks);
        try {
            return messages.answer(response);
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
            for (String name : List.of(WORKER_SCRIPT, COMPAT_MODULE, PURE_EVAL_MODULE)) {
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

    private static boolean ok(Map<String, Object> response) {
        return Boolean.TRUE.equals(response.get("ok"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metrics(Map<String, Object> response) {
        return response.get("metrics") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static int integer(Map<String, Object> response, String key) {
        return response.get(key) instanceof Number n ? n.intValue() : 0;
    }

    private static String text(Map<String, Object> response, String key, String otherwise) {
        return response.get(key) instanceof String t ? t : otherwise;
    }

    private static ToolException failure(
            String nodeName, String source, Map<String, Object> response, Optional<Path> requirements) {
        String traceback = text(response, "traceback", "");
        String printed = text(response, "printed", "");
        String detail = printed.isBlank()
                ? traceback
                : traceback + (traceback.isEmpty() ? "" : "\n") + "Printed by the tool during the call:\n" + printed;
        String hint = installHint(response, requirements);
        return new ToolException(
                "node '" + nodeName + "' (" + source + "): " + text(response, "message", "the python tool failed")
                        + (hint == null ? "" : " (" + hint + ")"),
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
