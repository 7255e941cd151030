package dev.llmops.flow;

import dev.llmops.SystemEnv;
import dev.llmops.error.Problem;
import dev.llmops.flow.java.JavaToolRunner;
import dev.llmops.flow.python.PythonToolOptions;
import dev.llmops.flow.python.PythonToolRunner;
import dev.llmops.flow.tool.EntryCheck;
import dev.llmops.flow.tool.EntryInvocation;
import dev.llmops.flow.tool.ToolInvocation;
import dev.llmops.flow.tool.ToolResult;
import dev.llmops.flow.tool.ToolRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The python and java tool runners of one command, shared by its preflight checks and its runs: the python workers
 * that validated a flow's tools (with the modules they imported) run its lines, so a command starts each worker
 * once. The runners handed out are views that closing leaves running; {@link #close()} stops them. Thread-safe.
 */
public final class ToolRunners implements AutoCloseable {

    private final SystemEnv env;
    private final Map<Optional<String>, PythonToolRunner> python = new LinkedHashMap<>();
    private JavaToolRunner java;
    private boolean closed;

    /** @param env the user's environment: the interpreter ({@code LLMOPS_PYTHON}, the {@code PATH}) and workers' variables */
    public ToolRunners(SystemEnv env) {
        this.env = env;
    }

    /**
     * The python runner for a use case: its interpreter is {@code LLMOPS_PYTHON}, else the {@code .venv} of the
     * use-case folder or one above it, else {@code python3}; one runner per interpreter.
     */
    public ToolRunner python(Path useCaseDir) {
        PythonToolOptions options = PythonToolOptions.forUseCase(env, useCaseDir);
        return new View(() -> pythonRunner(options));
    }

    /** The in-process java runner, made on first use (the compiler is not started for flows without java). */
    public ToolRunner java() {
        return new View(this::javaRunner);
    }

    private synchronized ToolRunner pythonRunner(PythonToolOptions options) {
        requireOpen();
        return python.computeIfAbsent(options.executable(), k -> new PythonToolRunner(options));
    }

    private synchronized ToolRunner javaRunner() {
        requireOpen();
        if (java == null) {
            java = new JavaToolRunner();
        }
        return java;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the command's tool runners are closed");
        }
    }

    /** Stops every python worker and releases the java class loaders. */
    @Override
    public void close() {
        List<ToolRunner> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(python.values());
            if (java != null) {
                all.add(java);
            }
            python.clear();
            java = null;
        }
        RuntimeException failed = null;
        for (ToolRunner r : all) {
            try {
                r.close();
            } catch (RuntimeException e) {
                failed = failed == null ? e : failed;
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    /** A shared runner as one user sees it: made on first use, and left running when that user closes it. */
    private static final class View implements ToolRunner {

        private final Supplier<ToolRunner> factory;
        private volatile ToolRunner runner;

        View(Supplier<ToolRunner> factory) {
            this.factory = factory;
        }

        private ToolRunner target() {
            ToolRunner r = runner;
            if (r == null) {
                r = factory.get(); // the same runner on every call: the factory is idempotent
                runner = r;
            }
            return r;
        }

        @Override
        public ToolResult invoke(ToolInvocation invocation) {
            return target().invoke(invocation);
        }

        @Override
        public List<Problem> check(ToolInvocation invocation) {
            return target().check(invocation);
        }

        @Override
        public ToolResult invokeEntry(EntryInvocation invocation) {
            return target().invokeEntry(invocation);
        }

        @Override
        public EntryCheck checkEntry(EntryInvocation invocation) {
            return target().checkEntry(invocation);
        }

        @Override
        public void warmUp() {
            target().warmUp();
        }

        @Override
        public void close() {
            // The command's ToolRunners closes the runner.
        }
    }
}
