package dev.llmops.flow.flex;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.error.ConfigException;
import dev.llmops.error.Problem;
import dev.llmops.flow.FlexNode;
import dev.llmops.flow.Flow;
import dev.llmops.flow.FlowInput;
import dev.llmops.flow.FlowOutput;
import dev.llmops.flow.InputType;
import dev.llmops.flow.ValueRef;
import dev.llmops.yaml.YLocation;
import dev.llmops.yaml.YNode;
import dev.llmops.yaml.YNode.YMap;
import dev.llmops.yaml.YNode.YScalar;
import dev.llmops.yaml.YamlReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a {@code flow.flex.yaml} into a {@link Flow} with one {@link FlexNode}. The entry module is read (not run)
 * to find the symbol, its kind and, when the file declares no inputs, its parameters. Every problem names the
 * file and line.
 */
public final class FlexFlowParser {

    private static final Pattern ENTRY = Pattern.compile("^([A-Za-z_][\\w.]*):([A-Za-z_]\\w*)$");
    private static final Pattern FILE_REF = Pattern.compile("^\\$\\{file:(.+)}$");

    private final Path file;
    private final Path dir;
    private final List<Problem> problems = new ArrayList<>();

    public FlexFlowParser(Path file) {
        this.file = file.toAbsolutePath().normalize();
        this.dir = this.file.getParent();
    }

    public Flow parse() {
        YNode root = YamlReader.read(file)
                .orElseThrow(() -> ConfigException.at(
                        file, 0, 0, "flow file is empty", "add entry: <module>:<function or class>"));
        if (!(root instanceof YMap map)) {
            throw ConfigException.at(
                    file, root.location().line(), root.location().column(), "a flow must be a YAML mapping", null);
        }
        YLocation entryAt = map.has("entry") ? map.get("entry").location() : map.location();
        String entryText = text(map.get("entry"));
        if (entryText == null) {
            throw ConfigException.at(
                    file,
                    entryAt.line(),
                    entryAt.column(),
                    "a flex flow needs 'entry'",
                    "add entry: <module>:<function or class>, e.g. entry: flow:ChatFlow");
        }
        Matcher m = ENTRY.matcher(entryText.strip());
        if (!m.matches()) {
            throw ConfigException.at(
                    file,
                    entryAt.line(),
                    entryAt.column(),
                    "entry '" + entryText + "' is not <module>:<function or class>",
                    "write it as entry: my_module:my_function (the module is my_module.py beside this file)");
        }
        String module = m.group(1);
        String symbol = m.group(2);
        FlexEntry.Language language = language(map, module);
        Optional<PythonSource.Shape> shape =
                language == FlexEntry.Language.PYTHON ? pythonShape(module, symbol, entryAt) : Optional.empty();
        FlexEntry.Kind kind = shape.map(PythonSource.Shape::kind).orElse(FlexEntry.Kind.CLASS);
        Map<String, FlowInput> inputs = inputs(map.get("inputs"));
        if (!map.has("inputs") && shape.isPresent()) {
            // As in Prompt Flow, the signature is the truth when the file declares no inputs.
            shape.get().call().forEach(p -> inputs.put(p.name(), scraped(p)));
        }
        Map<String, FlexEntry.InitParam> init = init(map.get("init"));
        if (!map.has("init") && shape.isPresent()) {
            shape.get()
                    .init()
                    .forEach(p -> init.put(
                            p.name(),
                            new FlexEntry.InitParam(
                                    p.name(), p.annotation(), PythonSource.literal(p.defaultText()), p.hasDefault())));
        }
        Map<String, Object> sampleInputs = new LinkedHashMap<>();
        Map<String, Object> sampleInit = new LinkedHashMap<>();
        sample(map.get("sample"), sampleInputs, sampleInit);
        Optional<String> requirements = Optional.empty();
        if (map.get("environment") instanceof YMap env) {
            requirements = Optional.ofNullable(text(env.get("python_requirements_txt")));
        }
        Map<String, String> environment = new LinkedHashMap<>();
        if (map.get("environment_variables") instanceof YMap ev) {
            ev.entries().forEach((k, v) -> environment.put(k, v.toPlain() == null ? "" : String.valueOf(v.toPlain())));
        }
        FlexEntry entry = new FlexEntry(
                dir,
                file,
                module,
                symbol,
                language,
                kind,
                shape.map(PythonSource.Shape::hasAggregate).orElse(language == FlexEntry.Language.JAVA),
                init,
                sampleInputs,
                sampleInit,
                requirements,
                outputLocations(map.get("outputs")));
        Map<String, ValueRef> nodeInputs = new LinkedHashMap<>();
        inputs.keySet().forEach(k -> nodeInputs.put(k, new ValueRef.InputRef(k, List.of())));
        FlexNode node = new FlexNode(symbol, nodeInputs, entryAt, entry);
        Map<String, FlowOutput> outputs = outputs(map.get("outputs"), symbol);
        if (problems.stream().anyMatch(Problem::isError)) {
            throw new ConfigException(problems);
        }
        return new Flow(
                dir.getFileName() == null ? "flow" : dir.getFileName().toString(),
                dir,
                file,
                inputs,
                outputs,
                List.of(node),
                Map.of(),
                Map.of(),
                environment);
    }

