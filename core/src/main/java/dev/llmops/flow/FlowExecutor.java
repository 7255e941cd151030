package dev.llmops.flow;

import dev.llmops.error.ConfigException;
import dev.llmops.error.Problem;
import dev.llmops.flow.template.TemplateException;
import dev.llmops.flow.template.TemplateRenderer;
import dev.llmops.llm.TokenUsage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs lines of one flow with one variant selection. Nodes of a line start as soon as the nodes they reference
 * are done, so independent nodes run concurrently on the runtime's executor. Thread-safe: one executor serves
 * every line of a run.
 */
public final class FlowExecutor {

    private static final Pattern CONNECTION_REF = Pattern.compile("^\\$\\{([^.{}]+)\\.([^{}]+)}$");

    private final Flow flow;
    private final FlowRuntime runtime;
    private final LineGraph lineGraph;
    private final List<Node> aggregationNodes;
    private final Map<String, Node> byName = new LinkedHashMap<>();
    private final NodeInvoker invoker;
    private final NodeScheduler scheduler;

    /**
     * Applies the variant selection and parses every template once.
     *
     * @throws ConfigException when the selection names an unknown node or variant, a template has a syntax
     *     error, or an {@code environment_variables} value references an unknown connection
     */
    public FlowExecutor(Flow flow, VariantSelection selection, FlowRuntime runtime) {
        this.flow = flow;
        this.runtime = runtime;
        List<Node> nodes = flow.nodesFor(selection);
        nodes.forEach(n -> byName.put(n.name(), n));
        List<Node> ordered = FlowGraph.topologicalOrder(nodes)
                .orElseThrow(() -> ConfigException.at(flow.file(), 0, 0, "nodes form a cycle", null));
        this.lineGraph =
                new LineGraph(ordered.stream().filter(n -> !n.aggregation()).toList());
        this.aggregationNodes = ordered.stream().filter(Node::aggregation).toList();
        Map<String, String> environment = new LinkedHashMap<>(runtime.environment());
        environment.putAll(resolveEnvironment());
        TemplateRenderer renderer = new TemplateRenderer();
        compileTemplates(nodes, renderer);
        this.invoker = new NodeInvoker(flow, runtime, environment, new LlmInvoker(runtime, environment, renderer));
        this.scheduler = new NodeScheduler(invoker);
    }

    public Flow flow() {
        return flow;
    }

