package dev.llmops.flow;

import dev.llmops.llm.TokenUsage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One aggregation step: aggregation nodes in dependency order, once, with line values gathered into lists.
 * Values of bypassed line nodes appear as null entries.
 */
final class Aggregation {

    private final List<Node> nodes;
    private final NodeScheduler scheduler;

    Aggregation(List<Node> nodes, NodeScheduler scheduler) {
        this.nodes = nodes;
        this.scheduler = scheduler;
    }

    AggregationResult run(List<LineResult.Success> lines) {
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        Map<String, Object> metrics = new LinkedHashMap<>();
        List<String> aggregationNames = nodes.stream().map(Node::name).toList();
        for (Node node : nodes) {
            // Line-level references become one list entry per succeeded line; aggregation references stay whole.
            Map<String, Object> listed = new LinkedHashMap<>();
            Map<String, ValueRef> rewritten = new LinkedHashMap<>();
            for (Map.Entry<String, ValueRef> e : node.inputs().entrySet()) {
                ValueRef ref = e.getValue();
                boolean lineLevel = ref instanceof ValueRef.InputRef
                        || ref instanceof ValueRef.NodeRef r && !aggregationNames.contains(r.node());
                if (lineLevel) {
                    listed.put(e.getKey(), column(ref, lines));
                    rewritten.put(e.getKey(), new ValueRef.InputRef(e.getKey(), List.of()));
                } else {
                    rewritten.put(e.getKey(), ref);
                }
            }
            Node view = withInputs(node, rewritten);
            Outcome o = scheduler.step(view, listed, name -> outcomes.getOrDefault(name, lineOutcome()));
            outcomes.put(node.name(), o);
            if (o instanceof Outcome.Ran r) {
                metrics.putAll(r.value().metrics());
            }
        }
        List<NodeTrace> traces = new ArrayList<>();
        Map<String, Object> outputs = new LinkedHashMap<>();
        Optional<ExecutionError> failure = Optional.empty();
        for (Map.Entry<String, Outcome> e : outcomes.entrySet()) {
            switch (e.getValue()) {
                case Outcome.Ran r -> {
                    traces.add(r.trace());
                    outputs.put(e.getKey(), r.value().output());
                }
                case Outcome.Bypassed b -> {
                    traces.add(b.trace());
                    outputs.put(e.getKey(), null);
                }
                case Outcome.Failed f -> {
                    traces.add(f.trace());
                    if (failure.isEmpty()) {
                        failure = Optional.of(f.error());
                    }
                }
                case Outcome.NotRun n -> {}
            }
        }
        TokenUsage tokens = traces.stream().map(NodeTrace::tokens).reduce(TokenUsage.ZERO, TokenUsage::plus);
        return new AggregationResult(metrics, outputs, traces, tokens, failure);
    }

    /** Line-level nodes count as run for dependency checks; their values arrive through the listed inputs. */
    private static Outcome lineOutcome() {
        return new Outcome.Ran(NodeValue.of(null), null);
    }

    private static List<Object> column(ValueRef ref, List<LineResult.Success> lines) {
        List<Object> out = new ArrayList<>(lines.size());
        for (LineResult.Success line : lines) {
            out.add(
                    switch (ref) {
                        case ValueRef.InputRef r ->
                            ValueRef.select(line.inputs().get(r.name()), r.path(), "input " + r.name());
                        case ValueRef.NodeRef r -> {
                            Object v = line.nodeOutputs().get(r.node());
                            yield v == null ? null : ValueRef.select(v, r.path(), "output of " + r.node());
                        }
                        case ValueRef.Literal l -> l.value();
                    });
        }
        return out;
    }

    private static Node withInputs(Node n, Map<String, ValueRef> inputs) {
        return switch (n) {
            case LlmNode l ->
                new LlmNode(
                        l.name(),
                        inputs,
                        l.activate(),
                        true,
                        l.location(),
                        l.source(),
                        l.template(),
                        l.api(),
                        l.connection(),
                        l.prompty());
            case PromptNode p ->
                new PromptNode(p.name(), inputs, p.activate(), true, p.location(), p.source(), p.template());
            case PythonNode p -> new PythonNode(p.name(), inputs, p.activate(), true, p.location(), p.source());
            case JavaNode j ->
                new JavaNode(j.name(), inputs, j.activate(), true, j.location(), j.source(), j.sourceType());
            case FlexNode f -> f; // never an aggregation node: a flex flow aggregates through its entry
        };
    }
}
