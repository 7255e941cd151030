package dev.llmops.flow;

import dev.llmops.error.ConfigException;
import dev.llmops.error.Problem;
import dev.llmops.yaml.YLocation;
import dev.llmops.yaml.YNode;
import dev.llmops.yaml.YNode.YList;
import dev.llmops.yaml.YNode.YMap;
import dev.llmops.yaml.YNode.YScalar;
import dev.llmops.yaml.YamlReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Turns a {@code flow.dag.yaml} into a {@link Flow}, collecting every problem with its line. */
final class DagFlowParser {

    private final Path file;
    private final Path dir;
    private final List<Problem> problems = new ArrayList<>();
    private final NodeParser nodeParser;

    DagFlowParser(Path file) {
        this.file = file.toAbsolutePath().normalize();
        this.dir = this.file.getParent();
        this.nodeParser = new NodeParser(this.file, problems);
    }

    Flow parse() {
        YNode root = YamlReader.read(file)
                .orElseThrow(
                        () -> ConfigException.at(file, 0, 0, "flow file is empty", "add inputs, outputs and nodes"));
        if (!(root instanceof YMap map)) {
            throw ConfigException.at(
                    file, root.location().line(), root.location().column(), "a flow must be a YAML mapping", null);
        }
        Map<String, FlowInput> inputs = inputs(map.get("inputs"));
        Map<String, FlowOutput> outputs = outputs(map.get("outputs"));
        Map<String, NodeVariants> variants = new LinkedHashMap<>();
        Map<String, Map<String, Node>> variantNodes = new LinkedHashMap<>();
        if (map.get("node_variants") instanceof YMap nv) {
            nv.entries().forEach((name, body) -> variants(name, body, variants, variantNodes));
        }
        List<Node> nodes = new ArrayList<>();
        YNode nodesNode = map.get("nodes");
        if (nodesNode instanceof YList list) {
            for (YNode item : list.items()) {
                node(item, variants, variantNodes).ifPresent(nodes::add);
            }
        } else {
            problems.add(at(
                    nodesNode == null ? map.location() : nodesNode.location(),
                    "a flow needs a 'nodes' list",
                    "add nodes: - name: ..."));
        }
        List<String> used = nodes.stream().map(Node::name).toList();
        variantNodes.keySet().stream()
                .filter(n -> !used.contains(n))
                .forEach(n -> problems.add(Problem.error(
                        file,
                        0,
                        0,
                        "node_variants declares '" + n + "' but no node of that name has use_variants: true",
                        "add the node or remove its variants")));
        // Variant nodes missing from use_variants nodes are not executable.
        variantNodes.keySet().retainAll(used);
        Map<String, String> env = new LinkedHashMap<>();
        if (map.get("environment_variables") instanceof YMap ev) {
            ev.entries().forEach((k, v) -> env.put(k, v.toPlain() == null ? "" : String.valueOf(v.toPlain())));
        }
        Flow flow = new Flow(
                dir.getFileName() == null ? "flow" : dir.getFileName().toString(),
                dir,
                file,
                inputs,
                outputs,
                nodes,
                variants,
                variantNodes,
                env);
        problems.addAll(new FlowValidator(flow).validate());
        if (problems.stream().anyMatch(Problem::isError)) {
            throw new ConfigException(problems);
        }
        return flow;
    }

    private Map<String, FlowInput> inputs(YNode node) {
        Map<String, FlowInput> out = new LinkedHashMap<>();
        if (node == null || node instanceof YScalar s && s.isNull()) {
            return out;
        }
        if (!(node instanceof YMap map)) {
            problems.add(at(node.location(), "'inputs' must be a mapping of input name to {type, default}", null));
            return out;
        }
        map.entries().forEach((name, def) -> {
            if (!(def instanceof YMap m)) {
                problems.add(at(
                        def.location(),
                        "input '" + name + "' must be a mapping with a 'type'",
                        "e.g. " + name + ": {type: string}"));
                return;
            }
            String typeText = text(m.get("type"));
            InputType type =
                    InputType.fromYaml(typeText == null ? "string" : typeText).orElse(null);
            if (type == null) {
                problems.add(at(
                        m.get("type").location(),
                        "input '" + name + "' has unknown type '" + typeText + "'",
                        "use string, int, double, bool, list, object or image"));
                return;
            }
            boolean hasDefault = m.has("default");
            out.put(
                    name,
                    new FlowInput(
                            name,
                            type,
                            hasDefault ? m.get("default").toPlain() : null,
                            hasDefault,
                            text(m.get("description")),
                            bool(m.get("is_chat_input")),
                            bool(m.get("is_chat_history"))));
        });
        return out;
    }

