package dev.llmops.run.engine;

import dev.llmops.error.Problem;
import dev.llmops.flow.tool.EntryInvocation;
import dev.llmops.flow.tool.ToolInvocation;
import dev.llmops.flow.tool.ToolResult;
import dev.llmops.flow.tool.ToolRunner;
import java.util.List;
import java.util.function.Supplier;

/**
 * Creates the real runner on first use, so a flow without python nodes never needs a python interpreter, and
 * one without java nodes never starts the compiler.
 */
final class LazyToolRunner implements ToolRunner {

    private final Supplier<ToolRunner> factory;
    private volatile ToolRunner runner;
    private boolean closed;

    LazyToolRunner(Supplier<ToolRunner> factory) {
        this.factory = factory;
    }

    private ToolRunner runner() {
        ToolRunner r = runner;
        if (r == null) {
            synchronized (this) {
                if (closed) {
                    throw new IllegalStateException("tool runner already closed");
                }
                if (runner == null) {
                    runner = factory.get();
                }
                r = runner;
            }
        }
        return r;
    }

    @Override
    public ToolResult invoke(ToolInvocation invocation) {
        return runner().invoke(invocation);
    }

    @Override
    public List<Problem> check(ToolInvocation invocation) {
        return runner().check(invocation);
    }

    @Override
    public ToolResult invokeEntry(EntryInvocation invocation) {
        return runner().invokeEntry(invocation);
    }

    @Override
    public List<Problem> checkEntry(EntryInvocation invocation) {
        return runner().checkEntry(invocation);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (runner != null) {
            runner.close();
        }
    }
}
