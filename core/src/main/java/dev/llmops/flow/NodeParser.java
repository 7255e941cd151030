package dev.llmops.flow;

import dev.llmops.error.ConfigException;
import dev.llmops.error.Problem;
import dev.llmops.expression.ReferenceSyntaxException;
import dev.llmops.flow.prompty.Prompty;
import dev.llmops.flow.prompty.PromptyLoader;
import dev.llmops.flow.tool.ToolInvocation;
import dev.llmops.llm.LlmApi;
import dev.llmops.yaml.YLocation;
import dev.llmops.yaml.YNode;
import dev.llmops.yaml.YNode.YMap;
import dev.llmops.yaml.YNode.YScalar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Parses one node body (a node or a variant's node) of a {@code flow.dag.yaml}, adding problems with lines. */
final class NodeParser {

    private final Path file;
    private final Path dir;
    private final List<Problem> problems;
    private final PromptyLoader promptyLoader = new PromptyLoader();

    NodeParser(Path file, List<Problem> problems) {
        this.file = file;
        this.dir = file.getParent();
        this.problems = problems;
    }

    Optional<Node> body(String name, YMap m, String what) {
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

    Optional<ValueRef> ref(YNode node, String what) {
        try {
            return Optional.of(ValueRef.parse(node.toPlain()));
        } catch (IllegalArgumentException e) {
            String hint = e instanceof ReferenceSyntaxException r ? r.hint() : null;
            problems.add(at(node.location(), what + ": " + e.getMessage(), hint));
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