    private Map<String, FlowOutput> outputs(YNode node) {
        Map<String, FlowOutput> out = new LinkedHashMap<>();
        if (node == null || node instanceof YScalar s && s.isNull()) {
            return out;
        }
        if (!(node instanceof YMap map)) {
            problems.add(at(node.location(), "'outputs' must be a mapping of output name to {type, reference}", null));
            return out;
        }
        map.entries().forEach((name, def) -> {
            if (!(def instanceof YMap m) || !m.has("reference")) {
                problems.add(at(
                        def.location(),
                        "output '" + name + "' needs a 'reference'",
                        "e.g. reference: ${my_node.output}"));
                return;
            }
            nodeParser
                    .ref(m.get("reference"), "output '" + name + "'")
                    .ifPresent(r -> out.put(
                            name,
                            new FlowOutput(
                                    name,
                                    text(m.get("type")),
                                    r,
                                    bool(m.get("is_chat_output")),
                                    bool(m.get("evaluation_only")))));
        });
        return out;
    }

    private void variants(
            String nodeName,
            YNode body,
            Map<String, NodeVariants> variants,
            Map<String, Map<String, Node>> variantNodes) {
        if (!(body instanceof YMap m)) {
            problems.add(at(body.location(), "node_variants." + nodeName + " must be a mapping", null));
            return;
        }
        String defaultId = text(m.get("default_variant_id"));
        if (defaultId == null) {
            problems.add(at(
                    m.location(),
                    "node_variants." + nodeName + " has no default_variant_id",
                    "add default_variant_id: <one of its variants>"));
        }
        List<String> ids = new ArrayList<>();
        Map<String, Node> bodies = new LinkedHashMap<>();
        if (m.get("variants") instanceof YMap vs) {
            vs.entries().forEach((vid, v) -> {
                ids.add(vid);
                YNode nodeBody = v instanceof YMap vm ? vm.get("node") : null;
                if (!(nodeBody instanceof YMap nb)) {
                    problems.add(at(
                            v.location(),
                            "variant '" + vid + "' of node '" + nodeName + "' needs a 'node' mapping",
                            "write variants: {" + vid + ": {node: {type: llm, source: ..., inputs: ...}}}"));
                    return;
                }
                nodeParser
                        .body(nodeName, nb, "variant '" + vid + "' of node '" + nodeName + "'")
                        .ifPresent(n -> bodies.put(vid, n));
            });
        }
        if (defaultId != null && !ids.contains(defaultId)) {
            problems.add(at(
                    m.get("default_variant_id").location(),
                    "default_variant_id '" + defaultId + "' of node '" + nodeName + "' is not one of its variants "
                            + ids,
                    null));
        }
        variants.put(nodeName, new NodeVariants(defaultId, ids));
        if (!ids.isEmpty()) {
            variantNodes.put(nodeName, bodies);
        }
    }

    private Optional<Node> node(
            YNode item, Map<String, NodeVariants> variants, Map<String, Map<String, Node>> variantNodes) {
        if (!(item instanceof YMap m)) {
            problems.add(at(item.location(), "each node must be a mapping with name and type", null));
            return Optional.empty();
        }
        String name = text(m.get("name"));
        if (name == null || name.isBlank()) {
            problems.add(at(m.location(), "node has no name", "add name: <node name>"));
            return Optional.empty();
        }
        if (bool(m.get("use_variants"))) {
            NodeVariants nv = variants.get(name);
            Map<String, Node> bodies = variantNodes.get(name);
            if (nv == null || bodies == null) {
                problems.add(at(
                        m.location(),
                        "node '" + name + "' has use_variants: true but node_variants has no variants for it",
                        "add node_variants." + name));
                return Optional.empty();
            }
            return Optional.ofNullable(bodies.get(nv.defaultVariantId()));
        }
        return nodeParser.body(name, m, "node '" + name + "'");
    }

    private Problem at(YLocation loc, String message, String hint) {
        return Problem.error(file, loc.line(), loc.column(), message, hint);
    }

    private static String text(YNode node) {
        return node instanceof YScalar s && !s.isNull() ? s.asText() : null;
    }

    private static boolean bool(YNode node) {
        return node instanceof YScalar s && (Boolean.TRUE.equals(s.value()) || "true".equalsIgnoreCase(s.asText()));
    }
}