    /**
     * Checks that every connection the selected nodes name exists, so a run fails before its first line.
     *
     * @throws ConfigException listing each missing connection and the node using it
     */
    public void validateConnections() {
        List<Problem> problems = new ArrayList<>();
        byName.values().forEach(n -> {
            String connection = n instanceof LlmNode l
                    ? (l.connection() != null
                            ? l.connection()
                            : l.prompty()
                                    .flatMap(p -> p.model().connectionName())
                                    .orElse(null))
                    : null;
            if (connection != null && runtime.connections().config(connection).isEmpty()) {
                problems.add(Problem.error(
                        n.location().file(),
                        n.location().line(),
                        n.location().column(),
                        "node '" + n.name() + "' uses connection '" + connection + "', which is not defined",
                        "define it in the experiment's connections, or pass --connection " + connection
                                + "=connection.yaml"));
            }
        });
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    /**
     * Runs one line. Never throws for a failing node or a bad input: the line ends as a {@link
     * LineResult.Failure} naming the node and the reason.
     */
    public LineResult executeLine(int lineNumber, Map<String, Object> inputs) {
        return executeLine(lineNumber, inputs, null);
    }

    /**
     * Runs one line whose {@code stream} node hands its answer to {@code stream} piece by piece, and whose other
     * outputs go to {@link LineStream#others} as soon as every other node is done (Prompt Flow's order: the other
     * outputs first, then the stream). The result is the same as {@link #executeLine(int, Map)}'s: the streamed
     * node's output is its whole answer. A null {@code stream} is a line like any other.
     *
     * @throws IllegalArgumentException when the flow has no line node named {@link LineStream#node}
     */
    public LineResult executeLine(int lineNumber, Map<String, Object> inputs, LineStream stream) {
        long start = System.nanoTime();
        if (stream != null && !lineGraph.names().contains(stream.node())) {
            throw new IllegalArgumentException("the flow has no node '" + stream.node() + "' to stream");
        }
        Map<String, Object> coerced;
        try {
            coerced = InputCoercion.apply(flow.inputs(), inputs);
        } catch (IllegalArgumentException e) {
            return new LineResult.Failure(
                    lineNumber, inputs, e.getMessage(), null, null, List.of(), TokenUsage.ZERO, millisSince(start));
        }
        Map<String, Outcome> outcomes;
        try {
            outcomes = stream == null
                    ? lineGraph.run(scheduler, coerced, runtime.executor())
                    : lineGraph.run(
                            scheduler,
                            coerced,
                            runtime.executor(),
                            stream,
                            StreamedOutputs.listener(flow, lineGraph.names(), stream, coerced));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new LineResult.Failure(
                    lineNumber,
                    coerced,
                    "the line was interrupted",
                    null,
                    null,
                    List.of(),
                    TokenUsage.ZERO,
                    millisSince(start));
        }
        return lineResult(lineNumber, coerced, outcomes, start);
    }

    static Object outputValue(
            FlowOutput out, Map<String, Object> inputs, java.util.function.Function<String, Outcome> outcomes) {
        return switch (out.reference()) {
            case ValueRef.Literal l -> l.value();
            case ValueRef.InputRef r -> ValueRef.select(inputs.get(r.name()), r.path(), "input " + r.name());
            case ValueRef.NodeRef r ->
                outcomes.apply(r.node()) instanceof Outcome.Ran ran
                        ? ValueRef.select(ran.value().output(), r.path(), "output of " + r.node())
                        : null;
        };
    }

    private LineResult lineResult(
            int lineNumber, Map<String, Object> inputs, Map<String, Outcome> outcomes, long start) {
        List<NodeTrace> traces = traces(outcomes);
        TokenUsage tokens = traces.stream().map(NodeTrace::tokens).reduce(TokenUsage.ZERO, TokenUsage::plus);
        for (Outcome o : outcomes.values()) {
            if (o instanceof Outcome.Failed f) {
                return new LineResult.Failure(
                        lineNumber,
                        inputs,
                        "node '" + f.error().node() + "' failed: " + f.error().message(),
                        f.error().node(),
                        f.error().detail(),
                        traces,
                        tokens,
                        millisSince(start));
            }
        }
        Map<String, Object> nodeOutputs = new LinkedHashMap<>();
        outcomes.forEach((name, o) ->
                nodeOutputs.put(name, o instanceof Outcome.Ran r ? r.value().output() : null));
        Map<String, Object> outputs = new LinkedHashMap<>();
        if (flexOutputs(outcomes, outputs)) {
            return new LineResult.Success(lineNumber, inputs, outputs, nodeOutputs, traces, tokens, millisSince(start));
        }
        for (FlowOutput out : flow.outputs().values()) {
            try {
                outputs.put(out.name(), outputValue(out, inputs, outcomes::get));
            } catch (IllegalArgumentException e) {
                return new LineResult.Failure(
                        lineNumber,
                        inputs,
                        "flow output '" + out.name() + "': " + e.getMessage(),
                        null,
                        null,
                        traces,
                        tokens,
                        millisSince(start));
            }
        }
        return new LineResult.Success(lineNumber, inputs, outputs, nodeOutputs, traces, tokens, millisSince(start));
    }

    /** A flex entry's outputs are what it returned (the worker turned a non-mapping into {@code output}). */
    @SuppressWarnings("unchecked")
    private boolean flexOutputs(Map<String, Outcome> outcomes, Map<String, Object> outputs) {
        if (flow.flex().isEmpty()) {
            return false;
        }
        Object value = outcomes.get(flow.flex().get().name()) instanceof Outcome.Ran ran
                ? ran.value().output()
                : null;
        if (value instanceof Map<?, ?> m) {
            outputs.putAll((Map<String, Object>) m);
        } else {
            outputs.put("output", value);
        }
        return true;
    }

    /**
     * Loads a flex flow's entry and builds a class entry's instance now, so that a server can say it is ready only
     * once the first line would not wait for them; nothing for other flows.
     *
     * @throws dev.llmops.flow.tool.ToolException when the entry does not load or its constructor raised
     */
    public void warm() {
        if (invoker.flex() != null) {
            invoker.flex().warm();
        }
    }

    /** Whether {@link #aggregate} has work: aggregation nodes, or a flex class entry with {@code __aggregate__}. */
    public boolean hasAggregation() {
        return !aggregationNodes.isEmpty()
                || flow.flex()
                        .map(f -> f.entry().isClass() && f.entry().hasAggregate())
                        .orElse(false);
    }

    /**
     * Runs one node alone, as {@code pf flow test --node} does. Inputs are looked up by the node's input name,
     * then by flow input name for {@code ${inputs.x}}, then as {@code "node.output"} for node references; flow
     * input defaults apply. The result's outputs hold the node's output under its name.
     *
     * @throws ConfigException when there is no such node
     */
    public LineResult executeNode(String nodeName, Map<String, Object> given) {
        long start = System.nanoTime();
        Node node = byName.get(nodeName);
        if (node == null) {
            throw ConfigException.at(
                    flow.file(), 0, 0, "the flow has no node '" + nodeName + "'", "nodes: " + byName.keySet());
        }
        Map<String, Object> resolved = new LinkedHashMap<>();
        try {
            node.inputs().forEach((k, ref) -> resolved.put(k, singleNodeInput(k, ref, given)));
        } catch (IllegalArgumentException e) {
            return new LineResult.Failure(
                    0, given, e.getMessage(), nodeName, null, List.of(), TokenUsage.ZERO, millisSince(start));
        }
        Outcome outcome = scheduler.run(node, resolved);
        Map<String, Outcome> outcomes = Map.of(nodeName, outcome);
        List<NodeTrace> traces = traces(outcomes);
        TokenUsage tokens = traces.stream().map(NodeTrace::tokens).reduce(TokenUsage.ZERO, TokenUsage::plus);
        if (outcome instanceof Outcome.Failed f) {
            return new LineResult.Failure(
                    0,
                    resolved,
                    "node '" + nodeName + "' failed: " + f.error().message(),
                    nodeName,
                    f.error().detail(),
                    traces,
                    tokens,
                    millisSince(start));
        }
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put(nodeName, ((Outcome.Ran) outcome).value().output());
        return new LineResult.Success(0, resolved, outputs, outputs, traces, tokens, millisSince(start));
    }

    private Object singleNodeInput(String key, ValueRef ref, Map<String, Object> given) {
        if (given.containsKey(key)) {
            return given.get(key);
        }
        return switch (ref) {
            case ValueRef.Literal l -> l.value();
            case ValueRef.InputRef r -> {
                FlowInput in = flow.inputs().get(r.name());
                if (given.containsKey(r.name())) {
                    yield ValueRef.select(InputCoercion.coerce(in, given.get(r.name())), r.path(), "input " + r.name());
                }
                if (in.hasDefault()) {
                    yield ValueRef.select(in.defaultValue(), r.path(), "input " + r.name());
                }
                throw new IllegalArgumentException("node input '" + key + "' needs flow input '" + r.name()
                        + "'; give --inputs " + r.name() + "=VALUE");
            }
            case ValueRef.NodeRef r -> {
                String k = r.node() + ".output";
                if (!given.containsKey(k)) {
                    throw new IllegalArgumentException("node input '" + key + "' comes from ${" + k
                            + "}; give --inputs " + key + "=VALUE (or " + k + "=VALUE)");
                }
                yield ValueRef.select(given.get(k), r.path(), "output of " + r.node());
            }
        };
    }

    /**
     * Runs the aggregation nodes once over the lines that succeeded, in line-number order: inputs referencing
     * line values receive lists of them. Metrics are what the tools logged. When no line succeeded there is
     * nothing to aggregate and the result is empty.
     */
    public AggregationResult aggregate(List<LineResult> lines) {
        if (!hasAggregation()) {
            return AggregationResult.empty();
        }
        List<LineResult.Success> ok = lines.stream()
                .filter(LineResult.Success.class::isInstance)
                .map(LineResult.Success.class::cast)
                .sorted((a, b) -> Integer.compare(a.lineNumber(), b.lineNumber()))
                .toList();
        if (ok.isEmpty()) {
            return AggregationResult.empty();
        }
        if (invoker.flex() != null) {
            // __aggregate__ receives the line outputs, as Prompt Flow passes them.
            return invoker.flex()
                    .aggregate(ok.stream().map(LineResult.Success::outputs).toList());
        }
        return new Aggregation(aggregationNodes, scheduler).run(ok);
    }

    private static List<NodeTrace> traces(Map<String, Outcome> outcomes) {
        List<NodeTrace> traces = new ArrayList<>();
        outcomes.values().forEach(o -> {
            switch (o) {
                case Outcome.Ran r -> {
                    traces.add(r.trace());
                    traces.addAll(r.value().spans());
                }
                case Outcome.Bypassed b -> traces.add(b.trace());
                case Outcome.Failed f -> traces.add(f.trace());
                case Outcome.NotRun n -> {}
            }
        });
        return traces;
    }

    private Map<String, String> resolveEnvironment() {
        Map<String, String> out = new LinkedHashMap<>();
        flow.environmentVariables().forEach((k, v) -> {
            Matcher m = CONNECTION_REF.matcher(v.strip());
            if (!m.matches() || m.group(1).equals("env")) {
                out.put(k, v);
                return;
            }
            String value = runtime.connections()
                    .config(m.group(1))
                    .map(c -> c.property(m.group(2)))
                    .orElseThrow(() -> ConfigException.at(
                            flow.file(),
                            0,
                            0,
                            "environment variable " + k + " references " + v
                                    + ", but that connection or property is not defined",
                            "define connection '" + m.group(1) + "' with property '" + m.group(2) + "'"));
            out.put(k, value);
        });
        return out;
    }

    private static void compileTemplates(List<Node> nodes, TemplateRenderer renderer) {
        List<Problem> problems = templateProblems(nodes, renderer);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    /**
     * Compiles the templates of llm and prompt nodes into {@code renderer}: the problems of each (syntax errors, an
     * unknown filter), at the node. Run and validate both call it, so they refuse the same templates.
     */
    public static List<Problem> templateProblems(Collection<Node> nodes, TemplateRenderer renderer) {
        List<Problem> problems = new ArrayList<>();
        for (Node n : nodes) {
            String template =
                    switch (n) {
                        case LlmNode l -> l.template();
                        case PromptNode p -> p.template();
                        case PythonNode p -> null;
                        case JavaNode j -> null;
                        case FlexNode f -> null;
                    };
            if (template != null) {
                try {
                    renderer.compile(n.name(), template);
                } catch (TemplateException e) {
                    problems.add(Problem.error(
                            n.location().file(),
                            n.location().line(),
                            n.location().column(),
                            "node '" + n.name() + "': " + e.getMessage(),
                            "fix the Jinja2 syntax"));
                }
            }
        }
        return problems;
    }

    static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    static Instant now() {
        return Instant.now();
    }
}
