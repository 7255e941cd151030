package dev.llmops.flow;

import dev.llmops.error.ConfigException;
import dev.llmops.error.Problem;
import dev.llmops.flow.prompty.Prompty;
import dev.llmops.flow.prompty.PromptyLoader;
import dev.llmops.flow.tool.ToolInvocation;
import dev.llmops.llm.LlmApi;
import dev.llmops.yaml.YLocation;
import dev.llmops.yaml.YNode;
import dev.llmops.yaml.YNode.YList;
import dev.llmops.yaml.YNode.YMap;
import dev.llmops.yaml.YNode.YScalar;
import dev.llmops.yaml.YamlReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Turns a {@code flow.dag.yaml} into a {@link Flow}, collecting every problem with its line. */
final class DagFlowParser {

    private final Path file;
    private final Path dir;
    private final List<Problem> problems = new ArrayList<>();
    private final PromptyLoader promptyLoader = new PromptyLoader();

    DagFlowParser(Path file) {
        this.file = file.toAbsolutePath().normalize();
        this.dir = this.file.getParent();
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
            ref(m.get("reference"), "output '" + name + "'")
                    .ifPresent(r ->
                            out.put(name, new FlowOutput(name, text(m.get("type")), r, bool(m.get("is_chat_output")))));
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
                nodeBody(nodeName, nb, "variant '" + vid + "' of node '" + nodeName + "'")
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
        return nodeBody(name, m, "node '" + name + "'");
    }

    private Optional<Node> nodeBody(String name, YMap m, String what) {
        YLocation loc = m.location();
        Map<String, ValueRef> inputs = new LinkedHashMap<>();
        if (m.get("inputs") instanceof YMap in) {
            in.entries().forEach((k, v) -> ref(v, what + " input '" + k + "'").ifPresent(r -> inputs.put(k, r)));
        } else if (m.has("inputs") && !(m.get("inputs") instanceof YScalar s && s.isNull())) {
            problems.add(at(m.get("inputs").location(), what + ": 'inputs' must be a mapping", null));
        }
        Optional<Activate> activate = Optional.empty();
        if (m.get("activate") instanceof YMap a) {
            if (!a.has("when") || !a.has("is")) {
                problems.add(at(
                        a.location(),
                        what + ": activate needs 'when' and 'is'",
                        "e.g. activate: {when: ${check.output}, is: true}"));
            } else {
                Optional<ValueRef> when = ref(a.get("when"), what + " activate.when");
                if (when.isPresent() && when.get() instanceof ValueRef.Literal) {
                    problems.add(at(
                            a.get("when").location(),
                            what + ": activate.when must be a reference like ${node.output}",
                            null));
                }
                activate = when.map(w -> new Activate(w, a.get("is").toPlain()));
            }
        }
        boolean aggregation = bool(m.get("aggregation")) || bool(m.get("reduce"));
        String type = Optional.ofNullable(text(m.get("type")))
                .map(t -> t.toLowerCase(Locale.ROOT))
                .orElse(null);
        YMap source = m.get("source") instanceof YMap s ? s : null;
        String sourceType = source == null ? null : text(source.get("type"));
        String sourcePath = source == null ? null : text(source.get("path"));
        if (type == null) {
            problems.add(at(loc, what + " has no type", "use type: llm, prompt, python or java"));
            return Optional.empty();
        }
        if (source == null || sourcePath == null) {
            problems.add(at(loc, what + " has no source path", "add source: {type: code, path: <file>}"));
            return Optional.empty();
        }
        if ("package".equals(sourceType) || "package_with_prompt".equals(sourceType)) {
            problems.add(at(
                    source.location(),
                    what + " uses a package tool (" + text(source.get("tool")) + "), which the JVM runtime cannot load",
                    "use a python or java code tool"));
            return Optional.empty();
        }
        Optional<Activate> act = activate;
        return switch (type) {
            case "llm" -> llm(name, m, inputs, act, aggregation, loc, sourcePath, what);
            case "prompt" ->
                readTemplate(sourcePath, source, what)
                        .map(t -> new PromptNode(name, inputs, act, aggregation, loc, resolve(sourcePath), t));
            case "python" ->
                checkExists(sourcePath, source, what)
                        ? Optional.of(new PythonNode(name, inputs, act, aggregation, loc, sourcePath))
                        : Optional.empty();
            case "java" -> java(name, inputs, act, aggregation, loc, source, sourceType, sourcePath, what);
            default -> {
                problems.add(at(
                        m.get("type").location(),
                        what + " has unsupported type '" + type + "'",
                        "use llm, prompt, python or java"));
                yield Optional.empty();
            }
        };
    }

