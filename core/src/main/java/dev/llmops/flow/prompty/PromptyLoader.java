package dev.llmops.flow.prompty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.error.ConfigException;
import dev.llmops.error.Problem;
import dev.llmops.flow.FlowInput;
import dev.llmops.flow.InputType;
import dev.llmops.llm.LlmApi;
import dev.llmops.yaml.YNode;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code .prompty} files: YAML front matter between {@code ---} lines, then a Jinja2 body. */
public final class PromptyLoader {

    private static final Pattern FRONT_MATTER =
            Pattern.compile("\\A-{3,}[ \\t]*\\r?\\n(.*?)\\r?\\n-{3,}[ \\t]*(?:\\r?\\n|\\z)(.*)\\z", Pattern.DOTALL);
    private static final Pattern FILE_REF = Pattern.compile("^\\$\\{file:(.+)}$");
    private final ObjectMapper json = new ObjectMapper();

    /** @throws ConfigException naming the file, line and field that is wrong */
    public Prompty load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ConfigException.at(file, 0, 0, "cannot read prompty: " + e.getMessage(), "check the path");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        Matcher m = FRONT_MATTER.matcher(text);
        if (!m.matches()) {
            throw ConfigException.at(
                    file,
                    1,
                    1,
                    "a prompty must start with YAML front matter between '---' lines",
                    "add '---', the model and inputs, '---', then the template");
        }
        // A leading newline keeps YAML line numbers equal to file line numbers (line 1 is the '---').
        YNode root = YamlReader.parse(file, "\n" + m.group(1)).orElse(null);
        String body = m.group(2);
        List<Problem> problems = new ArrayList<>();
        if (root != null && !(root instanceof YMap)) {
            throw ConfigException.at(file, root.location().line(), 1, "prompty front matter must be a mapping", null);
        }
        YMap front = root == null ? new YMap(dev.llmops.yaml.YLocation.unknown(file), Map.of(), Map.of()) : (YMap) root;
        String defaultName = file.getFileName().toString().replaceFirst("\\.prompty$", "");
        String name = text(front.get("name"), defaultName);

