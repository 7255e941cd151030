package dev.llmops.flow;

import dev.llmops.error.ConfigException;
import dev.llmops.error.Problem;
import dev.llmops.flow.flex.FlexEntry;
import dev.llmops.flow.flex.FlexInit;
import dev.llmops.flow.tool.EntryInvocation;
import dev.llmops.flow.tool.ModelGateway;
import dev.llmops.flow.tool.ToolResult;
import dev.llmops.flow.tool.ToolRunner;
import dev.llmops.llm.ConnectionConfig;
import dev.llmops.llm.TokenUsage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Runs a flex flow's entry for {@link FlowExecutor}: resolves the init parameters once, calls the entry per line
 * and {@code __aggregate__} once per run, and serves the entry's model calls through a {@link FlexGateway}.
 * Thread-safe. Each executor has its own instance key, so a class entry is built once per worker per run.
 */
final class FlexInvoker {

    private final FlexNode node;
    private final FlowRuntime runtime;
    private final Map<String, String> environment;
    private final LlmInvoker llm;
    private final String instanceKey = UUID.randomUUID().toString();
    private final Map<String, Object> init;
    private final Map<String, String> initTypes = new LinkedHashMap<>();
    private final Map<String, ConnectionConfig> connections = new LinkedHashMap<>();
    private final Map<java.nio.file.Path, dev.llmops.flow.prompty.Prompty> prompties = FlexGateway.newPromptyCache();

    /**
     * @throws ConfigException when an init source is unreadable or names a connection that is not defined
     */
    FlexInvoker(FlexNode node, FlowRuntime runtime, Map<String, String> environment, LlmInvoker llm) {
        this.node = node;
        this.runtime = runtime;
        this.environment = environment;
        this.llm = llm;
        FlexEntry entry = node.entry();
        this.init = entry.isClass() ? FlexInit.resolve(entry, runtime.flex()) : Map.of();
        entry.init().values().forEach(p -> {
            if (p.type() != null) {
                initTypes.put(p.name(), p.type());
            }
        });
        collectConnections();
    }

    FlexEntry entry() {
        return node.entry();
    }

    Map<String, Object> init() {
        return init;
    }

    /** The names of connections the init parameters refer to, checked to exist. */
    private void collectConnections() {
        List<Problem> problems = new ArrayList<>();
        init.forEach((k, v) -> {
            String name = null;
            if (v instanceof Map<?, ?> m && m.get("connection") instanceof String s) {
                name = s;
            } else if (v instanceof String s && initTypes.getOrDefault(k, "").endsWith("Connection")) {
                name = s;
            }
            if (name != null) {
                String n = name;
                runtime.connections()
                        .config(n)
                        .ifPresentOrElse(
                                c -> connections.put(n, c),
                                () -> problems.add(Problem.error(
                                        node.entry().file(),
                                        node.location().line(),
                                        node.location().column(),
                                        "init parameter '" + k + "' of entry '"
                                                + node.entry().entry() + "' uses connection '" + n
                                                + "', which is not defined",
                                        "define it in the experiment's connections, or pass --connection " + n
                                                + "=connection.yaml")));
            }
        });
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    NodeValue call(Map<String, Object> inputs) {
        return call(inputs, null);
    }

    /** @param chunks where a generator entry's items go as it yields them; null to join them into the output */
    NodeValue call(Map<String, Object> inputs, java.util.function.Consumer<String> chunks) {
        FlexGateway gateway = gateway().streamingTo(chunks);
        ToolResult result = runner().invokeEntry(invocation(EntryInvocation.Op.CALL, inputs, List.of(), gateway));
        return new NodeValue(result.output(), gateway.tokens(), Map.of(), spans(result.spans()));
    }

    /**
     * Loads the entry and builds a class entry's instance for this executor now, in the worker the next line is
     * likely to reach, instead of on that line.
     *
     * @throws dev.llmops.flow.tool.ToolException when the entry does not load or its constructor raised
     */
    void warm() {
        runner().invokeEntry(invocation(EntryInvocation.Op.INIT, Map.of(), List.of(), gateway()));
    }

    /** {@code __aggregate__} over the outputs of the lines that succeeded; its dict is the run's metrics. */
    AggregationResult aggregate(List<Map<String, Object>> lineOutputs) {
        Instant start = Instant.now();
        long t0 = System.nanoTime();
        String name = node.name() + ".__aggregate__";
        FlexGateway gateway = gateway();
        try {
            ToolResult result =
                    runner().invokeEntry(invocation(EntryInvocation.Op.AGGREGATE, Map.of(), lineOutputs, gateway));
            NodeTrace trace = new NodeTrace(
                    name, NodeTrace.Status.COMPLETED, start, FlowExecutor.millisSince(t0), gateway.tokens(), null);
            return new AggregationResult(
                    result.metrics(), Map.of(), List.of(trace), gateway.tokens(), java.util.Optional.empty());
        } catch (RuntimeException e) {
            ExecutionError error = NodeInvoker.error(node, e);
            NodeTrace trace = new NodeTrace(
                    name,
                    NodeTrace.Status.FAILED,
                    start,
                    FlowExecutor.millisSince(t0),
                    gateway.tokens(),
                    error.message());
            return new AggregationResult(
                    Map.of(), Map.of(), List.of(trace), gateway.tokens(), java.util.Optional.of(error));
        }
    }

    private FlexGateway gateway() {
        return new FlexGateway(runtime, llm, node.entry().dir(), prompties, environment);
    }

    private EntryInvocation invocation(
            EntryInvocation.Op op,
            Map<String, Object> inputs,
            List<Map<String, Object>> lineResults,
            ModelGateway gateway) {
        FlexEntry e = node.entry();
        return new EntryInvocation(
                op,
                node.name(),
                e.dir(),
                e.module(),
                e.symbol(),
                e.source(),
                instanceKey,
                init,
                initTypes,
                inputs,
                lineResults,
                connections,
                environment,
                gateway,
                runtime.flex().loopback(),
                e.requirementsFile());
    }

    private ToolRunner runner() {
        return node.entry().language() == FlexEntry.Language.JAVA ? runtime.javaTools() : runtime.pythonTools();
    }

    private static List<NodeTrace> spans(List<ToolResult.Span> spans) {
        List<NodeTrace> out = new ArrayList<>();
        for (ToolResult.Span s : spans) {
            out.add(new NodeTrace(
                    s.name(),
                    s.error() == null ? NodeTrace.Status.COMPLETED : NodeTrace.Status.FAILED,
                    Instant.ofEpochMilli(s.startMillis()),
                    s.durationMillis(),
                    TokenUsage.ZERO,
                    s.error()));
        }
        return out;
    }
}