    private Optional<Node> llm(
            String name,
            YMap m,
            Map<String, ValueRef> inputs,
            Optional<Activate> activate,
            boolean aggregation,
            YLocation loc,
            String sourcePath,
            String what) {
        String apiText = Optional.ofNullable(text(m.get("api"))).orElse("chat").toLowerCase(Locale.ROOT);
        LlmApi api;
        switch (apiText) {
            case "chat" -> api = LlmApi.CHAT;
            case "completion" -> api = LlmApi.COMPLETION;
            default -> {
                problems.add(at(
                        m.get("api").location(),
                        what + " has unsupported api '" + apiText + "'",
                        "use chat or completion"));
                return Optional.empty();
            }
        }
        String connection = text(m.get("connection"));
        YMap source = (YMap) m.get("source");
        if (sourcePath.toLowerCase(Locale.ROOT).endsWith(".prompty")) {
            if (!checkExists(sourcePath, source, what)) {
                return Optional.empty();
            }
            try {
                Prompty p = promptyLoader.load(resolve(sourcePath));
                return Optional.of(new LlmNode(
                        name,
                        inputs,
                        activate,
                        aggregation,
                        loc,
                        resolve(sourcePath),
                        p.template(),
                        p.api(),
                        connection,
                        Optional.of(p)));
            } catch (ConfigException e) {
                problems.addAll(e.problems());
                return Optional.empty();
            }
        }
        if (connection == null) {
            problems.add(at(
                    loc,
                    what + " is an llm node without a connection",
                    "add connection: <name of an AzureOpenAI or OpenAI connection>"));
        }
        return readTemplate(sourcePath, source, what)
                .map(t -> new LlmNode(
                        name,
                        inputs,
                        activate,
                        aggregation,
                        loc,
                        resolve(sourcePath),
                        t,
                        api,
                        connection,
                        Optional.empty()));
    }

    private Optional<Node> java(
            String name,
            Map<String, ValueRef> inputs,
            Optional<Activate> activate,
            boolean aggregation,
            YLocation loc,
            YMap source,
            String sourceType,
            String sourcePath,
            String what) {
        if ("class".equals(sourceType)) {
            return Optional.of(new JavaNode(
                    name, inputs, activate, aggregation, loc, sourcePath, ToolInvocation.SourceType.CLASS));
        }
        if (!checkExists(sourcePath, source, what)) {
            return Optional.empty();
        }
        return Optional.of(
                new JavaNode(name, inputs, activate, aggregation, loc, sourcePath, ToolInvocation.SourceType.CODE));
    }

    private Optional<String> readTemplate(String sourcePath, YMap source, String what) {
        if (!checkExists(sourcePath, source, what)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(resolve(sourcePath), StandardCharsets.UTF_8));
        } catch (IOException e) {
            problems.add(at(source.location(), what + ": cannot read " + sourcePath + ": " + e.getMessage(), null));
            return Optional.empty();
        }
    }

    private boolean checkExists(String sourcePath, YMap source, String what) {
        if (Files.isRegularFile(resolve(sourcePath))) {
            return true;
        }
        YNode pathNode = source.get("path");
        problems.add(at(
                pathNode == null ? source.location() : pathNode.location(),
                what + ": source file '" + sourcePath + "' does not exist in " + dir,
                "fix source.path (it is relative to the flow folder)"));
        return false;
    }

    private Optional<ValueRef> ref(YNode node, String what) {
        try {
            return Optional.of(ValueRef.parse(node.toPlain()));
        } catch (IllegalArgumentException e) {
            problems.add(at(node.location(), what + ": " + e.getMessage(), null));
            return Optional.empty();
        }
    }

    private Path resolve(String path) {
        return dir.resolve(path).normalize();
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