        YMap model = front.get("model") instanceof YMap mm ? mm : null;
        LlmApi api = LlmApi.CHAT;
        Map<String, Object> parameters = new LinkedHashMap<>();
        PromptyModel config = new PromptyModel("azure_openai", null, Map.of());
        Prompty.Response response = Prompty.Response.FIRST;
        if (model != null) {
            String apiText = text(model.get("api"), "chat").toLowerCase(Locale.ROOT);
            switch (apiText) {
                case "chat" -> api = LlmApi.CHAT;
                case "completion" -> api = LlmApi.COMPLETION;
                default ->
                    problems.add(problem(
                            model.get("api"),
                            "model.api '" + apiText + "' is not supported",
                            "use chat or completion"));
            }
            if (model.get("parameters") instanceof YMap p) {
                if (resolveFiles(file, p.toPlain(), problems, p) instanceof Map<?, ?> resolved) {
                    resolved.forEach((k, v) -> parameters.put(String.valueOf(k), v));
                }
            }
            if (model.get("configuration") instanceof YMap c) {
                config = configuration(c, problems);
            } else if (model.has("configuration")) {
                problems.add(problem(model.get("configuration"), "model.configuration must be a mapping", null));
            }
            String resp = text(model.get("response"), "first").toLowerCase(Locale.ROOT);
            switch (resp) {
                case "first" -> response = Prompty.Response.FIRST;
                case "all" -> response = Prompty.Response.ALL;
                default ->
                    problems.add(problem(
                            model.get("response"),
                            "model.response '" + resp + "' is not supported",
                            "use first or all"));
            }
        }
        Map<String, FlowInput> inputs = new LinkedHashMap<>();
        if (front.get("inputs") instanceof YMap in) {
            in.entries().forEach((k, v) -> inputs.put(k, input(file, k, v, problems)));
        }
        Map<String, Object> sample = new LinkedHashMap<>();
        YNode sampleNode = front.get("sample");
        if (sampleNode != null && !(sampleNode instanceof YScalar s && s.isNull())) {
            Object resolved = resolveFiles(file, sampleNode.toPlain(), problems, sampleNode);
            if (resolved instanceof Map<?, ?> map) {
                map.forEach((k, v) -> sample.put(String.valueOf(k), v));
            } else {
                problems.add(
                        problem(sampleNode, "sample must be a mapping of input values (or ${file:sample.json})", null));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new Prompty(name, file, api, config, parameters, inputs, sample, body, response);
    }

    private PromptyModel configuration(YMap c, List<Problem> problems) {
        String type = text(c.get("type"), "azure_openai").toLowerCase(Locale.ROOT);
        if (!type.equals("azure_openai") && !type.equals("openai")) {
            problems.add(problem(
                    c.get("type"),
                    "model.configuration.type '" + type + "' is not supported",
                    "use azure_openai or openai"));
        }
        Map<String, String> props = new LinkedHashMap<>();
        String connection = null;
        for (Map.Entry<String, YNode> e : c.entries().entrySet()) {
            if (e.getKey().equals("type")) {
                continue;
            }
            if (!(e.getValue() instanceof YScalar s)) {
                problems.add(
                        problem(e.getValue(), "model.configuration." + e.getKey() + " must be a single value", null));
                continue;
            }
            if (e.getKey().equals("connection")) {
                connection = s.asText();
            } else if (!s.isNull()) {
                props.put(e.getKey(), s.asText());
            }
        }
        return new PromptyModel(type, connection, props);
    }

    private static FlowInput input(Path file, String name, YNode v, List<Problem> problems) {
        if (v instanceof YMap m && (m.has("type") || m.has("default") || m.has("description"))) {
            String typeText = text(m.get("type"), "string");
            InputType type = InputType.fromYaml(typeText).orElse(null);
            if (type == null) {
                problems.add(problem(
                        m.get("type"),
                        "input '" + name + "' has unknown type '" + typeText + "'",
                        "use string, int, double, bool, list or object"));
                type = InputType.STRING;
            }
            boolean hasDefault = m.has("default");
            return new FlowInput(
                    name,
                    type,
                    hasDefault ? m.get("default").toPlain() : null,
                    hasDefault,
                    text(m.get("description"), null),
                    bool(m.get("is_chat_input")),
                    bool(m.get("is_chat_history")));
        }
        // Short form 'name: value' declares a string input with that default.
        Object value = v.toPlain();
        return new FlowInput(
                name,
                value instanceof List<?>
                        ? InputType.LIST
                        : value instanceof Map<?, ?> ? InputType.OBJECT : InputType.STRING,
                value,
                value != null,
                null,
                false,
                false);
    }

    /** Replaces every {@code ${file:path}} string with the file's content: JSON or YAML parsed, else text. */
    private Object resolveFiles(Path file, Object value, List<Problem> problems, YNode at) {
        return switch (value) {
            case String s -> {
                Matcher fm = FILE_REF.matcher(s.strip());
                yield fm.matches() ? readReferenced(file, fm.group(1).strip(), problems, at) : s;
            }
            case Map<?, ?> map -> {
                Map<String, Object> out = new LinkedHashMap<>();
                map.forEach((k, v) -> out.put(String.valueOf(k), resolveFiles(file, v, problems, at)));
                yield out;
            }
            case List<?> list -> {
                List<Object> out = new ArrayList<>();
                list.forEach(v -> out.add(resolveFiles(file, v, problems, at)));
                yield out;
            }
            case null, default -> value;
        };
    }

    private Object readReferenced(Path prompty, String ref, List<Problem> problems, YNode at) {
        Path target = prompty.toAbsolutePath().getParent().resolve(ref).normalize();
        String content;
        try {
            content = Files.readString(target, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(problem(
                    at,
                    "${file:" + ref + "} cannot be read: " + target + " does not exist or is unreadable",
                    "the path is relative to the prompty's folder"));
            return null;
        }
        String lower = ref.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".json")) {
            try {
                return json.readValue(content, Object.class);
            } catch (JsonProcessingException e) {
                problems.add(problem(at, "${file:" + ref + "} is not valid JSON: " + e.getOriginalMessage(), null));
                return null;
            }
        }
        if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
            return YamlReader.parse(target, content).map(YNode::toPlain).orElse(null);
        }
        return content;
    }

    private static String text(YNode node, String fallback) {
        return node instanceof YScalar s && !s.isNull() ? s.asText() : fallback;
    }

    private static boolean bool(YNode node) {
        return node instanceof YScalar s && Boolean.TRUE.equals(s.value());
    }

    private static Problem problem(YNode at, String message, String hint) {
        return Problem.error(
                at.location().file(), at.location().line(), at.location().column(), message, hint);
    }
}
