package dev.llmops.flow;

import dev.llmops.error.ConfigException;
import dev.llmops.flow.template.TemplateException;
import dev.llmops.flow.tool.ToolException;
import dev.llmops.flow.tool.ToolInvocation;
import dev.llmops.flow.tool.ToolResult;
import dev.llmops.flow.tool.ToolRunner;
import dev.llmops.llm.ConnectionConfig;
import dev.llmops.llm.LlmException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/** Runs one node of any kind with resolved inputs, and turns its failures into {@link ExecutionError}s. */
final class NodeInvoker {

    private final Flow flow;
    private final FlowRuntime runtime;
    private final Map<String, String> environment;
    private final LlmInvoker llm;
    private final FlexInvoker flex;

    NodeInvoker(Flow flow, FlowRuntime runtime, Map<String, String> environment, LlmInvoker llm) {
        this.flow = flow;
        this.runtime = runtime;
        this.environment = environment;
        this.llm = llm;
        this.flex = flow.flex()
                .map(f -> new FlexInvoker(f, runtime, environment, llm))
                .orElse(null);
    }

    /** The flex entry's invoker; null unless the flow is a flex flow. */
    FlexInvoker flex() {
        return flex;
    }

    /** Runs a node whose answer streams to {@code chunks}: an llm node or a flex entry; others run as usual. */
    NodeValue invoke(Node node, Map<String, Object> inputs, java.util.function.Consumer<String> chunks) {
        return observed(node, () -> switch (node) {
            case LlmNode l -> llm.llm(l, inputs, chunks);
            case FlexNode f -> flex.call(inputs, chunks);
            default -> run(node, inputs);
        });
    }

    NodeValue invoke(Node node, Map<String, Object> inputs) {
        return observed(node, () -> run(node, inputs));
    }

    private NodeValue observed(Node node, java.util.function.Supplier<NodeValue> body) {
        NodeObserver.Running running = runtime.nodes().started(node);
        NodeValue value;
        try {
            value = body.get();
        } catch (RuntimeException e) {
            running.finished(dev.llmops.llm.TokenUsage.ZERO, e.getMessage() == null ? e.toString() : e.getMessage());
            throw e;
        }
        running.finished(value.tokens(), null);
        return value;
    }

    private NodeValue run(Node node, Map<String, Object> inputs) {
        return switch (node) {
            case LlmNode l -> llm.llm(l, inputs);
            case PromptNode p -> llm.prompt(p, inputs);
            case PythonNode p -> tool(runtime.pythonTools(), node, p.source(), ToolInvocation.SourceType.CODE, inputs);
            case JavaNode j -> tool(runtime.javaTools(), node, j.source(), j.sourceType(), inputs);
            case FlexNode f -> flex.call(inputs);
        };
    }

    private NodeValue tool(
            ToolRunner runner, Node node, String source, ToolInvocation.SourceType type, Map<String, Object> inputs) {
        // A string input that names a connection also arrives as that connection, for tool parameters typed so.
        Map<String, ConnectionConfig> connections = new LinkedHashMap<>();
        inputs.forEach((k, v) -> {
            if (v instanceof String s && node.inputs().get(k) instanceof ValueRef.Literal) {
                runtime.connections().config(s).ifPresent(c -> connections.put(k, c));
            }
        });
        ToolResult result = runner.invoke(new ToolInvocation(
                node.name(), flow.dir(), source, type, inputs, connections, environment, node.aggregation()));
        return new NodeValue(result.output(), dev.llmops.llm.TokenUsage.ZERO, result.metrics());
    }

    static ExecutionError error(Node node, RuntimeException e) {
        return switch (e) {
            case ToolException te -> new ExecutionError(node.name(), te.getMessage(), te.detail());
            case LlmException le -> new ExecutionError(node.name(), le.getMessage(), null);
            case TemplateException te -> new ExecutionError(node.name(), te.getMessage(), null);
            case ConfigException ce ->
                new ExecutionError(
                        node.name(),
                        ce.problems().stream()
                                .map(p -> p.message() + (p.hint() == null ? "" : " (" + p.hint() + ")"))
                                .collect(java.util.stream.Collectors.joining("; ")),
                        null);
            case IllegalArgumentException ie -> new ExecutionError(node.name(), ie.getMessage(), null);
            default -> {
                StringWriter trace = new StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                yield new ExecutionError(node.name(), "unexpected error: " + e, trace.toString());
            }
        };
    }
}
