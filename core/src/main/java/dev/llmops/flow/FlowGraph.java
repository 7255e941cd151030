package dev.llmops.flow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Dependencies between nodes: what a node references through its inputs and its activate condition. */
final class FlowGraph {

    private FlowGraph() {}

    /** The names of nodes {@code node} references, in first-use order. */
    static Set<String> dependencies(Node node) {
        Set<String> out = new LinkedHashSet<>();
        node.inputs().values().forEach(v -> {
            if (v instanceof ValueRef.NodeRef r) {
                out.add(r.node());
            }
        });
        node.activate().ifPresent(a -> {
            if (a.when() instanceof ValueRef.NodeRef r) {
                out.add(r.node());
            }
        });
        return out;
    }

    /**
     * Orders nodes so that each comes after the nodes it references, keeping file order among independent ones.
     * References to unknown nodes are ignored here (the loader reports them).
     *
     * @return the order, or empty when there is a cycle
     */
    static Optional<List<Node>> topologicalOrder(List<Node> nodes) {
        Map<String, Node> byName = new LinkedHashMap<>();
        nodes.forEach(n -> byName.put(n.name(), n));
        List<Node> order = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        while (order.size() < nodes.size()) {
            boolean progressed = false;
            for (Node n : nodes) {
                if (done.contains(n.name())) {
                    continue;
                }
                boolean ready = dependencies(n).stream().allMatch(d -> done.contains(d) || !byName.containsKey(d));
                if (ready) {
                    order.add(n);
                    done.add(n.name());
                    progressed = true;
                }
            }
            if (!progressed) {
                return Optional.empty();
            }
        }
        return Optional.of(order);
    }

    /** One cycle among {@code nodes}, as node names {@code a -> b -> a}; empty when there is none. */
    static List<String> findCycle(List<Node> nodes) {
        Map<String, Node> byName = new LinkedHashMap<>();
        nodes.forEach(n -> byName.put(n.name(), n));
        Map<String, Integer> state = new LinkedHashMap<>();
        for (Node n : nodes) {
            List<String> path = new ArrayList<>();
            if (visit(n.name(), byName, state, path)) {
                return path;
            }
        }
        return List.of();
    }

    private static boolean visit(String name, Map<String, Node> byName, Map<String, Integer> state, List<String> path) {
        Integer s = state.get(name);
        if (s != null && s == 2) {
            return false;
        }
        if (s != null && s == 1) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(name), path.size()));
            cycle.add(name);
            path.clear();
            path.addAll(cycle);
            return true;
        }
        Node node = byName.get(name);
        if (node == null) {
            return false;
        }
        state.put(name, 1);
        path.add(name);
        for (String dep : dependencies(node)) {
            if (visit(dep, byName, state, path)) {
                return true;
            }
        }
        path.removeLast();
        state.put(name, 2);
        return false;
    }
}
