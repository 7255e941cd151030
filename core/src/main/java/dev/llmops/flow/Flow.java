package dev.llmops.flow;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded and validated flow: a {@code flow.dag.yaml} or a {@code .prompty} run as a one-node flow. Immutable.
 *
 * @param name the flow name (folder or prompty name)
 * @param dir the flow folder: tools run here and relative paths resolve against it
 * @param file the file the flow was read from
 * @param inputs declared inputs in file order
 * @param outputs declared outputs in file order
 * @param nodes the nodes with each variant node's default variant applied, in file order
 * @param variants the {@code node_variants} entries in file order
 * @param variantNodes for every variant node, each variant's node body by variant id
 * @param environmentVariables {@code environment_variables}, values as written ({@code ${conn.key}} allowed)
 */
public record Flow(
        String name,
        Path dir,
        Path file,
        Map<String, FlowInput> inputs,
        Map<String, FlowOutput> outputs,
        List<Node> nodes,
        Map<String, NodeVariants> variants,
        Map<String, Map<String, Node>> variantNodes,
        Map<String, String> environmentVariables) {

    public Flow {
        inputs = ordered(inputs);
        outputs = ordered(outputs);
        nodes = List.copyOf(nodes);
        variants = ordered(variants);
        Map<String, Map<String, Node>> copy = new LinkedHashMap<>();
        variantNodes.forEach((k, v) -> copy.put(k, ordered(v)));
        variantNodes = Collections.unmodifiableMap(copy);
        environmentVariables = ordered(environmentVariables);
    }

    /** The entry node when this is a flex flow ({@code flow.flex.yaml}); empty for DAG and prompty flows. */
    public Optional<FlexNode> flex() {
        return nodes.size() == 1 && nodes.getFirst() instanceof FlexNode f ? Optional.of(f) : Optional.empty();
    }

    /** Whether any node, in any variant, reads the named node's output (through an input or its activate condition). */
    public boolean isReadByNodes(String nodeName) {
        return nodes.stream().anyMatch(n -> FlowGraph.dependencies(n).contains(nodeName))
                || variantNodes.values().stream()
                        .flatMap(v -> v.values().stream())
                        .anyMatch(n -> FlowGraph.dependencies(n).contains(nodeName));
    }

    public Optional<Node> node(String nodeName) {
        return nodes.stream().filter(n -> n.name().equals(nodeName)).findFirst();
    }

    /** The nodes with the selection's variants applied; other variant nodes keep their default. */
    public List<Node> nodesFor(VariantSelection selection) {
        selection.validateAgainst(this);
        List<Node> out = new ArrayList<>(nodes.size());
        for (Node n : nodes) {
            String chosen = selection.variantOf(n.name()).orElse(null);
            out.add(chosen == null ? n : variantNodes.get(n.name()).get(chosen));
        }
        return out;
    }

    private static <V> Map<String, V> ordered(Map<String, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