    private FlexEntry.Language language(YMap map, String module) {
        String declared = text(map.get("language"));
        if (declared != null) {
            if (declared.equalsIgnoreCase("java")) {
                return FlexEntry.Language.JAVA;
            }
            if (declared.equalsIgnoreCase("python")) {
                return FlexEntry.Language.PYTHON;
            }
            YLocation at = map.get("language").location();
            problems.add(Problem.error(
                    file, at.line(), at.column(), "unknown language '" + declared + "'", "use python or java"));
        }
        boolean java = Files.isRegularFile(dir.resolve(module + ".java"))
                && !Files.isRegularFile(dir.resolve(module.replace('.', '/') + ".py"));
        return java ? FlexEntry.Language.JAVA : FlexEntry.Language.PYTHON;
    }

    private Optional<PythonSource.Shape> pythonShape(String module, String symbol, YLocation entryAt) {
        String relative = module.replace('.', '/');
        Path source = dir.resolve(relative + ".py");
        if (!Files.isRegularFile(source)) {
            Path pkg = dir.resolve(relative).resolve("__init__.py");
            if (!Files.isRegularFile(pkg)) {
                problems.add(Problem.error(
                        file,
                        entryAt.line(),
                        entryAt.column(),
                        "entry module '" + module + "' not found: no " + relative + ".py in " + dir,
                        "fix the module part of entry, or add " + relative + ".py beside the flow file"));
                return Optional.empty();
            }
            source = pkg;
        }
        String text;
        try {
            text = Files.readString(source);
        } catch (IOException e) {
            problems.add(Problem.error(source, 0, 0, "cannot read the entry module: " + e.getMessage(), null));
            return Optional.empty();
        }
        Optional<PythonSource.Shape> shape = PythonSource.find(text, symbol);
        boolean imported = Pattern.compile(
                        "^\\s*(from\\s+\\S+\\s+)?import\\s+.*\\b" + Pattern.quote(symbol) + "\\b|^\\s*"
                                + Pattern.quote(symbol) + "\\s*=",
                        Pattern.MULTILINE)
                .matcher(text)
                .find();
        if (shape.isEmpty() && !imported) {
            problems.add(Problem.error(
                    file,
                    entryAt.line(),
                    entryAt.column(),
                    "entry '" + symbol + "' not found in " + dir.relativize(source),
                    "define def " + symbol + "(...) or class " + symbol + " there, or fix the entry"));
        } else if (shape.isEmpty()) {
            // Imported or assigned there: the worker's import decides when the flow runs or is validated.
            return Optional.empty();
        }
        return shape;
    }

