package dev.llmops.run.engine;

import dev.llmops.flow.Flow;
import dev.llmops.flow.LineResult;
import dev.llmops.flow.Node;
import dev.llmops.flow.ValueRef;
import dev.llmops.flow.VariantSelection;
import dev.llmops.llm.TokenUsage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which line values a flow's aggregation nodes read ({@code ${inputs.x}}, {@code ${node.output}}), so that each
 * line record keeps exactly those and aggregation can run from the store, after a resume too, without holding
 * any line in memory.
 */
final class AggregationPlan {

    private static final String INPUTS = "inputs";
    private static final String NODES = "nodes";

    private final Set<String> inputs;
    private final Set<String> nodes;

    private AggregationPlan(Set<String> inputs, Set<String> nodes) {
        this.inputs = inputs;
        this.nodes = nodes;
    }

    /** The plan for a flow, or empty when it has no aggregation node. */
    static Optional<AggregationPlan> of(Flow flow, VariantSelection selection) {
        List<Node> all = flow.nodesFor(selection);
        List<Node> aggregations = all.stream().filter(Node::aggregation).toList();
        if (aggregations.isEmpty()) {
            return Optional.empty();
        }
        Set<String> lineNodes = new LinkedHashSet<>();
        all.stream().filter(n -> !n.aggregation()).forEach(n -> lineNodes.add(n.name()));
        Set<String> inputs = new LinkedHashSet<>();
        Set<String> nodes = new LinkedHashSet<>();
        for (Node node : aggregations) {
            List<ValueRef> refs = new ArrayList<>(node.inputs().values());
            node.activate().ifPresent(a -> refs.add(a.when()));
            for (ValueRef ref : refs) {
                switch (ref) {
                    case ValueRef.InputRef in -> inputs.add(in.name());
                    case ValueRef.NodeRef nr -> {
                        if (lineNodes.contains(nr.node())) {
                            nodes.add(nr.node());
                        }
                    }
                    case ValueRef.Literal lit -> {}
                }
            }
        }
        return Optional.of(new AggregationPlan(inputs, nodes));
    }

    /** The values of one finished line that aggregation needs. */
    Map<String, Object> capture(LineResult.Success line) {
        Map<String, Object> in = new LinkedHashMap<>();
        inputs.forEach(name -> in.put(name, line.inputs().get(name)));
        Map<String, Object> out = new LinkedHashMap<>();
        nodes.forEach(name -> out.put(name, line.nodeOutputs().get(name)));
        Map<String, Object> captured = new LinkedHashMap<>();
        captured.put(INPUTS, in);
        captured.put(NODES, out);
        return captured;
    }

    /** A line result rebuilt from a stored record, carrying only what aggregation reads. */
    @SuppressWarnings("unchecked")
    static LineResult restore(int lineNumber, Map<String, Object> outputs, Map<String, Object> captured) {
        Map<String, Object> in =
                captured == null ? Map.of() : (Map<String, Object>) captured.getOrDefault(INPUTS, Map.of());
        Map<String, Object> nodeOutputs =
                captured == null ? Map.of() : (Map<String, Object>) captured.getOrDefault(NODES, Map.of());
        return new LineResult.Success(
                lineNumber, nullSafe(in), nullSafe(outputs), nullSafe(nodeOutputs), List.of(), TokenUsage.ZERO, 0);
    }

    private static Map<String, Object> nullSafe(Map<String, Object> map) {
        // LineResult copies its maps; copies of maps with null values must not fail.
        return map == null ? Map.of() : new LinkedHashMap<>(map);
    }
}
