package dev.llmops.flow;

import dev.llmops.error.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Load-time checks over the node graph: unknown inputs and nodes, line nodes that reference aggregation nodes,
 * duplicate names and cycles. Every variant is checked in place of its node's default.
 */
final class FlowValidator {

    private final Flow flow;

    FlowValidator(Flow flow) {
        this.flow = flow;
    }

    List<Problem> validate() {
        Set<Problem> problems = new LinkedHashSet<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Node n : flow.nodes()) {
            if (!seen.add(n.name())) {
                problems.add(at(n, "two nodes are named '" + n.name() + "'", "node names must be unique"));
            }
        }
        problems.addAll(check(flow.nodes(), ""));
        flow.variantNodes()
                .forEach((nodeName, bodies) -> bodies.forEach((vid, body) -> {
                    List<Node> nodes = new ArrayList<>();
                    flow.nodes().forEach(n -> nodes.add(n.name().equals(nodeName) ? body : n));
                    problems.addAll(check(nodes, " (variant " + vid + ")"));
                }));
        Map<String, Node> byName = byName(flow.nodes());
        flow.outputs().values().forEach(o -> {
            switch (o.reference()) {
                case ValueRef.InputRef r
                when !flow.inputs().containsKey(r.name()) ->
                    problems.add(Problem.error(
                            flow.file(),
                            0,
                            0,
                            "output '" + o.name() + "' references unknown input '" + r.name() + "'",
                            "declared inputs: " + flow.inputs().keySet()));
                case ValueRef.NodeRef r
                when !byName.containsKey(r.node()) ->
                    problems.add(Problem.error(
                            flow.file(),
                            0,
                            0,
                            "output '" + o.name() + "' references unknown node '" + r.node() + "'",
                            "nodes: " + byName.keySet()));
                case ValueRef.NodeRef r
                when byName.get(r.node()).aggregation() ->
                    problems.add(Problem.error(
                            flow.file(),
                            0,
                            0,
                            "output '" + o.name() + "' references aggregation node '" + r.node() + "'",
                            "flow outputs are per line; aggregation results are metrics"));
                default -> {}
            }
        });
        return new ArrayList<>(problems);
    }

    private List<Problem> check(List<Node> nodes, String variantNote) {
        List<Problem> problems = new ArrayList<>();
        Map<String, Node> byName = byName(nodes);
        for (Node n : nodes) {
            Map<String, ValueRef> refs = new LinkedHashMap<>(n.inputs());
            n.activate().ifPresent(a -> refs.put("activate.when", a.when()));
            refs.forEach((input, ref) -> {
                String where = "node '" + n.name() + "'" + variantNote + " input '" + input + "'";
                switch (ref) {
                    case ValueRef.InputRef r
                    when !flow.inputs().containsKey(r.name()) ->
                        problems.add(at(
                                n,
                                where + " references unknown flow input '" + r.name() + "'",
                                "declared inputs: " + flow.inputs().keySet()));
                    case ValueRef.NodeRef r
                    when r.node().equals(n.name()) -> problems.add(at(n, where + " references the node itself", null));
                    case ValueRef.NodeRef r
                    when !byName.containsKey(r.node()) ->
                        problems.add(at(
                                n, where + " references unknown node '" + r.node() + "'", "nodes: " + byName.keySet()));
                    case ValueRef.NodeRef r
                    when !n.aggregation() && byName.get(r.node()).aggregation() ->
                        problems.add(at(
                                n,
                                where + " references aggregation node '" + r.node() + "'",
                                "only aggregation nodes may use aggregation outputs"));
                    default -> {}
                }
            });
        }
        List<String> cycle = FlowGraph.findCycle(nodes);
        if (!cycle.isEmpty()) {
            problems.add(at(
                    byName.get(cycle.getFirst()),
                    "nodes form a cycle" + variantNote + ": " + String.join(" -> ", cycle),
                    "a node cannot depend on its own output, directly or through other nodes"));
        }
        return problems;
    }

    private static Map<String, Node> byName(List<Node> nodes) {
        Map<String, Node> out = new LinkedHashMap<>();
        nodes.forEach(n -> out.putIfAbsent(n.name(), n));
        return out;
    }

    private Problem at(Node n, String message, String hint) {
        return Problem.error(flow.file(), n.location().line(), n.location().column(), message, hint);
    }
}