    private static FlowInput scraped(PythonSource.Param p) {
        InputType type =
                InputType.fromYaml(PythonSource.inputType(p.annotation())).orElse(InputType.STRING);
        return new FlowInput(p.name(), type, PythonSource.literal(p.defaultText()), p.hasDefault(), null, false, false);
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
            String typeText = def instanceof YMap m ? text(m.get("type")) : null;
            InputType type =
                    InputType.fromYaml(typeText == null ? "string" : typeText).orElse(null);
            if (type == null) {
                problems.add(at(
                        def.location(),
                        "input '" + name + "' has unknown type '" + typeText + "'",
                        "use string, int, double, bool, list or object"));
                return;
            }
            boolean hasDefault = def instanceof YMap m && m.has("default");
            Object value = hasDefault ? ((YMap) def).get("default").toPlain() : null;
            if (type != InputType.STRING && "".equals(value)) {
                value = null; // Prompt Flow reads default: '' on a non-string input as None
            }
            out.put(
                    name,
                    new FlowInput(
                            name,
                            type,
                            value,
                            hasDefault,
                            def instanceof YMap m ? text(m.get("description")) : null,
                            false,
                            false));
        });
        return out;
    }

    private Map<String, FlowOutput> outputs(YNode node, String nodeName) {
        Map<String, FlowOutput> out = new LinkedHashMap<>();
        if (node instanceof YMap map) {
            map.entries()
                    .forEach((name, def) -> out.put(
                            name,
                            new FlowOutput(
                                    name,
                                    def instanceof YMap m ? text(m.get("type")) : null,
                                    new ValueRef.NodeRef(nodeName, List.of(name)),
                                    false)));
        } else if (node != null && !(node instanceof YScalar s && s.isNull())) {
            problems.add(at(node.location(), "'outputs' must be a mapping of output name to {type}", null));
        }
        return out;
    }

    private static Map<String, YLocation> outputLocations(YNode node) {
        Map<String, YLocation> out = new LinkedHashMap<>();
        if (node instanceof YMap map) {
            map.entries().keySet().forEach(name -> out.put(name, map.locationOf(name)));
        }
        return out;
    }

    private Map<String, FlexEntry.InitParam> init(YNode node) {
        Map<String, FlexEntry.InitParam> out = new LinkedHashMap<>();
        if (node == null || node instanceof YScalar s && s.isNull()) {
            return out;
        }
        if (!(node instanceof YMap map)) {
            problems.add(at(node.location(), "'init' must be a mapping of parameter name to {type, default}", null));
            return out;
        }
        map.entries().forEach((name, def) -> {
            if (def instanceof YMap m) {
                out.put(
                        name,
                        new FlexEntry.InitParam(
                                name,
                                text(m.get("type")),
                                m.has("default") ? m.get("default").toPlain() : null,
                                m.has("default")));
            } else {
                problems.add(at(
                        def.location(),
                        "init parameter '" + name + "' must be a mapping with a 'type'",
                        "e.g. " + name + ": {type: int, default: 4096}"));
            }
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    private void sample(YNode node, Map<String, Object> inputs, Map<String, Object> init) {
        if (node == null || node instanceof YScalar s && s.isNull()) {
            return;
        }
        Object plain = node.toPlain();
        if (plain instanceof String text) {
            plain = fileRef(text, node.location());
        }
        if (!(plain instanceof Map<?, ?> sample)) {
            problems.add(at(node.location(), "'sample' must be a mapping with inputs and init", null));
            return;
        }
        Object in = sample.get("inputs");
        Object ini = sample.get("init");
        if (in instanceof String t) {
            in = fileRef(t, node.location());
        }
        if (ini instanceof String t) {
            ini = fileRef(t, node.location());
        }
        if (in instanceof Map<?, ?> mi) {
            inputs.putAll((Map<String, Object>) mi);
        }
        if (ini instanceof Map<?, ?> mi) {
            init.putAll((Map<String, Object>) mi);
        }
        if (!sample.containsKey("inputs") && !sample.containsKey("init")) {
            inputs.putAll((Map<String, Object>) sample);
        }
    }

    private Object fileRef(String text, YLocation at) {
        Matcher m = FILE_REF.matcher(text.strip());
        if (!m.matches()) {
            return text;
        }
        Path referenced = dir.resolve(m.group(1).strip()).normalize();
        try {
            return new ObjectMapper().readValue(referenced.toFile(), Object.class);
        } catch (IOException e) {
            problems.add(at(at, "cannot read " + text + ": " + e.getMessage(), "give a JSON file beside the flow"));
            return null;
        }
    }

    private Problem at(YLocation loc, String message, String hint) {
        return Problem.error(file, loc.line(), loc.column(), message, hint);
    }

    private static String text(YNode node) {
        return node instanceof YScalar s && !s.isNull() ? s.asText() : null;
    }
}
