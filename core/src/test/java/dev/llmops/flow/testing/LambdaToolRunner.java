package dev.llmops.flow.testing;

import dev.llmops.flow.tool.ToolInvocation;
import dev.llmops.flow.tool.ToolResult;
import dev.llmops.flow.tool.ToolRunner;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A tool runner for tests: records invocations and answers with a function of the invocation. */
public final class LambdaToolRunner implements ToolRunner {

    private final Function<ToolInvocation, ToolResult> body;
    private final List<ToolInvocation> invocations = new CopyOnWriteArrayList<>();

    public LambdaToolRunner(Function<ToolInvocation, ToolResult> body) {
        this.body = body;
    }

    @Override
    public ToolResult invoke(ToolInvocation invocation) {
        invocations.add(invocation);
        return body.apply(invocation);
    }

    public List<ToolInvocation> invocations() {
        return List.copyOf(invocations);
    }

    @Override
    public void close() {}
}
